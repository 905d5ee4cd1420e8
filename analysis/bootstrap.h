#ifndef CRBENCH_BOOTSTRAP_H
#define CRBENCH_BOOTSTRAP_H

#include <stddef.h>

/*
 * Percentile bootstrap of a ratio of medians. Each group is resampled on
 * its own (with replacement, same size), so its B medians are computed
 * once and serve every comparison the group takes part in. The stream of
 * a group is GSL's mt19937 seeded from the run's seed and the group's key:
 * a comparison's interval depends on its two groups and the seed only, not
 * on which other groups the run happens to have.
 *
 * A resample's median needs only its middle order statistics, and their
 * positions in the sorted group have a known distribution (binomial order
 * statistics, below). So each resample costs one to three uniform draws
 * instead of n: the medians have exactly the distribution of those of n
 * index draws, but are not the same numbers as drawing the n indices with
 * the same seed would give.
 */

/* A seed for one group: `seed` mixed with a hash of the NUL-separated key. */
unsigned long bootstrap_group_seed(unsigned long seed, const char *const *key, size_t nkeys);

/*
 * Where the middle of a resample of n sorted values lies. Let m be the
 * 1-based rank of the lower middle value (n odd: the median itself) and
 * K_j ~ binomial(n, (j + 1) / n) the number of the n draws at index <= j.
 * The lower middle index L is the first j with K_j >= m, so
 * P(L <= j) = P(K_j >= m). For even n the upper middle index U is L unless
 * exactly m draws are <= L; then the other m draws are uniform above L and
 * U - L is the least of them.
 */
struct bootstrap_ranks {
	size_t n;	   /* the size these tables are for; 0: none yet */
	double *lower_cdf; /* [j]: P(L <= j), nondecreasing, lower_cdf[n - 1] = 1 */
	size_t *guide;	   /* [t]: the first j with P(L <= j) > t / n, where drawing L starts */
	double *split;	   /* even n, [a]: P(U > L | L = a) */
};

#define BOOTSTRAP_RANKS_INIT                                                                       \
	{                                                                                          \
		0, NULL, NULL, NULL                                                                \
	}

/* Make `r` describe resamples of size n (n >= 1); nothing to do when it does. */
void bootstrap_ranks_prepare(struct bootstrap_ranks *r, size_t n);
void bootstrap_ranks_clear(struct bootstrap_ranks *r);

/*
 * `b` medians (R's type 7) of resamples of `sorted`, whose size is the one
 * `r` was prepared for, into `out`.
 */
void bootstrap_medians(const double *sorted, const struct bootstrap_ranks *r, size_t b,
		       unsigned long seed, double *out);

/*
 * The 2.5 % and 97.5 % type-7 quantiles of num[i] / den[i], i < b. NaN
 * when a resampled denominator is 0 (the ratio is then undefined) or b = 0.
 * `scratch` holds b doubles.
 */
void bootstrap_ratio_ci(const double *num, const double *den, size_t b, double *scratch,
			double *low, double *high);

#endif
