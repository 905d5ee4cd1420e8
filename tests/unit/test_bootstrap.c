/*
 * The percentile bootstrap of a ratio of medians, checked by simulation:
 * 200 pairs of samples from lognormal distributions whose true median
 * ratio is known, B = 1000 each; the 95 % interval must cover the truth
 * in 90-99 % of them. The resampled medians against all n^n resamples.
 * Also: seeded and reproducible, groups independent.
 */
#include "analysis/bootstrap.h"
#include "analysis/stats.h"
#include "tests/unit/tap.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { DATASETS = 200, B = 1000, N_BASE = 25, N_CAND = 30 };

/* Lognormal samples: median exp(mu), so the true ratio is exp(mu_c - mu_b). */
static void draw(gsl_rng *rng, double mu, double sigma, double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = gsl_ran_lognormal(rng, mu, sigma);
	stats_sort(x, n);
}

static int covers(gsl_rng *rng, int round, double truth)
{
	double base[N_BASE], cand[N_CAND], mb[B], mc[B], scratch[B], low, high;
	struct bootstrap_ranks rb = BOOTSTRAP_RANKS_INIT, rc = BOOTSTRAP_RANKS_INIT;
	const char *kb[] = {"base"}, *kc[] = {"cand"};

	draw(rng, log(100), 0.25, base, N_BASE);
	draw(rng, log(100 * truth), 0.4, cand, N_CAND);
	bootstrap_ranks_prepare(&rb, N_BASE); /* odd */
	bootstrap_ranks_prepare(&rc, N_CAND); /* even */
	bootstrap_medians(base, &rb, B, bootstrap_group_seed((unsigned long)round, kb, 1), mb);
	bootstrap_medians(cand, &rc, B, bootstrap_group_seed((unsigned long)round, kc, 1), mc);
	bootstrap_ratio_ci(mc, mb, B, scratch, &low, &high);
	bootstrap_ranks_clear(&rb);
	bootstrap_ranks_clear(&rc);
	return low <= truth && truth <= high;
}

static void test_coverage(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int hits = 0;

	gsl_rng_set(rng, 2024);
	for (int round = 0; round < DATASETS; round++)
		hits += covers(rng, round, 1.3);
	CHECK(hits >= 180 && hits <= 198, "95 %% CI covers the true ratio in %d of %d data sets",
	      hits, DATASETS);
	gsl_rng_free(rng);
}

static void test_reproducible(void)
{
	double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, a[50], b[50], c[50];
	struct bootstrap_ranks r = BOOTSTRAP_RANKS_INIT;
	const char *key1[] = {"bare-metal", "runc"}, *key2[] = {"bare-metal", "runsc"};
	int same = 1, differ = 0;

	bootstrap_ranks_prepare(&r, 10);
	bootstrap_medians(x, &r, 50, bootstrap_group_seed(1, key1, 2), a);
	bootstrap_medians(x, &r, 50, bootstrap_group_seed(1, key1, 2), b);
	bootstrap_medians(x, &r, 50, bootstrap_group_seed(1, key2, 2), c);
	for (int i = 0; i < 50; i++) {
		same &= a[i] == b[i];
		differ |= a[i] != c[i];
	}
	CHECK(same, "same seed and key: the same resampled medians");
	CHECK(differ, "another group key: another stream");
	CHECK(bootstrap_group_seed(1, key1, 2) != bootstrap_group_seed(2, key1, 2),
	      "another seed: another stream");
	bootstrap_ranks_prepare(&r, 1);
	bootstrap_medians(x, &r, 5, 7, a);
	CHECK(a[0] == 1 && a[4] == 1, "n = 1: every resample is the value");
	bootstrap_ranks_clear(&r);
}

enum { EXACT_MAX_N = 6, EXACT_DRAWS = 200000 };

/*
 * P(median = (x[i] + x[j]) / 2), i <= j, into p[i * n + j], from all n^n
 * resamples of n indices: the lower middle index is where the counts first
 * reach rank m, the upper one where they reach m + 1 (n even) or m again.
 */
static void enumerate(size_t n, double *p)
{
	size_t total = 1, m = (n - 1) / 2 + 1;

	for (size_t k = 0; k < n; k++)
		total *= n;
	for (size_t code = 0; code < total; code++) {
		size_t counts[EXACT_MAX_N] = {0}, c = code, seen = 0, lo = n, hi = n;
		for (size_t k = 0; k < n; k++, c /= n)
			counts[c % n]++;
		for (size_t i = 0; i < n; i++) {
			seen += counts[i];
			if (lo == n && seen >= m)
				lo = i;
			if (hi == n && seen >= (n % 2 ? m : m + 1))
				hi = i;
		}
		p[lo * n + hi] += 1.0 / (double)total;
	}
}

/*
 * The sampler's medians against enumeration, with values 1, 2, 4, ... so
 * that every pair (i, j) has its own mean: each frequency within 5
 * standard errors of the exact probability.
 */
static void test_exact_distribution(size_t n)
{
	static double medians[EXACT_DRAWS];
	double x[EXACT_MAX_N], p[EXACT_MAX_N * EXACT_MAX_N] = {0};
	double seen[EXACT_MAX_N * EXACT_MAX_N] = {0}, worst = 0;
	struct bootstrap_ranks r = BOOTSTRAP_RANKS_INIT;
	size_t unmatched = 0;

	for (size_t i = 0; i < n; i++)
		x[i] = ldexp(1, (int)i);
	enumerate(n, p);
	bootstrap_ranks_prepare(&r, n);
	bootstrap_medians(x, &r, EXACT_DRAWS, 42, medians);
	for (size_t d = 0; d < EXACT_DRAWS; d++) {
		size_t cell = n * n;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i; j < n; j++)
				if ((1 - 0.5) * x[i] + 0.5 * x[j] == medians[d])
					cell = i * n + j;
		if (cell == n * n)
			unmatched++;
		else
			seen[cell] += 1.0 / EXACT_DRAWS;
	}
	for (size_t cell = 0; cell < n * n; cell++) {
		double se = sqrt(p[cell] * (1 - p[cell]) / EXACT_DRAWS) + 1e-6;
		worst = fmax(worst, fabs(seen[cell] - p[cell]) / se);
	}
	CHECK(!unmatched && worst < 5,
	      "n = %zu: resampled medians match all n^n resamples (worst %.2f standard errors)", n,
	      worst);
	bootstrap_ranks_clear(&r);
}

static void test_zero_denominator(void)
{
	double num[] = {1, 2, 3}, den[] = {1, 0, 2}, scratch[3], low, high;

	bootstrap_ratio_ci(num, den, 3, scratch, &low, &high);
	CHECK(isnan(low) && isnan(high), "a resampled median of 0 below: no interval");
	den[1] = 4;
	bootstrap_ratio_ci(num, den, 3, scratch, &low, &high);
	CHECK(low > 0.5 && high <= 1.5, "ratios 1, 0.5, 1.5: interval [%g, %g]", low, high);
}

int main(void)
{
	test_coverage();
	test_reproducible();
	test_exact_distribution(5);
	test_exact_distribution(6);
	test_zero_denominator();
	return tap_done();
}
