#include "analysis/bootstrap.h"
#include "analysis/stats.h"
#include "analysis/strpool.h"
#include "common/xalloc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over the key, then splitmix64's finalizer to spread it over all bits. */
unsigned long bootstrap_group_seed(unsigned long seed, const char *const *key, size_t nkeys)
{
	uint64_t h = STRPOOL_HASH_START;

	for (size_t k = 0; k < nkeys; k++)
		h = strpool_hash(h, key[k]) * 31 + 1; /* "a","bc" and "ab","c" differ */
	h ^= (uint64_t)seed + UINT64_C(0x9e3779b97f4a7c15);
	h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (unsigned long)(h ^ (h >> 31));
}

/* The 1-based rank of the lower middle value of n (n odd: of the median). */
static size_t lower_middle_rank(size_t n)
{
	return (n - 1) / 2 + 1;
}

/* P(L <= j) = P(K_j >= m), kept nondecreasing whatever the rounding. */
static void fill_lower_cdf(struct bootstrap_ranks *r, size_t m)
{
	double running = 0;

	for (size_t j = 0; j + 1 < r->n; j++) {
		double p = (double)(j + 1) / (double)r->n;
		running = fmax(running, gsl_cdf_binomial_Q((unsigned)(m - 1), p, (unsigned)r->n));
		r->lower_cdf[j] = running;
	}
	r->lower_cdf[r->n - 1] = 1;
}

/*
 * P(U > L | L = a) = P(K_a = m, L = a) / P(L = a), and
 * P(K_a = m, L = a) = P(K_a = m) (1 - (a / (a + 1))^m): the m draws at
 * index <= a must not all be below a.
 */
static void fill_split(struct bootstrap_ranks *r, size_t m)
{
	for (size_t a = 0; a < r->n; a++) {
		double p = (double)(a + 1) / (double)r->n;
		double p_lower = r->lower_cdf[a] - (a ? r->lower_cdf[a - 1] : 0);
		double not_all_below = -expm1((double)m * log1p(-1 / (double)(a + 1)));
		double p_split =
			gsl_ran_binomial_pdf((unsigned)m, p, (unsigned)r->n) * not_all_below;

		r->split[a] = p_lower > 0 ? fmin(1, p_split / p_lower) : 0;
	}
}

/* guide[t]: the first j with P(L <= j) > t / n (lower_cdf[n - 1] = 1 ends the walk). */
static void fill_guide(struct bootstrap_ranks *r)
{
	size_t j = 0;

	for (size_t t = 0; t < r->n; t++) {
		while (r->lower_cdf[j] <= (double)t / (double)r->n)
			j++;
		r->guide[t] = j;
	}
}

void bootstrap_ranks_prepare(struct bootstrap_ranks *r, size_t n)
{
	size_t m = lower_middle_rank(n);

	if (r->n == n)
		return;
	bootstrap_ranks_clear(r);
	r->n = n;
	r->lower_cdf = xcalloc(n, sizeof(*r->lower_cdf));
	fill_lower_cdf(r, m);
	r->guide = xcalloc(n, sizeof(*r->guide));
	fill_guide(r);
	if (n % 2 == 0) {
		r->split = xcalloc(n, sizeof(*r->split));
		fill_split(r, m);
	}
}

void bootstrap_ranks_clear(struct bootstrap_ranks *r)
{
	free(r->lower_cdf);
	free(r->guide);
	free(r->split);
	memset(r, 0, sizeof(*r));
}

/*
 * L by inversion: the first j with P(L <= j) > u. The guide's bucket of u
 * starts the walk next to it (the CDF is steep around the middle); the
 * walk itself decides, so a rounding of u n cannot change the answer.
 */
static size_t draw_lower(const struct bootstrap_ranks *r, gsl_rng *rng)
{
	double u = gsl_rng_uniform(rng);
	size_t bucket = (size_t)(u * (double)r->n);
	size_t j = r->guide[bucket < r->n ? bucket : r->n - 1];

	while (j > 0 && r->lower_cdf[j - 1] > u)
		j--;
	while (r->lower_cdf[j] <= u)
		j++;
	return j;
}

/*
 * U given L = a (n even, m = n / 2): a, or a plus the least of the m draws
 * above a, each uniform on 1 .. n - 1 - a. That least one is the least of
 * m continuous uniforms on (0, n - 1 - a], rounded up; by inversion, that
 * is (n - 1 - a) (1 - v^(1/m)) for v uniform on (0, 1]. The uniform u that
 * chose to split serves again: given u < split[a], 1 - u / split[a] is v.
 */
static size_t draw_upper(const struct bootstrap_ranks *r, gsl_rng *rng, size_t a)
{
	size_t m = r->n / 2, above = r->n - 1 - a;
	double u = gsl_rng_uniform(rng), least;

	if (u >= r->split[a])
		return a;
	least = ceil((double)above * -expm1(log1p(-u / r->split[a]) / (double)m));
	/* within [1, above]; comparisons where fmin and fmax are calls (least is a number) */
	return a + (least < 1 ? 1 : least > (double)above ? above : (size_t)least);
}

static double one_median(const double *sorted, const struct bootstrap_ranks *r, gsl_rng *rng)
{
	size_t lower = draw_lower(r, rng);

	if (r->n % 2)
		return sorted[lower];
	/* the interpolation of gsl_stats_quantile_from_sorted_data */
	return (1 - 0.5) * sorted[lower] + 0.5 * sorted[draw_upper(r, rng, lower)];
}

void bootstrap_medians(const double *sorted, const struct bootstrap_ranks *r, size_t b,
		       unsigned long seed, double *out)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, seed);
	for (size_t i = 0; i < b; i++)
		out[i] = one_median(sorted, r, rng);
	gsl_rng_free(rng);
}

void bootstrap_ratio_ci(const double *num, const double *den, size_t b, double *scratch,
			double *low, double *high)
{
	*low = *high = NAN;
	for (size_t i = 0; i < b; i++) {
		if (den[i] == 0)
			return;
		scratch[i] = num[i] / den[i];
	}
	stats_tail_quantiles(scratch, b, 0.025, 0.975, low, high);
}
