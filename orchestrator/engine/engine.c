/*
 * The engine: executes a plan into a run directory, one worker per host
 * (cells of one host stay sequential so benchmarks do not disturb each
 * other). The journal is the truth: an entry counts as done only once its
 * "finished" or "failed" event is fsync'd, so a run killed at any instant
 * resumes without repeating or losing anything recorded. It never computes
 * statistics; it records what ran and what came out.
 */
#include "orchestrator/engine/engine.h"
#include "common/csv.h"
#include "common/digest.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/interrupt.h"
#include "common/samples.h"
#include "common/strvec.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/host/host.h"
#include "orchestrator/host/crbench.h"
#include "orchestrator/engine/facts.h"
#include "orchestrator/engine/journal.h"
#include "spec/matrix.h"
#include "spec/write.h"
#include "orchestrator/engine/progress.h"
#include "orchestrator/engine/repetition.h"
#include "orchestrator/engine/rundir.h"
#include "common/version.h"
#include "orchestrator/workload/workload.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* samples.csv is rewritten at most this often during a run (and always at its end). */
#define SAMPLES_REWRITE_SECONDS 2.0

struct engine {
	const struct experiment *exp;
	const struct matrix *m;
	struct rundir *rd; /* committed (renamed into place) once its fixed files are written */
	struct host_state *hosts;
	char prefix[32];
	pthread_mutex_t lock; /* journal, samples.csv, progress, the fields below */
	enum entry_state *state;
	char **rows;		/* per plan entry: its samples.csv rows once recorded */
	size_t *declared_order; /* plan indexes in samples.csv order */
	struct progress progress;
	int failed;
	_Atomic int write_failed; /* read by every worker without the lock */
	int damaged;		  /* resume found damage (DAMAGED_*): nothing may be written */
	double samples_written_at;
};

/* ---- samples.csv ---- */

/* Why one raw samples.csv line is not a row of entry `e`, or NULL when it is. */
static const char *bad_row(const struct plan_entry *e, const char *line, size_t len,
			   struct strvec *f, struct strbuf *why)
{
	const struct cell *c = e->cell;
	struct csv_reader r;
	char rep[16];

	snprintf(rep, sizeof(rep), "%d", (int)e->repetition);
	csv_reader_init(&r, line, len);
	if (memchr(line, '\0', len))
		return "NUL byte";
	if (memchr(line, '\r', len))
		return "carriage return";
	/* one record at most: the line holds no line end */
	if (csv_read_record(&r, f, why) != 1)
		return why->len ? why->buf : "not a CSV row";
	if (f->nr != SC_NCOLUMNS)
		return "not the 12 columns of samples.csv";
	if (strcmp(f->v[SC_HOST], c->host->name) ||
	    strcmp(f->v[SC_HOST_TYPE], c->host->host_type) ||
	    strcmp(f->v[SC_RUNTIME], c->rt->name) || strcmp(f->v[SC_APPLICATION], c->app->name) ||
	    strcmp(f->v[SC_VARIANT], c->variant) || strcmp(f->v[SC_REPETITION], rep))
		return "a row of another cell or repetition";
	return NULL;
}

/*
 * Every line of a raw samples.csv must be a whole row of its own entry:
 * resume copies them into the top-level samples.csv as they are.
 */
static int check_rows(const char *path, const struct plan_entry *e, const struct strbuf *text)
{
	struct strbuf why = STRBUF_INIT;
	struct strvec f = STRVEC_INIT;
	const char *bad = NULL;
	size_t pos = 0;
	int lineno = 0;

	while (!bad && pos < text->len) {
		const char *nl = memchr(text->buf + pos, '\n', text->len - pos);
		size_t end = nl ? (size_t)(nl - text->buf) : text->len;
		lineno++;
		bad = nl ? bad_row(e, text->buf + pos, end - pos, &f, &why)
			 : "no newline at its end";
		pos = end + 1;
	}
	if (bad)
		error("%s:%d: %s; the run directory is damaged, nothing was changed", path, lineno,
		      bad);
	strvec_clear(&f);
	strbuf_release(&why);
	return bad ? -1 : 0;
}

