#ifndef CRBENCH_MEDIAN_CI_H
#define CRBENCH_MEDIAN_CI_H

#include <stddef.h>

/*
 * Distribution-free confidence interval of a median from order statistics:
 * [x(k), x(n+1-k)] covers the true median with probability
 * 1 - 2 P(B <= k - 1), B ~ binomial(n, 1/2), whatever the distribution
 * (continuous). No assumption to defend in a paper, and the coverage is
 * exact, so it is stated rather than rounded to the nominal level.
 */
struct median_ci {
	size_t k;	 /* 1-based lower order statistic; 0 when no pair reaches the level */
	double coverage; /* actual coverage of [x(k), x(n+1-k)]; NaN when k is 0 */
};

/*
 * The narrowest symmetric pair with coverage >= `level` (0.95): the largest
 * such k. n <= 5 cannot reach 95 % (even [x(1), x(n)] covers 1 - 2^(1-n)).
 */
void median_ci_order_stats(size_t n, double level, struct median_ci *out);

#endif
