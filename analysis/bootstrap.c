#include "analysis/bootstrap.h"
#include "analysis/stats.h"
#include "analysis/strpool.h"

#include <gsl/gsl_rng.h>
#include <math.h>
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

/* The value at 0-based rank r of the resample described by counts[]. */
static double resample_rank(const double *sorted, const uint32_t *counts, size_t *at, size_t *seen,
			    size_t r)
{
	while (*seen + counts[*at] <= r)
		*seen += counts[(*at)++];
	return sorted[*at];
}

/*
 * Uniform in [0, n) from mt19937's 32-bit outputs, exactly: Lemire's
 * multiply-and-shift rejects only within the rare partial interval, so it
 * almost never divides (gsl_rng_uniform_int divides on every draw, and the
 * bootstrap of 10^4 groups makes 10^9 draws).
 */
static size_t uniform_below(gsl_rng *rng, uint32_t n)
{
	uint64_t m = (uint64_t)(uint32_t)gsl_rng_get(rng) * n;

	if ((uint32_t)m < n) {
		uint32_t threshold = (uint32_t)-n % n;
		while ((uint32_t)m < threshold)
			m = (uint64_t)(uint32_t)gsl_rng_get(rng) * n;
	}
	return (size_t)(m >> 32);
}

/*
 * One resample is n draws of an index; counting them (instead of sorting
 * n values) gives its order statistics in O(n), since `sorted` is sorted.
 */
static double one_median(const double *sorted, size_t n, gsl_rng *rng, uint32_t *counts)
{
	double h = (double)(n - 1) * 0.5, lo_value, hi_value;
	size_t lo = (size_t)h, at = 0, seen = 0;

	memset(counts, 0, n * sizeof(*counts));
	for (size_t i = 0; i < n; i++)
		counts[uniform_below(rng, (uint32_t)n)]++;
	lo_value = resample_rank(sorted, counts, &at, &seen, lo);
	if (h == (double)lo)
		return lo_value;
	hi_value = resample_rank(sorted, counts, &at, &seen, lo + 1);
	/* the interpolation of gsl_stats_quantile_from_sorted_data */
	return (1 - 0.5) * lo_value + 0.5 * hi_value;
}

void bootstrap_medians(const double *sorted, size_t n, size_t b, unsigned long seed,
		       uint32_t *counts, double *out)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(rng, seed);
	for (size_t i = 0; i < b; i++)
		out[i] = one_median(sorted, n, rng, counts);
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
	stats_sort(scratch, b);
	*low = stats_quantile_sorted(scratch, b, 0.025);
	*high = stats_quantile_sorted(scratch, b, 0.975);
}
