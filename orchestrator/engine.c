/*
 * The engine: executes a plan into a run directory. It never computes
 * statistics; it records, for every repetition, what ran and what came out.
 */
#include "orchestrator/engine.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/samples.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "orchestrator/host.h"
#include "orchestrator/hostfacts.h"
#include "orchestrator/matrix.h"
#include "orchestrator/repetition.h"
#include "orchestrator/rundir.h"
#include "orchestrator/version.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct host_state *host_for(struct host_state *hosts, const struct experiment *exp,
				   const struct spec_host *spec)
{
	return &hosts[spec - exp->hosts];
}

static int host_used(const struct matrix *m, const struct spec_host *spec)
{
	for (size_t i = 0; i < m->nr_cells; i++)
		if (m->cells[i].host == spec)
			return 1;
	return 0;
}

static int open_hosts(const struct experiment *exp, const struct matrix *m, const struct rundir *rd,
		      struct host_state *hosts)
{
	for (size_t i = 0; i < exp->nr_hosts; i++) {
		struct strbuf rel = STRBUF_INIT;
		json_t *facts;
		int ret;

		if (!host_used(m, &exp->hosts[i]))
			continue;
		if (host_open(&hosts[i], &exp->hosts[i], rd->run_id) < 0)
			return -1;
		facts = host_facts_collect(&hosts[i], exp);
		if (!facts)
			return -1;
		strbuf_addf(&rel, "hosts/%s.json", exp->hosts[i].name);
		ret = rundir_write_json(rd, rel.buf, facts);
		json_decref(facts);
		strbuf_release(&rel);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static void close_hosts(const struct experiment *exp, struct host_state *hosts)
{
	for (size_t i = 0; i < exp->nr_hosts; i++)
		host_close(&hosts[i]);
}

/*
 * samples.csv from the per-repetition fragments, in declaration order
 * (host, runtime, application, variant, repetition) so analysis and the
 * report see groups in the order the experiment lists them.
 */
int engine_write_samples(const struct rundir *rd, const struct matrix *m)
{
	struct strbuf csv = STRBUF_INIT, path = STRBUF_INIT;
	int ret;

	strbuf_addstr(&csv, SAMPLES_HEADER "\n");
	for (size_t c = 0; c < m->nr_cells; c++) {
		for (int rep = 1; rep <= m->repetitions; rep++) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/raw/%s/%d/samples.csv", rd->path, m->cells[c].name,
				    rep);
			if (file_exists(path.buf) && read_file(path.buf, &csv) < 0) {
				strbuf_release(&csv);
				strbuf_release(&path);
				return -1;
			}
		}
	}
	ret = rundir_write(rd, "samples.csv", csv.buf, csv.len);
	strbuf_release(&csv);
	strbuf_release(&path);
	return ret;
}

static int journal_entry(const struct rundir *rd, const char *event, const struct plan_entry *e,
			 const struct rep_outcome *o)
{
	json_t *ev =
		json_pack("{s:s, s:I, s:s, s:i}", "event", event, "order", (json_int_t)e->order,
			  "cell", e->cell->name, "repetition", e->repetition);
	int ret;

	if (o) {
		json_object_set_new(ev, "status", json_string(o->status));
		json_object_set_new(ev, "seconds", json_real(o->seconds));
	}
	ret = rundir_journal(rd, ev);
	json_decref(ev);
	return ret;
}

static void print_progress(const struct matrix *m, const struct plan_entry *e,
			   const struct rep_outcome *o, double started, double estimate)
{
	double elapsed = mono_now() - started;
	double left = estimate * (double)(m->nr_plan - e->order) / (double)m->nr_plan;
	char el[32], eta[32];

	format_duration(el, elapsed);
	format_duration(eta, left);
	printf("[%*zu/%zu] %s %s %s rep %d: %s%s%s  (%s elapsed, ~%s left)\n",
	       (int)snprintf(NULL, 0, "%zu", m->nr_plan), e->order, m->nr_plan, e->cell->host->name,
	       e->cell->rt->name, e->cell->app->name, e->repetition, o->status,
	       o->summary.len ? ": " : "", o->summary.buf, el, eta);
	fflush(stdout);
}