/* An entry's rows as its repetition wrote them, for entries recorded by an earlier session. */
static int load_rows(const struct rundir *rd, const struct plan_entry *e, char **rows)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&path, "%s/", rd->path);
	plan_entry_dir(&path, e);
	strbuf_addstr(&path, "/samples.csv");
	if (file_exists(path.buf))
		ret = read_file(path.buf, &text, READ_LIMIT_RECORDS);
	if (!ret)
		ret = check_rows(path.buf, e, &text);
	*rows = strbuf_detach(&text, NULL);
	strbuf_release(&path);
	return ret;
}

/*
 * samples.csv lists entries in declaration order (host, runtime,
 * application, variant; warm-up then measured repetitions) so analysis and
 * the report see groups in the order the experiment lists them.
 */
static size_t *declared_order(const struct matrix *m)
{
	size_t *order = xcalloc(m->nr_plan ? m->nr_plan : 1, sizeof(*order));
	size_t *first = xcalloc(m->nr_cells + 1, sizeof(*first));

	for (size_t i = 0; i < m->nr_plan; i++)
		first[m->plan[i].cell->index + 1]++;
	for (size_t c = 0; c < m->nr_cells; c++)
		first[c + 1] += first[c];
	for (size_t i = 0; i < m->nr_plan; i++) {
		const struct plan_entry *e = &m->plan[i];
		size_t slot = e->warmup ? (size_t)e->repetition - 1
					: (size_t)m->warmup + (size_t)e->repetition - 1;
		order[first[e->cell->index] + slot] = i;
	}
	free(first);
	return order;
}

/* The rows of every entry the journal calls done or failed; called under the lock. */
static int write_samples(struct engine *en)
{
	struct strbuf csv = STRBUF_INIT;
	int ret;

	strbuf_addstr(&csv, SAMPLES_HEADER "\n");
	for (size_t k = 0; k < en->m->nr_plan; k++) {
		const char *rows = en->rows[en->declared_order[k]];
		if (rows)
			strbuf_addstr(&csv, rows);
	}
	ret = rundir_write_durable(en->rd, "samples.csv", csv.buf, csv.len);
	strbuf_release(&csv);
	return ret;
}

static void maybe_write_samples(struct engine *en, int force)
{
	if (!force && mono_now() - en->samples_written_at < SAMPLES_REWRITE_SECONDS)
		return;
	if (write_samples(en) < 0)
		en->write_failed = 1;
	en->samples_written_at = mono_now();
}

/* ---- journal events ---- */

static int journal_entry(struct engine *en, const char *event, const struct plan_entry *e,
			 int attempt, const struct rep_outcome *o)
{
	json_t *ev = json_pack("{s:s, s:I, s:s, s:i, s:b, s:i}", "event", event, "order",
			       (json_int_t)e->order, "cell", e->cell->name, "repetition",
			       e->repetition, "warmup", e->warmup, "attempt", attempt);
	int ret;

	if (o) {
		json_object_set_new(ev, "status", json_string(o->status));
		json_object_set_new(ev, "seconds", json_real(o->seconds));
		json_object_set_new(ev, "step_seconds", json_real(o->step_seconds));
		if (strcmp(o->status, "ok")) {
			json_object_set_new(ev, "exit_status", json_integer(o->exit_status));
			json_object_set_new(ev, "detail", json_string(o->detail.buf));
		}
	}
	/* "started" is flushed by the rundir_sync() before the attempt's end */
	ret = strcmp(event, "started") ? rundir_journal(en->rd, ev)
				       : rundir_journal_unsynced(en->rd, ev);
	json_decref(ev);
	if (ret < 0)
		en->write_failed = 1;
	return ret;
}

