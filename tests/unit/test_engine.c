/*
 * The engine without containers, stopped at chosen events: the real
 * engine_run() over the local transport, with the fake driver and the
 * fault points of tests/unit/engine_fakes.h. A "kill" is a forked child
 * running the engine that a fault point SIGKILLs at a chosen event; the
 * parent then resumes. Nothing waits for a timer: faults fire at events.
 *
 * Every killed, interrupted or stopped run must resume to what a run
 * without faults gives: the journal of the run until the fault, then
 * run-resumed and the events of every entry not recorded, in plan order;
 * samples.csv and plan.tsv byte for byte those of the run without faults.
 */
#include "orchestrator/engine/journal.h"
#include "tests/unit/engine_checks.h"
#include "tests/unit/engine_fakes.h"
#include "tests/unit/engine_run.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Two cells in a row: `ok` twice, then `bad`, which fails each attempt and its retry. */
static const char base_yaml[] =
	"name: engine\n"
	"seed: 7\n"
	"repetitions: 2\n"
	"order: sequential\n"
	"retries: 1\n"
	"retry_backoff: 10s\n"
	"metrics: [performance]\n"
	"runtimes:\n"
	"  - {name: fake, driver: fake}\n"
	"applications:\n"
	"  - {name: ok, workload: command, params: {command: \"echo 42\"}}\n"
	"  - {name: bad, workload: command,\n"
	"     params: {command: \"echo oops >&2; exit 3\"}}\n";
static char *base; /* its path */
#define BASE_FAILED 2

/* The run of `base` without faults. */
static struct {
	struct strvec journal;
	struct strbuf samples, plan;
} ref = {STRVEC_INIT, STRBUF_INIT, STRBUF_INIT};

/* ---- stopping the engine ---- */

/*
 * Run (yaml set) or resume (yaml NULL) in a child with the faults armed
 * now, which are disarmed here; the signal that ended the child, 0 if none.
 */
static int child_signal(const char *yaml, const char *dir)
{
	struct engine_result r;
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		if (yaml)
			run_new(yaml, dir, &r);
		else
			run_resume(dir, &r);
		_exit(0);
	}
	fault_disarm();
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* child_signal() with one fault; 1 when the fault killed the child there. */
static int killed(const char *point, int nth, enum fault_action action, const char *yaml,
		  const char *dir)
{
	fault_arm(point, nth, action);
	return child_signal(yaml, dir) == SIGKILL;
}

/* ---- what a resumed run must look like ---- */

/* The journal a resume must leave after `prefix`, what the run had recorded. */
static void expect_resumed(const struct strvec *prefix, struct strbuf *out)
{
	char recorded[64] = {0}; /* by plan order */

	for (size_t i = 0; i < prefix->nr; i++) {
		token_add(out, prefix->v[i]);
		if (token_records(prefix->v[i]))
			recorded[token_order(prefix->v[i])] = 1;
	}
	token_add(out, "run-resumed");
	for (size_t i = 0; i < ref.journal.nr; i++)
		if (token_order(ref.journal.v[i]) && !recorded[token_order(ref.journal.v[i])])
			token_add(out, ref.journal.v[i]);
	token_add(out, "run-finished");
}

/* After the resume (ret, r) of a run of `base` that had recorded `prefix`. */
static void check_resumed(const char *label, const char *dir, const struct strvec *prefix, int ret,
			  const struct engine_result *r)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT, text = STRBUF_INIT;
	int torn;

	CHECK(ret == 0 && !r->stopped && !r->interrupted && r->remaining == 0 &&
		      r->failed == BASE_FAILED,
	      "%s: the resume completes the run (%d entries failed, none left)", label,
	      BASE_FAILED);
	expect_resumed(prefix, &want);
	journal_summary(dir, &got, &torn);
	check_same(label, "the journal: what was recorded, then each entry left, once", got.buf,
		   want.buf);
	CHECK(!torn, "%s: no torn line is left in the journal", label);
	run_file(dir, "samples.csv", &text);
	check_same(label, "samples.csv as without the fault", text.buf, ref.samples.buf);
	strbuf_reset(&text);
	run_file(dir, "plan.tsv", &text);
	check_same(label, "plan.tsv as without the fault", text.buf, ref.plan.buf);
	CHECK(!stray_files(dir), "%s: no temp file or staging directory is left", label);
	CHECK(!scratch_left(dir), "%s: the host's scratch area is removed", label);
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&text);
}

/* The reference journal's first `n` tokens, then `extra` if set. */
static void ref_head(size_t n, const char *extra, struct strbuf *out)
{
	tokens_head(&ref.journal, n, out);
	if (extra)
		token_add(out, extra);
}