static volatile sig_atomic_t stop_requested;

/*
 * First SIGINT/SIGTERM: finish the repetition in flight (its command runs in
 * its own session, so the terminal's Ctrl-C does not reach it), record it,
 * and stop. A second one kills crbench at once; what was recorded stays.
 */
static void on_stop_signal(int sig)
{
	if (stop_requested) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	stop_requested = 1;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int run_plan(const struct experiment *exp, const struct matrix *m, const struct rundir *rd,
		    struct host_state *hosts, const char *prefix, int *failed, size_t *stopped_at)
{
	double started = mono_now(), estimate = matrix_estimate(m, NULL);

	catch_stop_signals();
	for (size_t i = 0; i < m->nr_plan; i++) {
		const struct plan_entry *e = &m->plan[i];
		if (stop_requested) {
			*stopped_at = i + 1;
			return 0;
		}
		struct rep_outcome o = {.summary = STRBUF_INIT};
		int ret = journal_entry(rd, "started", e, NULL);

		if (!ret)
			ret = repetition_run(exp, rd, host_for(hosts, exp, e->cell->host), e,
					     prefix, &o);
		if (!ret)
			ret = journal_entry(rd, strcmp(o.status, "ok") ? "failed" : "finished", e,
					    &o);
		if (!ret) {
			*failed += strcmp(o.status, "ok") != 0;
			print_progress(m, e, &o, started, estimate);
		}
		strbuf_release(&o.summary);
		if (ret)
			return error("cannot record results in %s; stopping", rd->path);
	}
	return 0;
}

static int write_run_files(const struct experiment *exp, const struct matrix *m,
			   const struct rundir *rd)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = spec_write_resolved(exp, &sb);

	if (!ret)
		ret = rundir_write(rd, "experiment.yaml", sb.buf, sb.len);
	strbuf_reset(&sb);
	matrix_format_plan(m, &sb);
	if (!ret)
		ret = rundir_write(rd, "plan.tsv", sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

int engine_run(const struct experiment *exp, const struct matrix *m, const struct rundir *rd,
	       int *failed)
{
	struct host_state *hosts = xcalloc(exp->nr_hosts, sizeof(*hosts));
	size_t stopped_at = 0;
	char when[32], prefix[32];
	json_t *info;
	int ret;

	*failed = 0;
	utc_iso8601(when, time(NULL));
	/* container ids and cgroup names must not collide with a concurrent run */
	snprintf(prefix, sizeof(prefix), "crb%08lx",
		 ((unsigned long)getpid() * 2654435761UL ^ (unsigned long)time(NULL)) &
			 0xffffffffUL);
	info = json_pack("{s:s, s:s, s:s, s:I, s:i, s:I, s:s}", "crbench_version", CRBENCH_VERSION,
			 "run_id", rd->run_id, "started_at", when, "seed", (json_int_t)exp->seed,
			 "repetitions", m->repetitions, "repetitions_planned",
			 (json_int_t)m->nr_plan, "container_prefix", prefix);
	ret = write_run_files(exp, m, rd);
	if (!ret)
		ret = rundir_write_json(rd, "run.json", info);
	if (!ret)
		ret = open_hosts(exp, m, rd, hosts);
	if (!ret)
		ret = run_plan(exp, m, rd, hosts, prefix, failed, &stopped_at);
	close_hosts(exp, hosts);
	/* whatever happened, what was recorded reaches samples.csv */
	if (engine_write_samples(rd, m) < 0)
		ret = -1;
	json_decref(info);
	free(hosts);
	if (!ret && stopped_at) {
		error("interrupted before repetition %zu of %zu; everything recorded is in %s",
		      stopped_at, m->nr_plan, rd->path);
		return -1;
	}
	return ret;
}
