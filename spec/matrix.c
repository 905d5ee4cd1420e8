#include "spec/matrix.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "orchestrator/workload/workload.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The variant dimension has one value until mitigation variants exist. */
#define DEFAULT_VARIANT "default"

enum only_key { ONLY_HOST, ONLY_HOST_TYPE, ONLY_RUNTIME, ONLY_APPLICATION, ONLY_VARIANT, ONLY_N };
static const char *const only_keys[ONLY_N] = {"host", "host_type", "runtime", "application",
					      "variant"};

struct filter {
	struct strvec values[ONLY_N]; /* empty: no restriction */
};

static const char *cell_value(const struct cell *c, enum only_key k)
{
	switch (k) {
	case ONLY_HOST:
		return c->host->name;
	case ONLY_HOST_TYPE:
		return c->host->host_type;
	case ONLY_RUNTIME:
		return c->rt->name;
	case ONLY_APPLICATION:
		return c->app->name;
	case ONLY_VARIANT:
	case ONLY_N:
		break;
	}
	return c->variant;
}

static int filter_add(struct filter *f, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char *values, *save = NULL;

	for (int k = 0; eq && k < ONLY_N; k++) {
		if (strlen(only_keys[k]) != (size_t)(eq - spec) ||
		    strncmp(spec, only_keys[k], eq - spec))
			continue;
		values = xstrdup(eq + 1);
		for (char *v = strtok_r(values, ",", &save); v; v = strtok_r(NULL, ",", &save))
			strvec_push(&f->values[k], v);
		free(values);
		if (!f->values[k].nr)
			return error("--only %s: no value given", spec);
		return 0;
	}
	return error("--only '%s': expected KEY=V[,V] with KEY one of host, host_type, runtime, "
		     "application, variant",
		     spec);
}

static int filter_match(const struct filter *f, const struct cell *c)
{
	for (int k = 0; k < ONLY_N; k++) {
		if (!f->values[k].nr)
			continue;
		int found = 0;
		for (size_t i = 0; i < f->values[k].nr && !found; i++)
			found = !strcmp(f->values[k].v[i], cell_value(c, k));
		if (!found)
			return 0;
	}
	return 1;
}

/* A filter value that matches no cell of the full matrix is a typo, not an empty run. */
static int filter_check_values(const struct filter *f, const struct cell *all, size_t n)
{
	for (int k = 0; k < ONLY_N; k++) {
		for (size_t i = 0; i < f->values[k].nr; i++) {
			int used = 0;
			for (size_t c = 0; c < n && !used; c++)
				used = !strcmp(f->values[k].v[i], cell_value(&all[c], k));
			if (!used)
				return error("--only %s=%s: the experiment has no such %s",
					     only_keys[k], f->values[k].v[i], only_keys[k]);
		}
	}
	return 0;
}

static void add_cell(struct matrix *m, const struct spec_host *h, const struct spec_runtime *rt,
		     const struct spec_application *app)
{
	m->cells[m->nr_cells] = (struct cell){m->nr_cells, h, rt, app, DEFAULT_VARIANT, NULL};
	m->nr_cells++;
}

/*
 * Name the cells that are kept, all in one block: a name is ~30 bytes, and
 * one allocation each (with strbuf's slack and malloc's header) took twice
 * that, at 100 000 cells several MB (tests/bench/plan-rss).
 */
static void name_cells(struct matrix *m)
{
	size_t size = 0;
	char *p;

	for (size_t i = 0; i < m->nr_cells; i++) {
		const struct cell *c = &m->cells[i];
		size += strlen(c->host->name) + strlen(c->rt->name) + strlen(c->app->name) +
			strlen(c->variant) + 4; /* three dots and the NUL */
	}
	p = m->names = xmalloc(size);
	for (size_t i = 0; i < m->nr_cells; i++) {
		struct cell *c = &m->cells[i];
		c->name = p;
		p += sprintf(p, "%s.%s.%s.%s", c->host->name, c->rt->name, c->app->name,
			     c->variant) +
		     1;
	}
}

