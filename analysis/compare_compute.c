/*
 * The numbers of each comparison: ratio of medians, Wilcoxon test, and the
 * bootstrap interval of the ratio. Comparisons are independent and each
 * group's resamples have a seed of their own, so the work is split over
 * threads and no number depends on how many there are.
 */
#include "analysis/bootstrap.h"
#include "analysis/compare.h"
#include "analysis/groups.h"
#include "analysis/parallel.h"
#include "analysis/summary.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each group's B resampled medians are computed once and kept, when all of
 * them fit in this much memory (10^4 groups at B = 1000: 80 MB); beyond
 * that they are recomputed per comparison, with the same seeds and so the
 * same numbers.
 */
#define BOOT_CACHE_BYTES ((size_t)512 << 20)
/*
 * Rank tables a thread keeps at once, by group size modulo this: the
 * baseline and candidate of a comparison often differ by a failed
 * repetition or two.
 */
#define RANK_TABLES 16

/* What the threads share: read-only, but for their own groups' part of `cache`. */
struct context {
	struct comparison_set *set;
	const struct summary *s;
	size_t b;
	unsigned long seed;
	double *cache;	       /* b medians per group of s, or NULL */
	unsigned char *needed; /* with the cache, per group: some interval uses its medians */
	size_t nthreads;
};

/* A thread's share is every nthreads-th item from `index`; its scratch is its own. */
struct worker {
	const struct context *ctx;
	size_t index;
	double *base_medians, *cand_medians, *ratios; /* b each */
	struct bootstrap_ranks ranks[RANK_TABLES];
	struct wilcoxon_cache wilcoxon;
};

/* a / b, or NaN where the quotient is not a finite number. */
static double ratio_of(double a, double b)
{
	double q = a / b;

	return isfinite(q) ? q : NAN;
}

static void compute_point(struct comparison *c, struct wilcoxon_cache *cache)
{
	const struct sample_group *base = c->baseline->group, *cand = c->candidate->group;

	c->ratio = ratio_of(c->candidate->stats.median, c->baseline->stats.median);
	c->slowdown = strcmp(cand->better, "higher") ? c->ratio : ratio_of(1, c->ratio);
	c->ratio_ci_low = c->ratio_ci_high = NAN;
	wilcoxon_test(cand->values, cand->n, base->values, base->n, cache, &c->test);
}

static int has_interval(const struct context *ctx, const struct comparison *c)
{
	return ctx->b && c->baseline->group->n && c->candidate->group->n;
}

static void group_medians(struct worker *w, const struct sample_group *g, double *out)
{
	struct bootstrap_ranks *ranks = &w->ranks[g->n % RANK_TABLES];

	bootstrap_ranks_prepare(ranks, g->n);
	bootstrap_medians(g->values, ranks, w->ctx->b,
			  bootstrap_group_seed(w->ctx->seed, g->key, GK_NKEYS), out);
}

/* The B medians of a group: from the cache, or computed into `scratch`. */
static const double *medians_of(struct worker *w, const struct group_summary *gsum, double *scratch)
{
	const struct context *ctx = w->ctx;

	if (ctx->cache)
		return ctx->cache + (size_t)(gsum - ctx->s->items) * ctx->b;
	group_medians(w, gsum->group, scratch);
	return scratch;
}

static void compute_interval(struct worker *w, struct comparison *c)
{
	const double *base = medians_of(w, c->baseline, w->base_medians);
	const double *cand = medians_of(w, c->candidate, w->cand_medians);

	c->bootstrap_b = w->ctx->b;
	bootstrap_ratio_ci(cand, base, w->ctx->b, w->ratios, &c->ratio_ci_low, &c->ratio_ci_high);
}

/* First pass, with the cache: the medians of this thread's groups. */
static void *fill_cache(void *arg)
{
	struct worker *w = arg;
	const struct context *ctx = w->ctx;

	for (size_t i = w->index; i < ctx->s->nr; i += ctx->nthreads)
		if (ctx->needed[i])
			group_medians(w, ctx->s->items[i].group, ctx->cache + i * ctx->b);
	return NULL;
}

/* Then this thread's comparisons. */
static void *compute_comparisons(void *arg)
{
	struct worker *w = arg;
	const struct context *ctx = w->ctx;

	for (size_t i = w->index; i < ctx->set->nr; i += ctx->nthreads) {
		struct comparison *c = &ctx->set->items[i];
		compute_point(c, &w->wilcoxon);
		if (has_interval(ctx, c))
			compute_interval(w, c);
	}
	return NULL;
}

static void context_init(struct context *ctx, struct comparison_set *set, const struct summary *s,
			 const struct compare_options *opts)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->set = set;
	ctx->s = s;
	ctx->b = opts->bootstrap_b;
	ctx->seed = opts->seed;
	ctx->nthreads = parallel_threads();
	if (!ctx->b || s->nr > BOOT_CACHE_BYTES / sizeof(double) / ctx->b)
		return;
	ctx->cache = xmalloc_filled(s->nr * ctx->b * sizeof(double));
	ctx->needed = xcalloc(s->nr, 1);
	for (size_t i = 0; i < set->nr; i++) {
		const struct comparison *c = &set->items[i];
		if (has_interval(ctx, c)) {
			ctx->needed[c->baseline - s->items] = 1;
			ctx->needed[c->candidate - s->items] = 1;
		}
	}
}

static void worker_init(struct worker *w, const struct context *ctx, size_t index)
{
	size_t b = ctx->b ? ctx->b : 1;

	memset(w, 0, sizeof(*w));
	w->ctx = ctx;
	w->index = index;
	w->base_medians = xcalloc(b, sizeof(double));
	w->cand_medians = xcalloc(b, sizeof(double));
	w->ratios = xcalloc(b, sizeof(double));
}

static void worker_clear(struct worker *w)
{
	free(w->base_medians);
	free(w->cand_medians);
	free(w->ratios);
	for (size_t i = 0; i < RANK_TABLES; i++)
		bootstrap_ranks_clear(&w->ranks[i]);
	wilcoxon_cache_clear(&w->wilcoxon);
}

void compare_compute(struct comparison_set *set, const struct summary *s,
		     const struct compare_options *opts)
{
	struct context ctx;
	struct worker workers[PARALLEL_MAX_THREADS];

	context_init(&ctx, set, s, opts);
	for (size_t i = 0; i < ctx.nthreads; i++)
		worker_init(&workers[i], &ctx, i);
	if (ctx.cache)
		parallel_run(fill_cache, workers, sizeof(workers[0]), ctx.nthreads);
	parallel_run(compute_comparisons, workers, sizeof(workers[0]), ctx.nthreads);
	for (size_t i = 0; i < ctx.nthreads; i++)
		worker_clear(&workers[i]);
	free(ctx.cache);
	free(ctx.needed);
}
