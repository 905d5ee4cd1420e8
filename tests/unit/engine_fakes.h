#ifndef CRBENCH_TEST_ENGINE_FAKES_H
#define CRBENCH_TEST_ENGINE_FAKES_H

/*
 * What the engine's tests (test_engine.c, test_engine_plan.c) drive the
 * real engine with, so that no container, namespace or root is needed and
 * no fault races a timer:
 *
 * - a driver "fake" (registered through driver_table_for_tests(), see
 *   orchestrator/driver/table.c) whose run() starts no container: it runs
 *   the workload's argv on the host through the host's transport, with the
 *   step's timeout and Ctrl-C handling shared with the real drivers;
 * - fault points: named places the engine passes, where an armed fault
 *   fires at the nth pass: "before:EVENT" and "after:EVENT" around each
 *   journal event (run-started, started, finished, retry, failed, ...),
 *   "before:samples" and "after:samples" around each samples.csv write,
 *   "write:NAME" before any other file NAME of the run directory is written,
 *   "run" when the fake driver is asked to run a container;
 * - link-time wraps (-Wl,--wrap, see the Makefile) of the functions the
 *   engine calls to journal, to write and to wait, so the engine itself
 *   has no test branches: the fault points above, a full disk, and
 *   interrupt_sleep(), which records what the engine asked for (back-off,
 *   pause) and returns at once.
 *
 * A test uses one host, so the engine calls all of these from one thread
 * at a time.
 */
#include "common/error.h"
#include "common/fsutil.h"
#include "common/interrupt.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/driver/container.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/engine/rundir.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum fault_action {
	FAULT_KILL,	 /* SIGKILL: kill -9, the OOM killer */
	FAULT_TEAR,	 /* after a journal event: cut its line in half, then SIGKILL */
	FAULT_INTERRUPT, /* SIGINT: Ctrl-C, through the engine's own handler */
	FAULT_DISK_FULL, /* from now on every write fails with ENOSPC */
};

/* Up to two armed faults: a second Ctrl-C needs both. */
static struct fault {
	char point[48];
	int nth;
	enum fault_action action;
	int passes; /* of `point` so far */
} faults[2];
static int nr_faults;

/* Set by FAULT_DISK_FULL; the test clears it to "make room". */
static int disk_full;

/* What the engine passed to interrupt_sleep(), in order. */
static double sleeps[32];
static int nr_sleeps;

static inline void fault_arm(const char *point, int nth, enum fault_action action)
{
	struct fault *f = &faults[nr_faults++ % 2];

	snprintf(f->point, sizeof(f->point), "%s", point);
	f->nth = nth;
	f->action = action;
	f->passes = 0;
}

static inline void fault_disarm(void)
{
	nr_faults = 0;
}

/* The last line of `path` loses its second half, as if the write had been cut short. */
static inline void tear_last_line(const char *path)
{
	struct strbuf text = STRBUF_INIT;
	size_t start;

	if (read_file(path, &text, READ_LIMIT_DATA) == 0 && text.len > 1) {
		start = text.len - 1;
		while (start > 0 && text.buf[start - 1] != '\n')
			start--;
		if (truncate(path, (off_t)(start + (text.len - start) / 2)) < 0)
			perror(path);
	}
	strbuf_release(&text);
}

static inline void fault_fire(const struct fault *f, const char *journal)
{
	switch (f->action) {
	case FAULT_TEAR:
		if (journal)
			tear_last_line(journal);
		/* fall through */
	case FAULT_KILL:
		raise(SIGKILL);
		break;
	case FAULT_INTERRUPT:
		raise(SIGINT);
		break;
	case FAULT_DISK_FULL:
		disk_full = 1;
		break;
	}
}

/* The engine passes `point`; `journal` is journal.jsonl when the point follows its write. */
static inline void fault_point(const char *point, const char *journal)
{
	for (int i = 0; i < nr_faults && i < 2; i++)
		if (!strcmp(point, faults[i].point) && ++faults[i].passes == faults[i].nth)
			fault_fire(&faults[i], journal);
}

/* ---- the wraps (the Makefile links test_engine with -Wl,--wrap=NAME) ---- */

int __real_rundir_journal(const struct rundir *rd, json_t *event);
int __real_rundir_journal_unsynced(const struct rundir *rd, json_t *event);
int __real_rundir_write_durable(const struct rundir *rd, const char *rel, const void *data,
				size_t len);