/*
 * The journal the stopped run left in DIR must be `want`, whole lines;
 * then `crbench resume` must complete the run. Returns whether the journal
 * ended in a torn line before the resume.
 */
static int check_stopped_then_resume(const char *label, const char *dir, const char *want)
{
	struct strvec prefix = STRVEC_INIT;
	struct strbuf got = STRBUF_INIT;
	struct engine_result r;
	int torn, ret;

	journal_tokens(dir, &prefix, &torn);
	tokens_head(&prefix, prefix.nr, &got);
	check_same(label, "the journal holds what was recorded until it stopped", got.buf, want);
	ret = run_resume(dir, &r);
	check_resumed(label, dir, &prefix, ret, &r);
	strvec_clear(&prefix);
	strbuf_release(&got);
	return torn;
}

/* ---- the reference run ---- */

static void test_reference(void)
{
	char *dir = case_dir("reference");
	struct engine_result r;
	struct strbuf got = STRBUF_INIT;
	int ret = run_new(base, dir, &r), torn;

	CHECK(ret == 0 && !r.stopped && !r.interrupted && r.remaining == 0 &&
		      r.failed == BASE_FAILED,
	      "reference: the run ends with %d failed entries", BASE_FAILED);
	journal_summary(dir, &got, &torn);
	check_same("reference", "journal: each attempt, retries, failures, in plan order", got.buf,
		   "run-started started:1@1 finished:1@1 started:2@1 finished:2@1 started:3@1 "
		   "retry:3@1 started:3@2 failed:3@2 started:4@1 retry:4@1 started:4@2 "
		   "failed:4@2 run-finished");
	journal_tokens(dir, &ref.journal, &torn);
	run_file(dir, "samples.csv", &ref.samples);
	strbuf_reset(&got);
	samples_summary(ref.samples.buf, &got);
	check_same("reference", "samples.csv: a row per entry, failed ones too", got.buf,
		   "ok:1:42:ok ok:2:42:ok bad:1::exit-3 bad:2::exit-3");
	run_file(dir, "plan.tsv", &ref.plan);
	strbuf_reset(&got);
	plan_summary(dir, &got);
	check_same("reference", "plan.tsv: sequential, declaration order", got.buf,
		   "ok:1:measure ok:2:measure bad:1:measure bad:2:measure");
	CHECK(!scratch_left(dir), "reference: the host's scratch area is removed");
	strbuf_release(&got);
	free(dir);
}

/* ---- kills ---- */

struct fault_case {
	const char *point;
	int nth;
	size_t prefix; /* the whole lines the fault leaves: the reference journal's first ones */
	const char *aside; /* the stopped attempt's work the resume keeps, in raw/<bad cell>/ */
};

/*
 * Around every kind of event of the reference journal (its line numbers
 * from 0: run-started 0, started:1@1 1, finished:1@1 2, ..., started:3@1
 * 5, retry:3@1 6, ..., failed:3@2 8, ..., run-finished 13), the first
 * samples.csv write (after finished:1@1) and the container run of entry 3.
 */
static const struct fault_case kill_cases[] = {
	{"before:run-started", 1, 0, NULL},   {"after:run-started", 1, 1, NULL},
	{"before:started", 1, 1, NULL},	      {"after:started", 1, 2, NULL},
	{"before:finished", 1, 2, NULL},      {"after:finished", 1, 3, NULL},
	{"before:samples", 1, 3, NULL},	      {"after:samples", 1, 3, NULL},
	{"run", 3, 6, "1.partial-1"},	      {"before:retry", 1, 6, NULL},
	{"after:retry", 1, 7, "1.partial-1"}, {"before:failed", 1, 8, NULL},
	{"after:failed", 1, 9, NULL},	      {"before:run-finished", 1, 13, NULL},
	{"after:run-finished", 1, 14, NULL},
};

/* A journal event cut in half by the kill: it never counted, and its entry is redone. */
static const struct fault_case tear_cases[] = {
	{"after:run-started", 1, 0, NULL},
	{"after:started", 2, 3, NULL},
	{"after:finished", 2, 4, NULL},
	{"after:failed", 1, 8, NULL},
};

/* What the killed run left that the journal does not show. */
static void check_left_behind(const char *label, const char *dir, const struct fault_case *c)
{
	struct strbuf text = STRBUF_INIT, want = STRBUF_INIT;

	if (!strcmp(c->point, "before:samples")) {
		run_file(dir, "samples.csv", &text);
		CHECK(!text.len, "%s: samples.csv is not written yet", label);
	} else if (!strcmp(c->point, "after:samples")) {
		run_file(dir, "samples.csv", &text);
		text_head(ref.samples.buf, 2, &want);
		check_same(label, "samples.csv holds the one entry recorded", text.buf, want.buf);
	}
	strbuf_release(&text);
	strbuf_release(&want);
}

