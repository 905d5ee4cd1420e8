/*
 * The percentile bootstrap of a ratio of medians, checked by simulation:
 * 200 pairs of samples from lognormal distributions whose true median
 * ratio is known, B = 1000 each; the 95 % interval must cover the truth
 * in 90-99 % of them. Also: seeded and reproducible, groups independent.
 */
#include "analysis/bootstrap.h"
#include "analysis/stats.h"
#include "tests/unit/tap.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

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
	uint32_t counts[N_CAND];
	const char *kb[] = {"base"}, *kc[] = {"cand"};

	draw(rng, log(100), 0.25, base, N_BASE);
	draw(rng, log(100 * truth), 0.4, cand, N_CAND);
	bootstrap_medians(base, N_BASE, B, bootstrap_group_seed((unsigned long)round, kb, 1),
			  counts, mb);
	bootstrap_medians(cand, N_CAND, B, bootstrap_group_seed((unsigned long)round, kc, 1),
			  counts, mc);
	bootstrap_ratio_ci(mc, mb, B, scratch, &low, &high);
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
	uint32_t counts[10];
	const char *key1[] = {"bare-metal", "runc"}, *key2[] = {"bare-metal", "runsc"};
	int same = 1, differ = 0;

	bootstrap_medians(x, 10, 50, bootstrap_group_seed(1, key1, 2), counts, a);
	bootstrap_medians(x, 10, 50, bootstrap_group_seed(1, key1, 2), counts, b);
	bootstrap_medians(x, 10, 50, bootstrap_group_seed(1, key2, 2), counts, c);
	for (int i = 0; i < 50; i++) {
		same &= a[i] == b[i];
		differ |= a[i] != c[i];
	}
	CHECK(same, "same seed and key: the same resampled medians");
	CHECK(differ, "another group key: another stream");
	CHECK(bootstrap_group_seed(1, key1, 2) != bootstrap_group_seed(2, key1, 2),
	      "another seed: another stream");
	bootstrap_medians(x, 1, 5, 7, counts, a);
	CHECK(a[0] == 1 && a[4] == 1, "n = 1: every resample is the value");
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
	test_zero_denominator();
	return tap_done();
}