int __real_write_file_replace(const char *path, const void *data, size_t len);
int __real_write_file_atomic(const char *path, const void *data, size_t len);
int __real_append_file_sync(const char *path, const void *data, size_t len);
int __real_append_file(const char *path, const void *data, size_t len);

/* A journal event, synced or not, between its before: and after: points. */
static inline int journal_between_points(const struct rundir *rd, json_t *event,
					 int (*journal)(const struct rundir *, json_t *))
{
	const char *name = json_string_value(json_object_get(event, "event"));
	struct strbuf point = STRBUF_INIT, path = STRBUF_INIT;
	int ret;

	strbuf_addf(&point, "before:%s", name);
	fault_point(point.buf, NULL);
	ret = journal(rd, event);
	strbuf_reset(&point);
	strbuf_addf(&point, "after:%s", name);
	strbuf_addf(&path, "%s/journal.jsonl", rd->path);
	fault_point(point.buf, path.buf);
	strbuf_release(&point);
	strbuf_release(&path);
	return ret;
}

int __wrap_rundir_journal(const struct rundir *rd, json_t *event)
{
	return journal_between_points(rd, event, __real_rundir_journal);
}

/* "started" is appended without a sync (engine.c): the same points. */
int __wrap_rundir_journal_unsynced(const struct rundir *rd, json_t *event)
{
	return journal_between_points(rd, event, __real_rundir_journal_unsynced);
}

/* The engine writes samples.csv, and nothing else, durably. */
int __wrap_rundir_write_durable(const struct rundir *rd, const char *rel, const void *data,
				size_t len)
{
	int ret;

	fault_point("before:samples", NULL);
	ret = __real_rundir_write_durable(rd, rel, data, len);
	fault_point("after:samples", NULL);
	return ret;
}

/* What a full disk answers, in the words of common/fsutil.c. */
static inline int no_space(const char *what, const char *path)
{
	errno = ENOSPC;
	return error_errno("cannot %s '%s'", what, path);
}

/* The run directory's files but samples.csv, and every raw/ file. */
int __wrap_write_file_replace(const char *path, const void *data, size_t len)
{
	struct strbuf point = STRBUF_INIT;
	const char *slash = strrchr(path, '/');

	strbuf_addf(&point, "write:%s", slash ? slash + 1 : path);
	fault_point(point.buf, NULL);
	strbuf_release(&point);
	return disk_full ? no_space("write", path) : __real_write_file_replace(path, data, len);
}

int __wrap_write_file_atomic(const char *path, const void *data, size_t len)
{
	return disk_full ? no_space("write", path) : __real_write_file_atomic(path, data, len);
}

/* A full disk takes the part of an append that still fits: a torn journal line. */
int __wrap_append_file_sync(const char *path, const void *data, size_t len)
{
	if (!disk_full)
		return __real_append_file_sync(path, data, len);
	__real_append_file_sync(path, data, len / 2);
	return no_space("append to", path);
}

int __wrap_append_file(const char *path, const void *data, size_t len)
{
	if (!disk_full)
		return __real_append_file(path, data, len);
	__real_append_file(path, data, len / 2);
	return no_space("append to", path);
}

int __wrap_interrupt_sleep(double seconds)
{
	if (nr_sleeps < (int)(sizeof(sleeps) / sizeof(*sleeps)))
		sleeps[nr_sleeps++] = seconds;
	return interrupt_requested ? -1 : 0;
}

/* ---- the driver ---- */

static inline int fake_run(struct container_run *run)
{
	struct strvec argv = STRVEC_INIT;
	int ret;

	fault_point("run", NULL);
	strvec_pushv(&argv, run->argv);
	ret = container_run_batch(run, &argv);
	strvec_clear(&argv);
	return ret;
}

static inline int fake_version(struct container_run *run, struct strbuf *out)
{
	(void)run;
	strbuf_addstr(out, "fake 1");
	return 0;
}

static const struct driver_ops driver_fake = {
	.name = "fake",
	.summary = "runs the workload's command on the host, without a container (tests)",
	.run = fake_run,
	.version = fake_version,
};

const struct driver_ops *const *driver_table_for_tests(void)
{
	static const struct driver_ops *const table[] = {&driver_fake, NULL};

	return table;
}

#endif