/* The stopped attempt's work, kept aside by the resume where there was some. */
static void check_set_aside(const char *label, const char *dir, const struct fault_case *c)
{
	struct strbuf path = STRBUF_INIT;

	if (c->aside) {
		strbuf_addf(&path, "%s/raw/%s/%s/entry.json", dir, cell_name(dir, "bad"), c->aside);
		CHECK(file_exists(path.buf), "%s: the stopped attempt is kept as %s", label,
		      c->aside);
	}
	strbuf_release(&path);
}

static void test_fault_case(const char *kind, const struct fault_case *c, int i,
			    enum fault_action action)
{
	struct strbuf label = STRBUF_INIT, name = STRBUF_INIT, want = STRBUF_INIT;
	char *dir;
	int torn;

	strbuf_addf(&label, "%s at %s#%d", kind, c->point, c->nth);
	strbuf_addf(&name, "%s-%d", kind, i);
	dir = case_dir(name.buf);
	CHECK(killed(c->point, c->nth, action, base, dir), "%s: the run is killed there",
	      label.buf);
	check_left_behind(label.buf, dir, c);
	ref_head(c->prefix, NULL, &want);
	torn = check_stopped_then_resume(label.buf, dir, want.buf);
	CHECK(torn == (action == FAULT_TEAR), "%s: the killed run's last line was %s", label.buf,
	      action == FAULT_TEAR ? "torn" : "whole");
	check_set_aside(label.buf, dir, c);
	strbuf_release(&label);
	strbuf_release(&name);
	strbuf_release(&want);
	free(dir);
}

static void test_kills(void)
{
	for (size_t i = 0; i < sizeof(kill_cases) / sizeof(*kill_cases); i++)
		test_fault_case("kill", &kill_cases[i], (int)i, FAULT_KILL);
	for (size_t i = 0; i < sizeof(tear_cases) / sizeof(*tear_cases); i++)
		test_fault_case("tear", &tear_cases[i], (int)i, FAULT_TEAR);
}

/* Where the resume of a run killed after finished:1@1 is killed in turn; the journal then. */
static const struct {
	const char *point, *journal;
} resume_kills[] = {
	{"before:run-resumed", "run-started started:1@1 finished:1@1"},
	{"after:run-resumed", "run-started started:1@1 finished:1@1 run-resumed"},
	{"after:started", "run-started started:1@1 finished:1@1 run-resumed started:2@1"},
};

/* A resume killed in turn is resumed like any run. */
static void test_kill_during_resume(int i)
{
	struct strbuf label = STRBUF_INIT, name = STRBUF_INIT;
	char *dir;

	strbuf_addf(&label, "kill during a resume at %s", resume_kills[i].point);
	strbuf_addf(&name, "kill-resume-%d", i);
	dir = case_dir(name.buf);
	CHECK(killed("after:finished", 1, FAULT_KILL, base, dir) &&
		      killed(resume_kills[i].point, 1, FAULT_KILL, NULL, dir),
	      "%s: the run and then its resume are killed", label.buf);
	check_stopped_then_resume(label.buf, dir, resume_kills[i].journal);
	strbuf_release(&label);
	strbuf_release(&name);
	free(dir);
}

/*
 * Killed while the run directory is made (plan.tsv is written into the
 * staging directory beside it): there is no run directory to resume, and
 * the same -o can be run again.
 */
static void test_kill_before_commit(void)
{
	const char *label = "kill before the run directory is complete";
	char *dir = case_dir("kill-staging");
	struct strbuf got = STRBUF_INIT;
	struct engine_result r;
	int ret;

	CHECK(killed("write:plan.tsv", 1, FAULT_KILL, base, dir), "%s: the run is killed there",
	      label);
	CHECK(!file_exists(dir), "%s: the run directory does not exist", label);
	CHECK(run_resume(dir, &r) == -2, "%s: resume refuses it", label);
	ret = run_new(base, dir, &r);
	CHECK(ret == 0 && r.remaining == 0 && r.failed == BASE_FAILED,
	      "%s: the same run directory can be run anew", label);
	run_file(dir, "samples.csv", &got);
	check_same(label, "samples.csv as without the fault", got.buf, ref.samples.buf);
	strbuf_release(&got);
	free(dir);
}

/* ---- Ctrl-C ---- */

struct interrupt_case {
	struct fault_case at;
	const char *event; /* what the engine journals about it, if anything */
	size_t remaining;
};

