#include "analysis/wilcoxon.h"
#include "common/xalloc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* R's wilcox.test(exact = NULL) is exact below this size of each sample. */
#define EXACT_BELOW 50

struct rank_sums {
	double w;
	double tie_sum; /* sum of t^3 - t over the groups of equal values */
	int ties;
};

/*
 * W = #{x_i > y_j} + #{x_i = y_j} / 2, which is what the midrank sum of x
 * minus nx (nx + 1) / 2 equals, found by one merge of the sorted samples.
 * The tie term is summed in long double as R's sum() does.
 */
static void rank_sums(const double *x, size_t nx, const double *y, size_t ny, struct rank_sums *out)
{
	size_t i = 0, j = 0;
	long double w = 0, tie_sum = 0;

	out->ties = 0;
	while (i < nx || j < ny) {
		double v = j >= ny || (i < nx && x[i] < y[j]) ? x[i] : y[j];
		size_t cx = 0, cy = 0, below = j;
		while (i < nx && x[i] == v)
			i++, cx++;
		while (j < ny && y[j] == v)
			j++, cy++;
		w += (long double)cx * below + 0.5L * cx * cy;
		if (cx + cy > 1) {
			long double t = (long double)(cx + cy);
			out->ties = 1;
			tie_sum += t * t * t - t;
		}
	}
	out->w = (double)w;
	out->tie_sum = (double)tie_sum;
}

/*
 * Counts of W = u for sizes (m, n), by R's cwilcox recursion
 * f(i, j; u) = f(i - 1, j; u - j) + f(i, j - 1; u): the largest of the
 * i + j values is either an x above all j y's or a y. Sums of positive
 * terms only, so the tail counts are exact integers while they fit.
 */
static void fill_counts(struct wilcoxon_cache *c, size_t m, size_t n)
{
	size_t len = m * n + 1;
	double *f = xcalloc((m + 1) * len, sizeof(*f)); /* f[i * len + u] for the current j */

	for (size_t i = 0; i <= m; i++)
		f[i * len] = 1; /* j = 0: W = 0 */
	for (size_t j = 1; j <= n; j++)
		for (size_t i = 1; i <= m; i++)
			for (size_t u = i * j + 1; u-- > j;)
				f[i * len + u] += f[(i - 1) * len + u - j];
	free(c->counts);
	c->counts = xmalloc(len * sizeof(*c->counts));
	memcpy(c->counts, f + m * len, len * sizeof(*c->counts));
	c->nx = m;
	c->ny = n;
	free(f);
}

/* R's pwilcox(q, m, n, lower.tail), summing over the shorter tail as R does. */
static double pwilcox(double q, size_t m, size_t n, const double *counts, int lower)
{
	double mn = (double)m * (double)n, total = gsl_sf_choose((unsigned)(m + n), (unsigned)n);
	double p = 0;

	q = floor(q + 1e-7);
	if (q < 0)
		return lower ? 0 : 1;
	if (q >= mn)
		return lower ? 1 : 0;
	if (q <= mn / 2) {
		for (size_t i = 0; i <= (size_t)q; i++)
			p += counts[i] / total;
	} else {
		q = mn - q;
		for (size_t i = 0; i < (size_t)q; i++)
			p += counts[i] / total;
		lower = !lower;
	}
	return lower ? p : 0.5 - p + 0.5;
}

static double exact_p(double w, size_t nx, size_t ny, struct wilcoxon_cache *cache)
{
	double p;

	if (!cache->counts || cache->nx != nx || cache->ny != ny)
		fill_counts(cache, nx, ny);
	if (w > (double)nx * (double)ny / 2)
		p = pwilcox(w - 1, nx, ny, cache->counts, 0);
	else
		p = pwilcox(w, nx, ny, cache->counts, 1);
	return fmin(2 * p, 1);
}

