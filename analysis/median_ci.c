#include "analysis/median_ci.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

static double coverage_of(size_t k, size_t n)
{
	return 1 - 2 * gsl_cdf_binomial_P((unsigned)(k - 1), 0.5, (unsigned)n);
}

void median_ci_order_stats(size_t n, double level, struct median_ci *out)
{
	size_t lo = 1, hi = (n + 1) / 2; /* coverage falls as k grows: bisect */

	out->k = 0;
	out->coverage = NAN;
	if (!n || coverage_of(1, n) < level)
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (coverage_of(mid, n) >= level)
			lo = mid;
		else
			hi = mid - 1;
	}
	out->k = lo;
	out->coverage = coverage_of(lo, n);
}