static void journal_run_event(struct engine *en, const char *event)
{
	json_t *ev = json_pack("{s:s, s:i, s:s, s:s}", "event", event, "pid", (int)getpid(),
			       "crbench_version", CRBENCH_VERSION, "container_prefix", en->prefix);

	if (rundir_journal(en->rd, ev) < 0)
		en->write_failed = 1;
	json_decref(ev);
}

/* ---- one plan entry, with retries ---- */

static void set_attempt_aside(struct engine *en, const struct plan_entry *e)
{
	struct strbuf rel = STRBUF_INIT;

	plan_entry_dir(&rel, e);
	if (rundir_set_aside(en->rd, rel.buf, "attempt") < 0)
		en->write_failed = 1;
	strbuf_release(&rel);
}

/* Record an attempt's end; returns 1 when the entry needs no further attempt. */
static int record_attempt(struct engine *en, const struct plan_entry *e, int attempt,
			  const struct rep_outcome *o)
{
	int ok = !strcmp(o->status, "ok"), last = attempt > en->exp->retries;
	const char *event = ok ? "finished" : last ? "failed" : "retry";

	/* what the repetition wrote must be on disk before the journal says it counts */
	if (rundir_sync(en->rd) < 0)
		en->write_failed = 1;
	pthread_mutex_lock(&en->lock);
	if (!en->write_failed && journal_entry(en, event, e, attempt, o) == 0 && (ok || last)) {
		en->state[e->order - 1] = ok ? ENTRY_DONE : ENTRY_FAILED;
		en->rows[e->order - 1] = xstrdup(o->rows.buf);
		en->failed += !ok;
		maybe_write_samples(en, 0);
	}
	progress_finished(&en->progress, e, o->status, o->detail.buf, o->seconds, ok || last);
	pthread_mutex_unlock(&en->lock);
	return ok || last;
}

static void run_entry(struct engine *en, struct host_state *host, const struct plan_entry *e)
{
	for (int attempt = 1; !interrupt_requested && !en->write_failed; attempt++) {
		struct rep_outcome o = REP_OUTCOME_INIT;
		int done;

		pthread_mutex_lock(&en->lock);
		journal_entry(en, "started", e, attempt, NULL);
		progress_started(&en->progress, e, attempt);
		pthread_mutex_unlock(&en->lock);
		if (en->write_failed)
			break;
		if (repetition_run(en->exp, en->rd, host, e, attempt, en->prefix, &o) < 0)
			en->write_failed = 1;
		if (o.interrupted || en->write_failed) {
			pthread_mutex_lock(&en->lock);
			if (o.interrupted)
				journal_entry(en, "interrupted", e, attempt, NULL);
			pthread_mutex_unlock(&en->lock);
			rep_outcome_release(&o);
			break;
		}
		done = record_attempt(en, e, attempt, &o);
		rep_outcome_release(&o);
		if (done)
			break;
		set_attempt_aside(en, e);
		interrupt_sleep(en->exp->retry_backoff *
				(double)(1 << (attempt - 1 < 10 ? attempt - 1 : 10)));
	}
}

/* ---- workers ---- */

struct worker {
	struct engine *en;
	size_t host;
};

static void *host_worker(void *arg)
{
	struct worker *w = arg;
	struct engine *en = w->en;
	const struct spec_host *spec = &en->exp->hosts[w->host];
	int first = 1;

	for (size_t i = 0; i < en->m->nr_plan; i++) {
		const struct plan_entry *e = &en->m->plan[i];
		if (interrupt_requested || en->write_failed)
			break;
		if (e->cell->host != spec || en->state[i] == ENTRY_DONE ||
		    en->state[i] == ENTRY_FAILED)
			continue;
		if (!first && en->exp->pause > 0 && interrupt_sleep(en->exp->pause) < 0)
			break;
		first = 0;
		run_entry(en, &en->hosts[w->host], e);
	}
	return NULL;
}

