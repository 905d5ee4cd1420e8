#include "orchestrator/engine/repetition.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/quote.h"
#include "common/samples.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/host/host.h"
#include "orchestrator/engine/idle_memory.h"
#include "orchestrator/engine/server.h"
#include "orchestrator/engine/step.h"
#include "orchestrator/workload/workload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void rep_outcome_release(struct rep_outcome *o)
{
	strbuf_release(&o->summary);
	strbuf_release(&o->detail);
	strbuf_release(&o->rows);
}

/* Copy every file the container wrote into raw/<cell>/<rep>/output/. */
static int fetch_outputs(const struct rundir *rd, struct host_state *h, const char *out_dir,
			 const char *dir)
{
	struct strvec names = STRVEC_INIT;
	int ret = transport_list_files(&h->conn, out_dir, &names);

	for (size_t i = 0; !ret && i < names.nr; i++) {
		const char *f = names.v[i];
		struct strbuf remote = STRBUF_INIT, local = STRBUF_INIT, data = STRBUF_INIT;
		strbuf_addf(&remote, "%s/%s", out_dir, f);
		strbuf_addf(&local, "%s/output/%s", dir, f);
		if (h->conn.ops->get_file(&h->conn, remote.buf, &data) < 0)
			ret = error("host %s: step fetch: cannot read %s", h->spec->name,
				    remote.buf);
		else
			ret = rundir_write(rd, local.buf, data.buf, data.len);
		strbuf_release(&remote);
		strbuf_release(&local);
		strbuf_release(&data);
	}
	strvec_clear(&names);
	return ret;
}

static int read_ns(const char *path, long long *ns)
{
	struct strbuf sb = STRBUF_INIT;
	char *end;
	int ret = -1;

	if (file_exists(path) && read_file(path, &sb, READ_LIMIT_DATA) == 0) {
		errno = 0;
		*ns = strtoll(sb.buf, &end, 10);
		ret = (end == sb.buf || (*end && *end != '\n') || errno) ? -1 : 0;
	}
	strbuf_release(&sb);
	return ret;
}

/* Deploy time from the two probe files, in ms; NAN when they are missing or inconsistent. */
static double deploy_ms(const struct rundir *rd, const char *dir)
{
	struct strbuf t0 = STRBUF_INIT, ready = STRBUF_INIT;
	long long a, b;
	double ms = NAN;

	strbuf_addf(&t0, "%s/%s/output/" DEPLOY_T0_FILE, rd->path, dir);
	strbuf_addf(&ready, "%s/%s/output/" DEPLOY_READY_FILE, rd->path, dir);
	if (read_ns(t0.buf, &a) == 0 && read_ns(ready.buf, &b) == 0 && b >= a &&
	    b - a < 3600LL * 1000000000LL)
		ms = (double)(b - a) / 1e6;
	strbuf_release(&t0);
	strbuf_release(&ready);
	return ms;
}

static void add_row(struct strbuf *csv, const struct rundir *rd, const struct plan_entry *e,
		    const struct metric_value *m, const char *status)
{
	const struct cell *c = e->cell;
	int ok = !strcmp(status, "ok");
	struct sample s = {
		.run_id = rd->run_id,
		.host = c->host->name,
		.host_type = c->host->host_type,
		.runtime = c->rt->name,
		.application = c->app->name,
		.variant = c->variant,
		.repetition = e->repetition,
		.metric = m->name,
		.value = m->value,
		.unit = m->unit,
		.better = m->better,
		/*
		 * A warm-up is recorded and marked, failed or not (the reason stays
		 * in the journal and raw/): analysis counts it but does not use it.
		 */
		.status = e->warmup		  ? "warmup"
			  : ok && isnan(m->value) ? "missing"
						  : status,
	};
	sample_format_row(csv, &s);
}

/*
 * The idle-memory row: its value when measured, else why not; a failed
 * measurement fails the repetition, a driver that cannot measure does not.
 */
static void idle_memory_row(const struct rundir *rd, const struct plan_entry *e,
			    const struct idle_memory *idle, const char *run_status,
			    struct rep_outcome *out, struct strbuf *csv)
{
	struct metric_value m = {"idle_memory", idle->mib, "MiB", "lower"};
	const char *st = !strcmp(idle->status, "ok") ? "ok"
			 : strcmp(run_status, "ok")  ? run_status
			 : *idle->status	     ? idle->status
						     : "missing";

