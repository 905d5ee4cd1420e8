#include "analysis/wilcoxon.h"
#include "analysis/stats.h"
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

/* What one pass over the nx * ny differences x_i - y_j tells about a value v. */
struct tally {
	size_t at_most;		/* differences <= v */
	double largest_at_most; /* -inf when none */
	double smallest_above;	/* +inf when none */
};

/*
 * Rounding is monotone, so for each i the differences fall as j rises and
 * the boundary of those <= v only moves right: O(nx + ny). The largest
 * difference <= v in a row is at its boundary, the smallest above v just
 * before it.
 */
static void tally(const double *x, size_t nx, const double *y, size_t ny, double v, struct tally *t)
{
	size_t j = 0;

	t->at_most = 0;
	t->largest_at_most = -INFINITY;
	t->smallest_above = INFINITY;
	for (size_t i = 0; i < nx; i++) {
		while (j < ny && x[i] - y[j] > v)
			j++;
		t->at_most += ny - j;
		if (j < ny && x[i] - y[j] > t->largest_at_most)
			t->largest_at_most = x[i] - y[j];
		if (j > 0 && x[i] - y[j - 1] < t->smallest_above)
			t->smallest_above = x[i] - y[j - 1];
	}
}

/*
 * The search for the k-th smallest (0-based) of the differences without
 * forming them: `below` of them are <= lo, the smallest above lo is
 * above_lo, and `upto` are <= hi, itself a difference; below <= k < upto,
 * so the one sought is in [above_lo, hi].
 */
struct hl_search {
	const double *x, *y;
	size_t nx, ny, k;
	double lo, above_lo, hi;
	size_t below, upto;
	double last, before_last; /* the last two values counted at, and their counts */
	size_t last_count, before_last_count;
	int steps, halve, halvings;
};

/* A secant step through the last two counts, aimed at rank k + 1/2 + aim. */
static double secant(const struct hl_search *s, double aim)
{
	double target = (double)s->k + 0.5 + aim, slope;

	if (s->steps == 1) {
		/* one count so far: the differences spread over about the two IQRs */
		const double *x = s->x, *y = s->y;
		double spread = x[s->nx * 3 / 4] - x[s->nx / 4] + y[s->ny * 3 / 4] - y[s->ny / 4];
		slope = (double)s->nx * (double)s->ny / spread;
	} else {
		slope = ((double)s->last_count - (double)s->before_last_count) /
			(s->last - s->before_last);
	}
	return s->last + (target - (double)s->last_count) / slope;
}

static int inside(const struct hl_search *s, double v)
{
	return v >= s->above_lo && v < s->hi;
}

/*
 * Where to count next, in [above_lo, hi), so that every count narrows the
 * bracket. First the difference of the medians, near the answer for any
 * shift; then secant steps aimed a little past rank k, so that the counts
 * land on both sides of it and close the bracket from both ends. Where a
 * step falls outside, or the last one did not halve the distance to rank
 * k, the bracket is halved instead: by value (ties, gaps), and after 64 of
 * those by the bits of the doubles in order, which ends it within 64 more.
 */
static double next_guess(struct hl_search *s, size_t close_enough)
{
	double aim = (double)close_enough / 4, v = NAN;
	uint64_t lo, hi;

	if (!s->steps)
		v = s->x[s->nx / 2] - s->y[s->ny / 2];
	else if (!s->halve)
		v = secant(s, s->last_count > s->k ? -aim : aim);
	if (inside(s, v))
		return v;
	v = s->above_lo + (s->hi - s->above_lo) / 2;
	if (s->halvings++ < 64 && inside(s, v))
		return v;
	lo = order_key(s->above_lo);
	hi = order_key(s->hi);
	return key_value(lo + (hi - lo) / 2);
}

/* How far a count is from rank k + 1/2, where the secant aims. */
static double miss(const struct hl_search *s, size_t count)
{
	return fabs((double)count - ((double)s->k + 0.5));
}

static void count_at(struct hl_search *s, double v)
{
	struct tally t;

	tally(s->x, s->nx, s->y, s->ny, v, &t);
	if (t.at_most > s->k) {
		s->hi = t.largest_at_most;
		s->upto = t.at_most;
	} else {
		s->lo = v;
		s->above_lo = t.smallest_above;
		s->below = t.at_most;
	}
	s->halve = s->steps++ && 2 * miss(s, t.at_most) > miss(s, s->last_count);
	s->before_last = s->last;
	s->before_last_count = s->last_count;
	s->last = v;
	s->last_count = t.at_most;
}

/* The differences in (lo, hi], upto - below of them, into `out`. */
static size_t gather(const struct hl_search *s, double *out)
{
	size_t m = 0, from = 0, to = 0;

	for (size_t i = 0; i < s->nx; i++) {
		while (from < s->ny && s->x[i] - s->y[from] > s->hi)
			from++;
		if (to < from)
			to = from;
		while (to < s->ny && s->x[i] - s->y[to] > s->lo)
			to++;
		for (size_t j = from; j < to; j++)
			out[m++] = s->x[i] - s->y[j];
	}
	return m;
}

/* The smallest difference above v (+inf when none). */
static double above(const struct hl_search *s, double v)
{
	struct tally t;

	tally(s->x, s->nx, s->y, s->ny, v, &t);
	return t.smallest_above;
}

/*
 * The k-th and (k+1)-th smallest differences (the latter only when `next`
 * is not NULL; k + 1 < nx * ny). Counting passes narrow the bracket until
 * it holds at most nx + ny differences, three passes for most samples, or
 * one value (ties); then those are gathered and selected. Memory O(nx + ny).
 */
static double kth_difference(const double *x, size_t nx, const double *y, size_t ny, size_t k,
			     double *next)
{
	struct hl_search s = {.x = x, .y = y, .nx = nx, .ny = ny, .k = k, .upto = nx * ny};
	size_t close_enough = nx + ny, m;
	double *buf, kth;

	s.above_lo = x[0] - y[ny - 1]; /* the smallest difference */
	s.lo = nextafter(s.above_lo, -INFINITY);
	s.hi = x[nx - 1] - y[0];
	while (s.upto - s.below > close_enough && s.above_lo < s.hi)
		count_at(&s, next_guess(&s, close_enough));
	if (s.above_lo >= s.hi) { /* every difference in (lo, hi] is hi */
		if (next)
			*next = k + 1 < s.upto ? s.hi : above(&s, s.hi);
		return s.hi;
	}
	buf = xmalloc((s.upto - s.below) * sizeof(*buf));
	m = gather(&s, buf);
	stats_select_kth(buf, m, k - s.below);
	kth = buf[k - s.below];
	if (next) {
		*next = k + 1 < s.upto ? INFINITY : above(&s, s.hi);
		for (size_t i = k - s.below + 1; i < m; i++)
			if (buf[i] < *next)
				*next = buf[i];
	}
	free(buf);
	return kth;
}

double wilcoxon_hl_shift(const double *x, size_t nx, const double *y, size_t ny)
{
	size_t total = nx * ny, half = total / 2;
	double lower, upper;

	if (!total)
		return NAN;
	if (total % 2)
		return kth_difference(x, nx, y, ny, half, NULL) + 0.0; /* + 0.0: -0 is 0, as in R */
	lower = kth_difference(x, nx, y, ny, half - 1, &upper);
	if (upper == lower)
		return lower + 0.0;
	return (lower + upper) / 2 + 0.0;
}