/* Whether an `exclude:` entry leaves the combination out. */
static int excluded(const struct experiment *exp, const struct spec_host *h,
		    const struct spec_runtime *rt, const struct spec_application *app)
{
	const char *value[DIM_N] = {h->name, h->host_type, rt->name, app->name};

	for (size_t i = 0; i < exp->nr_excludes; i++) {
		int match = 1;
		for (int d = 0; d < DIM_N && match; d++) {
			const struct strvec *values = &exp->excludes[i].values[d];
			match = !values->nr;
			for (size_t j = 0; j < values->nr && !match; j++)
				match = !strcmp(values->v[j], value[d]);
		}
		if (match)
			return 1;
	}
	return 0;
}

/*
 * Room for every combination at once: growing the array by doubling left its
 * earlier copies behind in the heap (4 MB at 100 000 cells); the pages of
 * combinations left out by `exclude:` are never touched.
 */
static void expand(const struct experiment *exp, struct matrix *m)
{
	size_t all = exp->nr_hosts * exp->nr_runtimes * exp->nr_apps;

	m->cells = xmalloc((all ? all : 1) * sizeof(*m->cells));
	for (size_t h = 0; h < exp->nr_hosts; h++)
		for (size_t r = 0; r < exp->nr_runtimes; r++)
			for (size_t a = 0; a < exp->nr_apps; a++)
				if (!excluded(exp, &exp->hosts[h], &exp->runtimes[r],
					      &exp->apps[a]))
					add_cell(m, &exp->hosts[h], &exp->runtimes[r],
						 &exp->apps[a]);
}

/* Keep the matching cells, renumbered in declaration order. */
static void apply_filter(struct matrix *m, const struct filter *f)
{
	size_t kept = 0;

	for (size_t i = 0; i < m->nr_cells; i++) {
		if (filter_match(f, &m->cells[i])) {
			m->cells[kept] = m->cells[i];
			m->cells[kept].index = kept;
			kept++;
		}
	}
	m->nr_cells = kept;
}

static void add_entry(struct matrix *m, struct cell *c, int rep, int warmup)
{
	m->plan[m->nr_plan++] = (struct plan_entry){c, 0, (uint32_t)rep, warmup != 0};
}

/*
 * Each round appends the cells in declaration order and shuffles them in
 * place: the same swaps as shuffling a permutation of indices (GSL's shuffle
 * does not depend on the element size), without a second array per cell.
 */
static void order_randomized(struct matrix *m, unsigned long seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, seed);
	for (int round = 1; round <= m->warmup + m->repetitions; round++) {
		int warmup = round <= m->warmup;
		struct plan_entry *first = &m->plan[m->nr_plan];
		for (size_t i = 0; i < m->nr_cells; i++)
			add_entry(m, &m->cells[i], warmup ? round : round - m->warmup, warmup);
		gsl_ran_shuffle(rng, first, m->nr_cells, sizeof(*first));
	}
	gsl_rng_free(rng);
}

static void order_sequential(struct matrix *m)
{
	for (size_t i = 0; i < m->nr_cells; i++)
		for (int round = 1; round <= m->warmup + m->repetitions; round++) {
			int warmup = round <= m->warmup;
			add_entry(m, &m->cells[i], warmup ? round : round - m->warmup, warmup);
		}
}

static void order_plan(struct matrix *m, enum spec_order order, unsigned long seed)
{
	size_t total = m->nr_cells * (size_t)(m->warmup + m->repetitions);

	m->plan = xcalloc(total ? total : 1, sizeof(*m->plan));
	m->nr_plan = 0;
	if (order == ORDER_SEQUENTIAL)
		order_sequential(m);
	else
		order_randomized(m, seed);
	for (size_t i = 0; i < m->nr_plan; i++)
		m->plan[i].order = (uint32_t)i + 1;
}