static int host_used(const struct matrix *m, const struct spec_host *spec)
{
	for (size_t i = 0; i < m->nr_cells; i++)
		if (m->cells[i].host == spec)
			return 1;
	return 0;
}

static void run_workers(struct engine *en)
{
	size_t n = en->exp->nr_hosts;
	struct worker *workers = xcalloc(n, sizeof(*workers));
	pthread_t *threads = xcalloc(n, sizeof(*threads));
	int *started = xcalloc(n, sizeof(*started));

	for (size_t h = 0; h < n; h++) {
		workers[h] = (struct worker){en, h};
		if (!host_used(en->m, &en->exp->hosts[h]))
			continue;
		started[h] = pthread_create(&threads[h], NULL, host_worker, &workers[h]) == 0;
		if (!started[h]) /* no thread to spare: this host runs after the others */
			warning("host %s: cannot start a worker thread; running it afterwards",
				en->exp->hosts[h].name);
	}
	for (size_t h = 0; h < n; h++)
		if (started[h])
			pthread_join(threads[h], NULL);
	for (size_t h = 0; h < n; h++)
		if (!started[h] && host_used(en->m, &en->exp->hosts[h]))
			host_worker(&workers[h]);
	free(workers);
	free(threads);
	free(started);
}

/* ---- hosts ---- */

static void sweep_containers(struct engine *en, struct host_state *h)
{
	for (size_t r = 0; r < en->exp->nr_runtimes; r++) {
		struct container_run probe = {.host = h, .rt = &en->exp->runtimes[r]};
		if (probe.rt->ops->sweep)
			probe.rt->ops->sweep(&probe);
	}
}

static int write_facts(struct engine *en, struct host_state *h, const char *suffix, int replace)
{
	struct strbuf rel = STRBUF_INIT, path = STRBUF_INIT;
	json_t *facts;
	int ret = 0;

	strbuf_addf(&rel, "hosts/%s%s.json", h->spec->name, suffix);
	strbuf_addf(&path, "%s/%s", en->rd->path, rel.buf);
	if (replace || !file_exists(path.buf)) {
		facts = host_facts_collect(h, en->exp);
		ret = facts ? rundir_write_json(en->rd, rel.buf, facts) : -1;
		json_decref(facts);
	}
	strbuf_release(&rel);
	strbuf_release(&path);
	return ret;
}

static int has_server_workload(const struct experiment *exp)
{
	for (size_t i = 0; i < exp->nr_apps; i++)
		if (exp->apps[i].ops->client_argv)
			return 1;
	return 0;
}

/*
 * A host-side step that is crbench itself (a workload's crbench_step) needs
 * crbench on the host: a missing one fails the run here, naming the host,
 * not every repetition's client later.
 */
static int check_crbench(struct engine *en, struct host_state *h)
{
	struct strbuf version = STRBUF_INIT, why = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < en->m->nr_cells; i++) {
		const struct cell *c = &en->m->cells[i];
		if (c->host != h->spec || !app_crbench_step(c->app, NULL))
			continue;
		if (host_crbench_check(h, c->app, &version, &why) < 0)
			ret = error("host %s: step crbench: %s", h->spec->name, why.buf);
		break;
	}
	strbuf_release(&version);
	strbuf_release(&why);
	return ret;
}

static int open_hosts(struct engine *en)
{
	for (size_t i = 0; i < en->exp->nr_hosts; i++) {
		struct host_state *h = &en->hosts[i];
		if (!host_used(en->m, &en->exp->hosts[i]))
			continue;
		if (host_open(h, &en->exp->hosts[i], en->rd->scratch_id,
			      has_server_workload(en->exp)) < 0)
			return -1;
		sweep_containers(en, h); /* what a killed run left behind */
		if (check_crbench(en, h) < 0 || write_facts(en, h, "", 0) < 0)
			return -1;
	}
	return 0;
}

