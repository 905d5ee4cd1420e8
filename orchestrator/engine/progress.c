#include "orchestrator/engine/progress.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "spec/matrix.h"
#include "orchestrator/workload/workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t pair_of(const struct progress *p, const struct cell *c)
{
	return matrix_pair(p->exp, c);
}

static size_t host_of(const struct progress *p, const struct cell *c)
{
	return (size_t)(c->host - p->exp->hosts);
}

void progress_init(struct progress *p, const struct experiment *exp, const struct matrix *m,
		   int quiet, double interval)
{
	const char *no_color = getenv("NO_COLOR");

	memset(p, 0, sizeof(*p));
	p->exp = exp;
	p->m = m;
	p->quiet = quiet;
	p->tty = isatty(STDOUT_FILENO);
	p->color = p->tty && !(no_color && *no_color);
	p->interval = interval;
	p->started = p->last_line = mono_now();
	p->total = m->nr_plan;
	p->nr_pairs = exp->nr_runtimes * exp->nr_apps;
	p->sum = xcalloc(p->nr_pairs, sizeof(*p->sum));
	p->measured = xcalloc(p->nr_pairs, sizeof(*p->measured));
	p->remaining = xcalloc(p->nr_pairs * exp->nr_hosts, sizeof(*p->remaining));
	for (size_t i = 0; i < m->nr_plan; i++) {
		const struct cell *c = m->plan[i].cell;
		p->remaining[host_of(p, c) * p->nr_pairs + pair_of(p, c)]++;
	}
}

/* Seconds one repetition of a pair takes: measured mean, else the plan's estimate. */
static double pair_seconds(const struct progress *p, size_t pair)
{
	return matrix_pair_seconds(p->exp, pair, p->sum[pair], p->measured[pair]);
}

/* Hosts run in parallel: the run ends when the busiest host is done. */
static double eta(const struct progress *p)
{
	double longest = 0;

	for (size_t h = 0; h < p->exp->nr_hosts; h++) {
		double sum = 0;
		for (size_t k = 0; k < p->nr_pairs; k++)
			sum += (double)p->remaining[h * p->nr_pairs + k] * pair_seconds(p, k);
		if (sum > longest)
			longest = sum;
	}
	return longest;
}

static void status_text(const struct progress *p, struct strbuf *sb)
{
	char elapsed[32], left[32];

	format_duration(elapsed, mono_now() - p->started);
	format_duration(left, eta(p));
	strbuf_addf(sb, "[%zu/%zu] %zu failed, %s elapsed, ETA %s", p->done, p->total, p->failed,
		    elapsed, left);
}

static void print_status(struct progress *p, const char *doing)
{
	struct strbuf sb = STRBUF_INIT;

	if (p->quiet)
		return;
	status_text(p, &sb);
	if (p->tty) {
		printf("\r\033[K%s%s%s", sb.buf, doing ? " | " : "", doing ? doing : "");
	} else {
		if (mono_now() - p->last_line < p->interval && p->done < p->total)
			goto out;
		printf("%s\n", sb.buf);
		p->last_line = mono_now();
	}
	fflush(stdout);
out:
	strbuf_release(&sb);
}

static void count_off(struct progress *p, const struct plan_entry *e)
{
	size_t *left = &p->remaining[host_of(p, e->cell) * p->nr_pairs + pair_of(p, e->cell)];

	if (*left)
		(*left)--;
	p->done++;
}

void progress_skip(struct progress *p, const struct plan_entry *e, int failed)
{
	count_off(p, e);
	p->failed += failed != 0;
}

void progress_started(struct progress *p, const struct plan_entry *e, int attempt)
{
	struct strbuf doing = STRBUF_INIT;

	strbuf_addf(&doing, "%s %s %s rep %d", e->cell->host->name, e->cell->rt->name,
		    e->cell->app->name, e->repetition);
	if (attempt > 1)
		strbuf_addf(&doing, " (attempt %d)", attempt);
	if (p->tty)
		print_status(p, doing.buf);
	strbuf_release(&doing);
}

static void print_failure(struct progress *p, const struct plan_entry *e, const char *status,
			  const char *detail, int final)
{
	if (p->tty)
		printf("\r\033[K");
	printf("%s%s%s: %s %s %s rep %d: %s%s%s\n", p->color ? "\033[31m" : "",
	       final ? "failed" : "will retry", p->color ? "\033[0m" : "", e->cell->host->name,
	       e->cell->rt->name, e->cell->app->name, e->repetition, status, *detail ? ": " : "",
	       detail);
}

void progress_finished(struct progress *p, const struct plan_entry *e, const char *status,
		       const char *detail, double seconds, int final)
{
	int ok = !strcmp(status, "ok");

	if (ok) {
		size_t pair = pair_of(p, e->cell);
		p->sum[pair] += seconds;
		p->measured[pair]++;
	} else {
		print_failure(p, e, status, detail ? detail : "", final);
	}
	if (final) {
		count_off(p, e);
		p->failed += !ok;
	}
	print_status(p, NULL);
}

void progress_end(struct progress *p)
{
	if (p->tty && !p->quiet)
		printf("\n");
	fflush(stdout);
}

void progress_free(struct progress *p)
{
	free(p->sum);
	free(p->measured);
	free(p->remaining);
}