/* R's normal approximation, term by term in R's order. */
static double normal_p(const struct rank_sums *rs, size_t nx, size_t ny)
{
	double n_x = (double)nx, n_y = (double)ny;
	double z = rs->w - n_x * n_y / 2;
	double sigma = sqrt((n_x * n_y / 12) *
			    ((n_x + n_y + 1) - rs->tie_sum / ((n_x + n_y) * (n_x + n_y - 1))));
	double correction = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;

	z = (z - correction) / sigma;
	if (isnan(z))
		return NAN;
	return 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
}

void wilcoxon_test(const double *x, size_t nx, const double *y, size_t ny,
		   struct wilcoxon_cache *cache, struct wilcoxon_result *out)
{
	struct rank_sums rs;

	out->w = out->p_value = out->hl_shift = NAN;
	out->exact = 0;
	if (!nx || !ny)
		return;
	rank_sums(x, nx, y, ny, &rs);
	out->w = rs.w;
	out->exact = nx < EXACT_BELOW && ny < EXACT_BELOW && !rs.ties;
	out->p_value = out->exact ? exact_p(rs.w, nx, ny, cache) : normal_p(&rs, nx, ny);
	out->hl_shift = wilcoxon_hl_shift(x, nx, y, ny);
}

void wilcoxon_cache_clear(struct wilcoxon_cache *cache)
{
	free(cache->counts);
	memset(cache, 0, sizeof(*cache));
}

/* Doubles as unsigned integers in the same order, so bisection can run on them. */
static uint64_t order_key(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b >> 63 ? ~b : b | (UINT64_C(1) << 63);
}

static double key_value(uint64_t k)
{
	uint64_t b = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
	double d;

	memcpy(&d, &b, sizeof(d));
	return d;
}

/*
 * #{(i, j): x_i - y_j <= v}. Rounding is monotone, so for each i the
 * differences fall as j rises and the boundary only moves right.
 */
static size_t count_at_most(const double *x, size_t nx, const double *y, size_t ny, double v)
{
	size_t count = 0, j = 0;

	for (size_t i = 0; i < nx; i++) {
		while (j < ny && x[i] - y[j] > v)
			j++;
		count += ny - j;
	}
	return count;
}

/*
 * The k-th smallest (0-based) of the nx * ny differences without forming
 * them: the smallest double v with more than k differences <= v is one of
 * the differences, and bisection over the ordered doubles takes at most 64
 * counting passes. Memory O(1), so n = 10^5 per group is no problem.
 */
static double kth_difference(const double *x, size_t nx, const double *y, size_t ny, size_t k)
{
	uint64_t lo = order_key(x[0] - y[ny - 1]), hi = order_key(x[nx - 1] - y[0]);

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (count_at_most(x, nx, y, ny, key_value(mid)) > k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return key_value(lo);
}

/*
 * The smallest difference above v, or v when none is: for each i the
 * differences above v are those with j below the boundary, and the
 * smallest of them is at the boundary. One pass instead of a second search.
 */
static double next_difference(const double *x, size_t nx, const double *y, size_t ny, double v)
{
	double next = INFINITY;
	size_t j = 0;

	for (size_t i = 0; i < nx; i++) {
		while (j < ny && x[i] - y[j] > v)
			j++;
		if (j > 0 && x[i] - y[j - 1] < next)
			next = x[i] - y[j - 1];
	}
	return isinf(next) ? v : next;
}

double wilcoxon_hl_shift(const double *x, size_t nx, const double *y, size_t ny)
{
	size_t total = nx * ny, half = total / 2;
	double lower;

	if (!total)
		return NAN;
	if (total % 2)
		return kth_difference(x, nx, y, ny, half) + 0.0; /* + 0.0: -0 is 0, as in R */
	lower = kth_difference(x, nx, y, ny, half - 1);
	if (count_at_most(x, nx, y, ny, lower) > half) /* the two middle ones are equal */
		return lower + 0.0;
	return (lower + next_difference(x, nx, y, ny, lower)) / 2 + 0.0;
}