/* In a container run, during a retry's back-off, and between two entries. */
static const struct interrupt_case interrupt_cases[] = {
	{{"run", 3, 6, "1.partial-1"}, "interrupted:3@1", 2},
	/* the failed attempt was set aside before the back-off, as 1.attempt-1 */
	{{"after:retry", 1, 7, "1.attempt-2"}, NULL, 2},
	{{"after:finished", 1, 3, NULL}, NULL, 3},
};

static void test_interrupt(const struct interrupt_case *c, int i)
{
	struct strbuf label = STRBUF_INIT, name = STRBUF_INIT, want = STRBUF_INIT;
	struct engine_result r;
	char *dir;
	int ret;

	strbuf_addf(&label, "Ctrl-C at %s#%d", c->at.point, c->at.nth);
	strbuf_addf(&name, "interrupt-%d", i);
	dir = case_dir(name.buf);
	fault_arm(c->at.point, c->at.nth, FAULT_INTERRUPT);
	ret = run_new(base, dir, &r);
	fault_disarm();
	CHECK(ret == 0 && r.interrupted && !r.stopped && r.remaining == c->remaining,
	      "%s: the run stops, interrupted, with %zu entries left", label.buf, c->remaining);
	interrupt_requested = 0; /* as a new `crbench resume` process starts */
	ref_head(c->at.prefix, c->event, &want);
	check_stopped_then_resume(label.buf, dir, want.buf);
	check_set_aside(label.buf, dir, &c->at);
	strbuf_release(&label);
	strbuf_release(&name);
	strbuf_release(&want);
	free(dir);
}

/* A second Ctrl-C (here right after the first is journaled) ends crbench at once, resumably. */
static void test_second_interrupt(void)
{
	const char *label = "a second Ctrl-C";
	char *dir = case_dir("interrupt-twice");
	struct strbuf want = STRBUF_INIT;

	fault_arm("run", 3, FAULT_INTERRUPT);
	fault_arm("after:interrupted", 1, FAULT_INTERRUPT);
	CHECK(child_signal(base, dir) == SIGINT, "%s: ends crbench by SIGINT", label);
	ref_head(6, "interrupted:3@1", &want);
	check_stopped_then_resume(label, dir, want.buf);
	strbuf_release(&want);
	free(dir);
}

/* ---- a full disk ---- */

/* run_new() with stderr in `err`. */
static int run_new_stderr(const char *yaml, const char *dir, struct engine_result *r,
			  struct strbuf *err)
{
	char *path = scratch_write(tmpdir, "stderr", "");
	int saved = dup(STDERR_FILENO), fd = open(path, O_WRONLY | O_CLOEXEC), ret;

	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	ret = run_new(yaml, dir, r);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	read_file(path, err, READ_LIMIT_DATA);
	unlink(path);
	free(path);
	return ret;
}

/*
 * The disk fills up after the second entry is recorded: whichever write
 * comes next fails (the journal's append keeps the half that fit), the
 * run stops and says why; once there is room, resume completes it.
 */
static void test_disk_full(void)
{
	const char *label = "disk full";
	char *dir = case_dir("disk-full");
	struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;
	struct journal_replay replay;
	struct engine_result r;
	int ret;

	fault_arm("after:finished", 2, FAULT_DISK_FULL);
	ret = run_new_stderr(base, dir, &r, &err);
	fault_disarm();
	disk_full = 0; /* room is made */
	CHECK(ret == -1 && r.stopped && !r.interrupted && r.remaining == 2,
	      "%s: the run stops with 2 entries left", label);
	CHECK(strstr(err.buf, "No space left on device") && strstr(err.buf, dir),
	      "%s: the error names the path and the cause", label);
	CHECK(journal_replay(dir, 4, 0, &replay) == 0, "%s: the journal is readable", label);
	journal_replay_free(&replay);
	ref_head(5, NULL, &want);
	check_stopped_then_resume(label, dir, want.buf);
	strbuf_release(&err);
	strbuf_release(&want);
	free(dir);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	base = scratch_write(tmpdir, "base.yaml", base_yaml);
	test_reference();
	test_kills();
	for (size_t i = 0; i < sizeof(resume_kills) / sizeof(*resume_kills); i++)
		test_kill_during_resume((int)i);
	test_kill_before_commit();
	for (size_t i = 0; i < sizeof(interrupt_cases) / sizeof(*interrupt_cases); i++)
		test_interrupt(&interrupt_cases[i], (int)i);
	test_second_interrupt();
	test_disk_full();
	remove_tree(tmpdir);
	free(base);
	strvec_clear(&ref.journal);
	strbuf_release(&ref.samples);
	strbuf_release(&ref.plan);
	return tap_done();
}