/* Facts again at the end, so drift over the night is visible. */
static void close_hosts(struct engine *en)
{
	for (size_t i = 0; i < en->exp->nr_hosts; i++) {
		struct host_state *h = &en->hosts[i];
		if (!h->conn.ops)
			continue;
		sweep_containers(en, h);
		if (!en->write_failed)
			write_facts(en, h, ".end", 1);
		host_close(h);
	}
}

/* ---- the run directory's fixed files ---- */

static json_t *run_info(const struct engine *en, const struct run_options *opts,
			const char *experiment_yaml)
{
	char when[32], digest[65];
	json_t *only = json_array();

	utc_iso8601(when, time(NULL));
	sha256_hex(experiment_yaml, strlen(experiment_yaml), digest);
	for (size_t i = 0; i < opts->only.nr; i++)
		json_array_append_new(only, json_string(opts->only.v[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:I, s:o, s:s}", "crbench_version",
			 CRBENCH_VERSION, "run_id", en->rd->run_id, "started_at", when,
			 "experiment_sha256", digest, "seed", (json_int_t)en->exp->seed,
			 "repetitions", en->m->repetitions, "warmup", en->m->warmup, "plan_entries",
			 (json_int_t)en->m->nr_plan, "only", only, "container_prefix", en->prefix);
}

static int write_run_files(struct engine *en, const struct run_options *opts)
{
	struct strbuf yaml = STRBUF_INIT, plan = STRBUF_INIT;
	json_t *info = NULL;
	int ret = spec_write_resolved(en->exp, &yaml);

	matrix_format_plan(en->m, &plan);
	if (!ret)
		ret = rundir_write(en->rd, "experiment.yaml", yaml.buf, yaml.len);
	if (!ret)
		ret = rundir_write(en->rd, "plan.tsv", plan.buf, plan.len);
	if (!ret) {
		info = run_info(en, opts, yaml.buf);
		ret = rundir_write_json(en->rd, "run.json", info);
	}
	json_decref(info);
	strbuf_release(&yaml);
	strbuf_release(&plan);
	return ret;
}

/* The state and rows of what an earlier session recorded; changes nothing on disk. */
static int load_recorded(struct engine *en, const struct journal_replay *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		en->state[i] = r->entries[i].state;
		if ((en->state[i] == ENTRY_DONE || en->state[i] == ENTRY_FAILED) &&
		    load_rows(en->rd, &en->m->plan[i], &en->rows[i]) < 0)
			return -1;
	}
	return 0;
}

/* A torn last line is cut; damaged lines, when the user asked, are moved aside. */
static int repair_journal(struct engine *en, const struct journal_replay *r)
{
	struct strbuf where = STRBUF_INIT;
	int ret;

	if (!r->nr_damaged)
		return journal_truncate(en->rd->path, r->valid_bytes);
	ret = journal_set_aside(en->rd->path, r, &where);
	if (!ret)
		warning("set aside %d damaged line%s of journal.jsonl in %s; what they recorded "
			"runs again",
			r->nr_damaged, r->nr_damaged == 1 ? "" : "s", where.buf);
	strbuf_release(&where);
	return ret;
}

/*
 * Resume: the journal says what is done. A damaged journal stops it before
 * anything changes, unless the user asked to set the damaged lines aside. A
 * repetition that was in flight when the run stopped is run again from
 * scratch; its partial raw output is kept beside, as <rep>.partial-N. So is
 * the raw output of one the journal does not know: a crash of the machine
 * may lose an unsynced "started".
 */
