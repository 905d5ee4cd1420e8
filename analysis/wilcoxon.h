#ifndef CRBENCH_WILCOXON_H
#define CRBENCH_WILCOXON_H

#include <stddef.h>

/*
 * Wilcoxon rank-sum (Mann-Whitney U) test of x against y, two-sided, as
 * R's wilcox.test(x, y) with its defaults computes it, so a reader can
 * check every p-value with one line of R:
 *   - W = sum of the ranks of x - nx (nx + 1) / 2 (midranks for ties);
 *   - exact p-value (the distribution of W by counting, R's pwilcox) when
 *     nx < 50, ny < 50 and no value occurs twice in x and y together;
 *   - otherwise the normal approximation with R's tie and continuity
 *     corrections. NaN when there is no spread at all (R says NaN too).
 * Both inputs sorted ascending, as the groups are.
 */
struct wilcoxon_result {
	double w;
	double p_value; /* NaN when either side is empty or nothing varies */
	int exact;	/* 1: exact distribution, 0: normal approximation */
	/*
	 * Hodges-Lehmann shift: the median of all nx * ny differences
	 * x_i - y_j. It is R's wilcox.test(conf.int = TRUE)$estimate in the
	 * exact case; with ties or n >= 50 R instead finds a root of the
	 * normal-approximation statistic with uniroot(tol = 1e-4), an
	 * approximation of the same quantity, so we keep the exact median.
	 */
	double hl_shift;
};

/*
 * Counts of the exact null distribution of W for the last (nx, ny) seen:
 * comparisons of one run mostly share their sizes. Zero-initialize; free
 * with wilcoxon_cache_clear().
 */
struct wilcoxon_cache {
	size_t nx, ny;
	double *counts; /* counts[u], u = 0 .. nx * ny */
};

void wilcoxon_test(const double *x, size_t nx, const double *y, size_t ny,
		   struct wilcoxon_cache *cache, struct wilcoxon_result *out);
void wilcoxon_cache_clear(struct wilcoxon_cache *cache);

/*
 * The HL shift alone: the median of x_i - y_j, by a few O(nx + ny) counts
 * of the differences below a value (never all nx * ny of them).
 */
double wilcoxon_hl_shift(const double *x, size_t nx, const double *y, size_t ny);

#endif
