#ifndef CRBENCH_BOOTSTRAP_H
#define CRBENCH_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Percentile bootstrap of a ratio of medians. Each group is resampled on
 * its own (with replacement, same size), so its B medians are computed
 * once and serve every comparison the group takes part in. The stream of
 * a group is GSL's mt19937 seeded from the run's seed and the group's key:
 * a comparison's interval depends on its two groups and the seed only, not
 * on which other groups the run happens to have.
 */

/* A seed for one group: `seed` mixed with a hash of the NUL-separated key. */
unsigned long bootstrap_group_seed(unsigned long seed, const char *const *key, size_t nkeys);

/*
 * `b` medians (R's type 7) of resamples of `sorted` (n >= 1) into `out`.
 * `counts` is scratch space of n entries.
 */
void bootstrap_medians(const double *sorted, size_t n, size_t b, unsigned long seed,
		       uint32_t *counts, double *out);

/*
 * The 2.5 % and 97.5 % type-7 quantiles of num[i] / den[i], i < b. NaN
 * when a resampled denominator is 0 (the ratio is then undefined) or b = 0.
 * `scratch` holds b doubles.
 */
void bootstrap_ratio_ci(const double *num, const double *den, size_t b, double *scratch,
			double *low, double *high);

#endif
