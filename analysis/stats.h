#ifndef CRBENCH_STATS_H
#define CRBENCH_STATS_H

#include <stddef.h>

/*
 * Statistics of one group of values (GSL). Every function takes the group
 * sorted ascending, so the order statistics (quartiles, whiskers, the
 * median's confidence interval) share one sort.
 */
struct stats_summary {
	size_t n;
	double min, q1, median, q3, max;
	double mean;
	double sd;  /* NaN (written NA) below two values, as R's sd() */
	double iqr; /* q3 - q1 */
	double cov; /* sd / mean; NaN where sd is, or where the mean is 0 */
	/*
	 * Tukey whiskers as ggplot2's stat_boxplot draws them: the range of
	 * the quartiles and of the values within 1.5 IQR of the quartiles.
	 * Including the quartiles matters only when interpolation puts a
	 * quartile beyond every value inside the fence (R's range(c(stats[2:4],
	 * y[!outliers]))), so a whisker never reaches into the box.
	 */
	double whisker_low, whisker_high;
	/* the outliers are sorted[0 .. n_low_outliers) and the last n_high_outliers */
	size_t n_low_outliers, n_high_outliers;
	/* order-statistic CI of the median (analysis/median_ci.h); NaN when n <= 5 */
	double median_ci_low, median_ci_high, median_ci_coverage;
};

/* Sort `x` ascending in place (values are finite: the reader checked). */
void stats_sort(double *x, size_t n);

/* R's quantile(x, p, type = 7) of sorted data; NaN for n = 0. */
double stats_quantile_sorted(const double *sorted, size_t n, double p);

/*
 * Reorder `x` (n > k) so that x[k] is the value the sorted array has
 * there, nothing before it larger and nothing after it smaller.
 */
void stats_select_kth(double *x, size_t n, size_t k);

/*
 * The same number as stats_quantile_sorted() would give for `x` sorted,
 * by selection instead of sorting (O(n)); reorders `x`. NaN for n = 0.
 */
double stats_quantile_select(double *x, size_t n, double p);

/*
 * The same numbers for p_low near 0 and p_high near 1 (a percentile
 * interval): when they lie in the tails, from a heap of each tail in one
 * pass over x each, instead of two selections; reorders and overwrites x.
 */
void stats_tail_quantiles(double *x, size_t n, double p_low, double p_high, double *low,
			  double *high);

/*
 * Describe `sorted`: quartiles as R's quantile(type = 7), which is GSL's
 * gsl_stats_quantile_from_sorted_data. n = 0 (every repetition failed)
 * gives NaN everywhere but n.
 */
void stats_describe_sorted(const double *sorted, size_t n, struct stats_summary *out);

#endif
