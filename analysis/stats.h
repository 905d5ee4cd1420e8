#ifndef CRBENCH_STATS_H
#define CRBENCH_STATS_H

#include <stddef.h>

/*
 * Statistics of one group of values (GSL). Every function takes the group
 * sorted ascending, so the order statistics (quartiles now; whiskers and
 * the median's confidence interval later) share one sort.
 */
struct stats_summary {
	size_t n;
	double min, q1, median, q3, max;
	double mean;
	double sd; /* NaN (written NA) below two values, as R's sd() */
};

/* Sort `x` ascending in place (values are finite: the reader checked). */
void stats_sort(double *x, size_t n);

/*
 * Describe `sorted`: quartiles as R's quantile(type = 7), which is GSL's
 * gsl_stats_quantile_from_sorted_data. n = 0 (every repetition failed)
 * gives NaN everywhere but n.
 */
void stats_describe_sorted(const double *sorted, size_t n, struct stats_summary *out);

#endif
