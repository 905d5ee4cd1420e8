#include "analysis/stats.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

void stats_sort(double *x, size_t n)
{
	if (n)
		gsl_sort(x, 1, n);
}

void stats_describe_sorted(const double *sorted, size_t n, struct stats_summary *out)
{
	out->n = n;
	out->min = out->q1 = out->median = out->q3 = out->max = NAN;
	out->mean = out->sd = NAN;
	if (!n)
		return;
	out->min = sorted[0];
	out->max = sorted[n - 1];
	out->q1 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25);
	out->median = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.5);
	out->q3 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75);
	out->mean = gsl_stats_mean(sorted, 1, n);
	/* GSL would divide by n - 1 = 0; R says NA, and so do we */
	if (n > 1)
		out->sd = gsl_stats_sd_m(sorted, 1, n, out->mean);
}