static int prepare_resume(struct engine *en, const struct run_options *opts)
{
	struct journal_replay r;
	int ret;

	if (journal_replay(en->rd->path, en->m->nr_plan,
			   opts->set_aside_damaged ? JOURNAL_SET_ASIDE_DAMAGED : 0, &r) < 0) {
		en->damaged = DAMAGED_JOURNAL;
		return -1;
	}
	ret = load_recorded(en, &r);
	en->damaged = ret < 0 ? DAMAGED_ROWS : 0;
	if (!ret)
		ret = repair_journal(en, &r);
	if (!ret)
		rundir_remove_temp_files(en->rd);
	for (size_t i = 0; i < r.nr && !ret; i++) {
		if (en->state[i] == ENTRY_IN_FLIGHT || en->state[i] == ENTRY_PENDING) {
			struct strbuf rel = STRBUF_INIT;
			plan_entry_dir(&rel, &en->m->plan[i]);
			ret = rundir_set_aside(en->rd, rel.buf, "partial");
			strbuf_release(&rel);
			en->state[i] = ENTRY_PENDING;
		}
	}
	journal_replay_free(&r);
	return ret;
}

static void count_recorded(struct engine *en)
{
	for (size_t i = 0; i < en->m->nr_plan; i++) {
		if (en->state[i] == ENTRY_DONE || en->state[i] == ENTRY_FAILED)
			progress_skip(&en->progress, &en->m->plan[i], en->state[i] == ENTRY_FAILED);
		en->failed += en->state[i] == ENTRY_FAILED;
	}
}

/* Ids of containers and cgroups must not collide with a concurrent run. */
static void make_prefix(char out[32])
{
	snprintf(out, 32, "crb%08lx",
		 ((unsigned long)getpid() * 2654435761UL ^ (unsigned long)time(NULL)) &
			 0xffffffffUL);
}

static int start(struct engine *en, const struct run_options *opts, int resume)
{
	int ret = resume ? prepare_resume(en, opts) : write_run_files(en, opts);

	if (!ret && !resume)
		ret = rundir_sync(en->rd) || rundir_commit(en->rd) ? -1 : 0;

	if (!ret) {
		journal_run_event(en, resume ? "run-resumed" : "run-started");
		ret = en->write_failed ? -1 : 0;
	}
	if (!ret)
		ret = open_hosts(en);
	return ret;
}

int engine_run(const struct experiment *exp, const struct matrix *m, struct rundir *rd,
	       const struct run_options *opts, int resume, struct engine_result *result)
{
	struct engine en = {.exp = exp, .m = m, .rd = rd};
	int ret;

	memset(result, 0, sizeof(*result));
	en.hosts = xcalloc(exp->nr_hosts, sizeof(*en.hosts));
	en.state = xcalloc(m->nr_plan ? m->nr_plan : 1, sizeof(*en.state));
	en.rows = xcalloc(m->nr_plan ? m->nr_plan : 1, sizeof(*en.rows));
	en.declared_order = declared_order(m);
	pthread_mutex_init(&en.lock, NULL);
	make_prefix(en.prefix);
	interrupt_install();
	ret = start(&en, opts, resume);
	progress_init(&en.progress, exp, m, opts->quiet, opts->progress_interval);
	if (!ret) {
		count_recorded(&en);
		run_workers(&en);
	}
	progress_end(&en.progress);
	close_hosts(&en);
	/* whatever happened, what was recorded reaches samples.csv (unless it could not be read) */
	if (!en.damaged)
		maybe_write_samples(&en, 1);
	if (!ret && !en.write_failed && !interrupt_requested)
		journal_run_event(&en, "run-finished");
	for (size_t i = 0; i < m->nr_plan; i++)
		result->remaining += en.state[i] != ENTRY_DONE && en.state[i] != ENTRY_FAILED;
	result->failed = en.failed;
	result->interrupted = interrupt_requested != 0;
	result->stopped = ret < 0 || en.write_failed;
	result->damaged = en.damaged;
	progress_free(&en.progress);
	pthread_mutex_destroy(&en.lock);
	for (size_t i = 0; i < m->nr_plan; i++)
		free(en.rows[i]);
	free(en.rows);
	free(en.declared_order);
	free(en.state);
	free(en.hosts);
	return result->stopped ? -1 : 0;
}
