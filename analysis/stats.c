#include "analysis/stats.h"
#include "analysis/median_ci.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stddef.h>

/* Confidence level of every interval crbench prints. */
#define MEDIAN_CI_LEVEL 0.95
/* Tukey's fences, as boxplot.stats() and ggplot2 use them. */
#define WHISKER_COEF 1.5

void stats_sort(double *x, size_t n)
{
	if (n)
		gsl_sort(x, 1, n);
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	return n ? gsl_stats_quantile_from_sorted_data(sorted, 1, n, p) : NAN;
}

static void swap(double *x, ptrdiff_t i, ptrdiff_t j)
{
	double t = x[i];

	x[i] = x[j];
	x[j] = t;
}

/*
 * Hoare's selection. The median of three as pivot keeps sorted input
 * linear; it also stops both scans of the first pass, and each swap stops
 * the next ones.
 */
void stats_select_kth(double *x, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, target = (ptrdiff_t)k;

	while (lo < hi) {
		ptrdiff_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
		double pivot;
		if (x[mid] < x[lo])
			swap(x, mid, lo);
		if (x[hi] < x[lo])
			swap(x, hi, lo);
		if (x[hi] < x[mid])
			swap(x, hi, mid);
		pivot = x[mid];
		while (i <= j) {
			while (x[i] < pivot)
				i++;
			while (pivot < x[j])
				j--;
			if (i <= j)
				swap(x, i++, j--);
		}
		if (target <= j)
			hi = j;
		else if (target >= i)
			lo = i;
		else
			return; /* j < target < i: x[target] equals the pivot, in place */
	}
}

/* The interpolation of gsl_stats_quantile_from_sorted_data, term for term. */
double stats_quantile_select(double *x, size_t n, double p)
{
	double index = p * (double)(n - 1), delta, next;
	size_t lhs = (size_t)index;

	if (!n)
		return NAN;
	delta = index - (double)lhs;
	stats_select_kth(x, n, lhs);
	if (lhs == n - 1)
		return x[lhs];
	/* next = fmin(next, x[i]) as libm's (the latter of equals), without a call */
	next = x[lhs + 1];
	for (size_t i = lhs + 2; i < n; i++)
		if (x[i] <= next)
			next = x[i];
	return (1 - delta) * x[lhs] + delta * next;
}

/* Sift x[i] down the max-heap x[0 .. k). */
static void sift_down(double *x, size_t k, size_t i)
{
	double v = x[i];

	for (size_t c = 2 * i + 1; c < k; i = c, c = 2 * i + 1) {
		if (c + 1 < k && x[c + 1] > x[c])
			c++;
		if (!(x[c] > v))
			break;
		x[i] = x[c];
	}
	x[i] = v;
}

/*
 * Reorder x so that x[0 .. k) holds its k smallest values (2 <= k <= n) as
 * a max-heap: x[0] is the k-th smallest and the larger of x[1] and x[2]
 * the (k-1)-th. One pass in which most values lose one comparison.
 */
static void heap_of_smallest(double *x, size_t n, size_t k)
{
	for (size_t i = k / 2; i-- > 0;)
		sift_down(x, k, i);
	for (size_t i = k; i < n; i++) {
		if (x[i] < x[0]) {
			double t = x[0];
			x[0] = x[i];
			x[i] = t;
			sift_down(x, k, 0);
		}
	}
}

static double heap_second(const double *x, size_t k)
{
	return k > 2 && x[2] > x[1] ? x[2] : x[1];
}

void stats_tail_quantiles(double *x, size_t n, double p_low, double p_high, double *low,
			  double *high)
{
	double index_low = p_low * (double)(n - 1), index_high = p_high * (double)(n - 1);
	size_t lhs_low = (size_t)index_low, lhs_high = (size_t)index_high;
	/* the ranks lhs and lhs + 1 counted from each end */
	size_t k_low = lhs_low + 2, k_high = n - lhs_high;
	double d_low = index_low - (double)lhs_low, d_high = index_high - (double)lhs_high;

	if (!n || lhs_high + 1 >= n || k_high < 2 || 4 * (k_low + k_high) > n) {
		*low = stats_quantile_select(x, n, p_low);
		*high = stats_quantile_select(x, n, p_high);
		return;
	}
	heap_of_smallest(x, n, k_low);
	*low = (1 - d_low) * heap_second(x, k_low) + d_low * x[0];
	/* the largest of x are the smallest of -x, exactly */
	for (size_t i = k_low; i < n; i++)
		x[i] = -x[i];
	heap_of_smallest(x + k_low, n - k_low, k_high);
	*high = (1 - d_high) * -x[k_low] + d_high * -heap_second(x + k_low, k_high);
}

static void describe_whiskers(const double *sorted, size_t n, struct stats_summary *out)
{
	double fence_low = out->q1 - WHISKER_COEF * out->iqr;
	double fence_high = out->q3 + WHISKER_COEF * out->iqr;
	size_t lo = 0, hi = n;

	while (lo < n && sorted[lo] < fence_low)
		lo++;
	while (hi > lo && sorted[hi - 1] > fence_high)
		hi--;
	out->n_low_outliers = lo;
	out->n_high_outliers = n - hi;
	out->whisker_low = lo < hi ? fmin(sorted[lo], out->q1) : out->q1;
	out->whisker_high = lo < hi ? fmax(sorted[hi - 1], out->q3) : out->q3;
}

static void describe_median_ci(const double *sorted, size_t n, struct stats_summary *out)
{
	struct median_ci ci;

	median_ci_order_stats(n, MEDIAN_CI_LEVEL, &ci);
	if (!ci.k)
		return;
	out->median_ci_low = sorted[ci.k - 1];
	out->median_ci_high = sorted[n - ci.k];
	out->median_ci_coverage = ci.coverage;
}

void stats_describe_sorted(const double *sorted, size_t n, struct stats_summary *out)
{
	out->n = n;
	out->min = out->q1 = out->median = out->q3 = out->max = NAN;
	out->mean = out->sd = out->iqr = out->cov = NAN;
	out->whisker_low = out->whisker_high = NAN;
	out->n_low_outliers = out->n_high_outliers = 0;
	out->median_ci_low = out->median_ci_high = out->median_ci_coverage = NAN;
	if (!n)
		return;
	out->min = sorted[0];
	out->max = sorted[n - 1];
	out->q1 = stats_quantile_sorted(sorted, n, 0.25);
	out->median = stats_quantile_sorted(sorted, n, 0.5);
	out->q3 = stats_quantile_sorted(sorted, n, 0.75);
	out->iqr = out->q3 - out->q1;
	out->mean = gsl_stats_mean(sorted, 1, n);
	/* GSL would divide by n - 1 = 0; R says NA, and so do we */
	if (n > 1)
		out->sd = gsl_stats_sd_m(sorted, 1, n, out->mean);
	if (n > 1 && out->mean != 0)
		out->cov = out->sd / out->mean;
	describe_whiskers(sorted, n, out);
	describe_median_ci(sorted, n, out);
}