int matrix_build(const struct experiment *exp, const struct strvec *only, int repetitions,
		 unsigned long seed, struct matrix *m)
{
	struct filter f;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	memset(&f, 0, sizeof(f));
	m->repetitions = repetitions;
	m->warmup = exp->warmup;
	expand(exp, m);
	if (!m->nr_cells) {
		matrix_free(m);
		return error("%s:%d:%d: the exclusions leave no cell to run", exp->file,
			     exp->exclude_pos.line, exp->exclude_pos.col);
	}
	for (size_t i = 0; i < only->nr && !ret; i++)
		ret = filter_add(&f, only->v[i]);
	if (!ret)
		ret = filter_check_values(&f, m->cells, m->nr_cells);
	if (!ret) {
		apply_filter(m, &f);
		if (!m->nr_cells)
			ret = error("--only: the filters together leave no cell to run");
	}
	if (!ret) {
		name_cells(m);
		order_plan(m, exp->order, seed);
	}
	for (int k = 0; k < ONLY_N; k++)
		strvec_clear(&f.values[k]);
	if (ret)
		matrix_free(m);
	return ret;
}

void matrix_free(struct matrix *m)
{
	free(m->names);
	free(m->cells);
	free(m->plan);
	memset(m, 0, sizeof(*m));
}

void matrix_format_plan(const struct matrix *m, struct strbuf *out)
{
	strbuf_addstr(out, "order\tround\tcell\thost\thost_type\truntime\tapplication\tvariant\t"
			   "repetition\tkind\n");
	for (size_t i = 0; i < m->nr_plan; i++) {
		const struct plan_entry *e = &m->plan[i];
		const struct cell *c = e->cell;
		strbuf_addf(out, "%u\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e->order,
			    plan_entry_round(m, e), c->name, c->host->name, c->host->host_type,
			    c->rt->name, c->app->name, c->variant, e->repetition,
			    e->warmup ? "warmup" : "measure");
	}
}

/* The workload's own estimate, and the idle period when idle memory is measured. */
static double work_seconds(const struct experiment *exp, const struct spec_application *app)
{
	return app->ops->estimate(&app->params) +
	       (exp->metrics & METRIC_IDLE_MEMORY ? app->idle : 0);
}

double matrix_idle_seconds(const struct experiment *exp, const struct matrix *m)
{
	double idle = 0;

	for (size_t i = 0; exp->metrics & METRIC_IDLE_MEMORY && i < m->nr_plan; i++)
		idle += m->plan[i].cell->app->idle;
	return idle;
}

double matrix_estimate(const struct experiment *exp, const struct matrix *m,
		       double *workload_seconds)
{
	double work = 0;

	for (size_t i = 0; i < m->nr_plan; i++)
		work += work_seconds(exp, m->plan[i].cell->app);
	if (workload_seconds)
		*workload_seconds = work;
	return work + (double)m->nr_plan * REPETITION_OVERHEAD_SECONDS;
}

void plan_entry_dir(struct strbuf *sb, const struct plan_entry *e)
{
	strbuf_addf(sb, "raw/%s/%s%d", e->cell->name, e->warmup ? "warmup-" : "", e->repetition);
}

int plan_entry_round(const struct matrix *m, const struct plan_entry *e)
{
	return e->warmup ? (int)e->repetition : (int)e->repetition + m->warmup;
}

size_t matrix_pair(const struct experiment *exp, const struct cell *c)
{
	return (size_t)(c->rt - exp->runtimes) * exp->nr_apps + (size_t)(c->app - exp->apps);
}

double matrix_pair_seconds(const struct experiment *exp, size_t pair, double sum, size_t n)
{
	const struct spec_application *app = &exp->apps[pair % exp->nr_apps];

	if (n)
		return sum / (double)n;
	return work_seconds(exp, app) + REPETITION_OVERHEAD_SECONDS;
}