	add_row(csv, rd, e, &m, st);
	if (!strcmp(st, "ok"))
		strbuf_addf(&out->summary, "%sidle %.1f MiB", out->summary.len ? ", " : "",
			    m.value);
	if (!strcmp(out->status, "ok") && strcmp(st, "ok") && strcmp(st, "unsupported")) {
		snprintf(out->status, sizeof(out->status), "%s", st);
		strbuf_addbuf(&out->detail, &idle->why);
	}
}

/* Rows of one repetition: deploy time, idle memory, then the workload's metrics. */
static void collect_samples(const struct experiment *exp, const struct rundir *rd,
			    const struct plan_entry *e, const char *dir, const char *stdout_text,
			    const char *run_status, const struct idle_memory *idle,
			    struct rep_outcome *out, struct strbuf *csv)
{
	const struct spec_application *app = e->cell->app;
	struct metric_list metrics = {0};
	struct strbuf why = STRBUF_INIT, out_dir = STRBUF_INIT;
	const char *perf_status = run_status;

	if (exp->metrics & METRIC_DEPLOY_TIME) {
		struct metric_value deploy = {"deploy_time", deploy_ms(rd, dir), "ms", "lower"};
		const char *st = !isnan(deploy.value)	    ? "ok"
				 : strcmp(run_status, "ok") ? run_status
							    : "no-deploy-probe";
		add_row(csv, rd, e, &deploy, st);
		if (!strcmp(st, "ok"))
			strbuf_addf(&out->summary, "deploy %.0f ms", deploy.value);
	}
	if (exp->metrics & METRIC_IDLE_MEMORY)
		idle_memory_row(rd, e, idle, run_status, out, csv);
	if (!(exp->metrics & METRIC_PERFORMANCE))
		goto out;
	workload_declare_metrics(app->ops, &app->params, &metrics);
	strbuf_addf(&out_dir, "%s/%s/output", rd->path, dir);
	if (!strcmp(run_status, "ok") &&
	    app->ops->parse(&app->params, out_dir.buf, stdout_text, &metrics, &why) < 0)
		perf_status = "parse-error";
	for (size_t i = 0; i < metrics.nr; i++) {
		add_row(csv, rd, e, &metrics.v[i], perf_status);
		if (!strcmp(perf_status, "ok") && !isnan(metrics.v[i].value))
			strbuf_addf(&out->summary, "%s%s %.6g", out->summary.len ? ", " : "",
				    metrics.v[i].name, metrics.v[i].value);
	}
	if (strcmp(perf_status, "ok") && why.len)
		strbuf_addbuf(&out->detail, &why);
	if (!strcmp(out->status, "ok") && strcmp(perf_status, "ok"))
		snprintf(out->status, sizeof(out->status), "%s", perf_status);
out:
	metric_list_free(&metrics);
	strbuf_release(&why);
	strbuf_release(&out_dir);
}

static void container_id(struct strbuf *sb, const char *prefix, const struct plan_entry *e,
			 int attempt)
{
	strbuf_addf(sb, "%s-c%zu-%s%d-a%d", prefix, e->cell->index + 1, e->warmup ? "w" : "r",
		    e->repetition, attempt);
}

/*
 * Why it failed, in one line for the progress output and the journal: the
 * transport's or driver's own error when the container never ran (a lost
 * connection, say), else the parser's reason, else the end of stderr.
 */
static void describe(struct rep_outcome *out, const struct container_run *run, int started,
		     const struct strbuf *errors)
{
	out->interrupted = run->res.interrupted;
	out->exit_status = run->res.exit_status;
	out->step_seconds = run->res.seconds + run->cleanup_seconds;
	if (!strcmp(out->status, "ok")) {
		if (errors->len) /* e.g. a clean-up that failed: worth a line, not a failure */
			warning("%s", errors->buf);
		return;
	}
	if (out->detail.len)
		return;
	if (errors->len)
		strbuf_addbuf(&out->detail, errors);
	else if (!started && !run->res.err.len)
		strbuf_addstr(&out->detail, "the container could not be started");
	else
		step_stderr_tail(&out->detail, &run->res.err);
}

/* Empty directories for the container's output (a retry must not see old files) and bundle. */
static int fresh_dirs(struct host_state *host, const char *out_dir, const char *bundle)
{
	return transport_empty_dir(&host->conn, out_dir) || transport_empty_dir(&host->conn, bundle)
		       ? -1
		       : 0;
}

/* Written first: a repetition killed in flight leaves this behind, set aside on resume. */
static int write_entry(const struct rundir *rd, const char *dir, const struct plan_entry *e,
		       int attempt, const char *id, const char *started_at)
{
	struct strbuf path = STRBUF_INIT;
	json_t *entry =
		json_pack("{s:I, s:s, s:i, s:b, s:i, s:s, s:s}", "order", (json_int_t)e->order,
			  "cell", e->cell->name, "repetition", e->repetition, "warmup", e->warmup,
			  "attempt", attempt, "container", id, "started_at", started_at);
	int ret;

	strbuf_addf(&path, "%s/entry.json", dir);
	ret = rundir_write_json(rd, path.buf, entry);
	json_decref(entry);
	strbuf_release(&path);
	return ret;
}

static void release_run(struct container_run *run)
{
	strbuf_release(&run->command);
	exec_result_release(&run->res);
	strbuf_release(&run->cleanup_log);
}

int repetition_run(const struct experiment *exp, const struct rundir *rd, struct host_state *host,
		   const struct plan_entry *e, int attempt, const char *id_prefix,
		   struct rep_outcome *out)
{
	const struct spec_application *app = e->cell->app;
	struct strbuf dir = STRBUF_INIT, id = STRBUF_INIT, out_dir = STRBUF_INIT,
		      bundle = STRBUF_INIT, errors = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	struct container_run run = {
		.command = STRBUF_INIT, .res = EXEC_RESULT_INIT, .cleanup_log = STRBUF_INIT};
	struct idle_memory idle = IDLE_MEMORY_INIT,
			   *measure_idle = exp->metrics & METRIC_IDLE_MEMORY ? &idle : NULL;
	char started_at[32], run_status[32];
	int started, ret = 0;
	double t = mono_now();

	plan_entry_dir(&dir, e);
	container_id(&id, id_prefix, e, attempt);
	strbuf_addf(&out_dir, "%s/%s", host->scratch, dir.buf);
	strbuf_addf(&bundle, "%s/bundles/%s", host->scratch, id.buf);
	app->ops->container_argv(&app->params, CONTAINER_OUT_DIR, &argv);
	run.host = host;
	run.rt = e->cell->rt;
	run.app = app;
	run.id = id.buf;
	run.bundle_dir = bundle.buf;
	run.out_dir = out_dir.buf;
	run.argv = strvec_argv(&argv);
	run.limits = app->limits;
	run.timeout = spec_step_timeout(app, "run");
	idle.seconds = app->idle;
	utc_iso8601(started_at, time(NULL));
	ret |= write_entry(rd, dir.buf, e, attempt, id.buf, started_at);
	run.server = app->ops->client_argv != NULL;
	run.netns = run.server ? host->netns : NULL;
	error_capture(&errors);
	started = fresh_dirs(host, out_dir.buf, bundle.buf) == 0 &&
		  (run.server ? server_run(&run, rd, dir.buf, started_at, measure_idle)
			      : run.rt->ops->run(&run)) == 0;
	step_failure_word(&run.res, started, out->status);
	if (measure_idle && !run.server && !strcmp(out->status, "ok")) {
		idle_memory_batch(&run, rd, dir.buf, started_at, &idle);
		step_failure_word(&run.res, started, out->status); /* Ctrl-C */
	}
	error_capture(NULL);
	if (!run.server) /* a server workload's steps are written as they run */
		ret |= step_write(rd, dir.buf, "run", &run.command, &run.res, run.timeout,
				  started_at);
	if (run.cleanup_log.len)
		ret |= step_write_raw(rd, dir.buf, "cleanup.log", run.cleanup_log.buf,
				      run.cleanup_log.len);
	if (started && !run.res.interrupted)
		ret |= fetch_outputs(rd, host, out_dir.buf, dir.buf);
	if (!run.res.interrupted) {
		/* a copy: out->status becomes the first failing row's word */
		snprintf(run_status, sizeof(run_status), "%s", out->status);
		collect_samples(exp, rd, e, dir.buf, run.res.out.buf, run_status, &idle, out,
				&out->rows);
		ret |= step_write_raw(rd, dir.buf, "samples.csv", out->rows.buf, out->rows.len);
	}
	describe(out, &run, started, &errors);
	out->seconds = mono_now() - t;

	release_run(&run);
	idle_memory_release(&idle);
	strvec_clear(&argv);
	strbuf_release(&dir);
	strbuf_release(&id);
	strbuf_release(&out_dir);
	strbuf_release(&bundle);
	strbuf_release(&errors);
	return ret ? -1 : 0;
}
