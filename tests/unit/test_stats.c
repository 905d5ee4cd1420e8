/*
 * Unit tests of analysis/stats: small vectors against R. Only the inputs
 * and R's outputs are written here; the expected values were printed by
 * R 4 with options(digits = 17) and
 *   c(n = length(x), min = min(x), quantile(x, c(.25, .5, .75), type = 7),
 *     max = max(x), mean = mean(x), sd = sd(x))
 */
#include "analysis/stats.h"
#include "tests/unit/tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct r_case {
	const char *name;
	double x[8];
	size_t n;
	double min, q1, median, q3, max, mean, sd; /* from R; NAN where R says NA */
};

static const struct r_case r_cases[] = {
	{"ties and an outlier", {1, 2, 2, 3, 10}, 5, 1, 2, 2, 3, 10, 3.6, 3.6469165057620940},
	{"a single value", {5}, 1, 5, 5, 5, 5, 5, 5, NAN},
	{"two values", {4, 1}, 2, 1, 1.75, 2.5, 3.25, 4, 2.5, 2.1213203435596424},
	{"even n, unsorted",
	 {3, 1, 4, 1, 5, 9, 2, 6},
	 8,
	 1,
	 1.75,
	 3.5,
	 5.25,
	 9,
	 3.875,
	 2.7483761439387129},
	{"identical values", {7, 7, 7, 7}, 4, 7, 7, 7, 7, 7, 7, 0},
	{"very different magnitudes",
	 {0.001, 1000, 1e6, 2.5, 0.1, 1e6, 33},
	 7,
	 0.001,
	 1.3,
	 33,
	 500500,
	 1e6,
	 285862.22871428571,
	 487849.10653069254},
	{"negative values",
	 {-3.5, 2.25, -0.75},
	 3,
	 -3.5,
	 -2.125,
	 -0.75,
	 0.75,
	 2.25,
	 -0.66666666666666663,
	 2.87590565445623314},
};

/* R prints 17 significant digits, so agreement to 1e-13 is agreement. */
static int close_to(double got, double want)
{
	if (isnan(want))
		return isnan(got);
	return fabs(got - want) <= 1e-13 * fmax(1, fabs(want));
}

static void check_case(const struct r_case *c)
{
	double x[8];
	struct stats_summary s;

	memcpy(x, c->x, sizeof(x));
	stats_sort(x, c->n);
	stats_describe_sorted(x, c->n, &s);
	CHECK(s.n == c->n, "%s: n", c->name);
	CHECK(close_to(s.min, c->min) && close_to(s.max, c->max), "%s: min and max", c->name);
	CHECK(close_to(s.q1, c->q1), "%s: q1 = %.17g (R: %.17g)", c->name, s.q1, c->q1);
	CHECK(close_to(s.median, c->median), "%s: median = %.17g (R: %.17g)", c->name, s.median,
	      c->median);
	CHECK(close_to(s.q3, c->q3), "%s: q3 = %.17g (R: %.17g)", c->name, s.q3, c->q3);
	CHECK(close_to(s.mean, c->mean), "%s: mean = %.17g (R: %.17g)", c->name, s.mean, c->mean);
	CHECK(close_to(s.sd, c->sd), "%s: sd = %.17g (R: %.17g)", c->name, s.sd, c->sd);
}

static void test_sort(void)
{
	double x[] = {3, -1, 2.5, 0, -7};

	stats_sort(x, 5);
	CHECK(x[0] == -7 && x[1] == -1 && x[2] == 0 && x[3] == 2.5 && x[4] == 3,
	      "stats_sort sorts ascending");
	stats_sort(NULL, 0);
	CHECK(1, "stats_sort accepts an empty group");
}

static void test_empty_group(void)
{
	struct stats_summary s;

	stats_describe_sorted(NULL, 0, &s);
	CHECK(s.n == 0, "all failed: n = 0");
	CHECK(isnan(s.min) && isnan(s.q1) && isnan(s.median) && isnan(s.q3) && isnan(s.max) &&
		      isnan(s.mean) && isnan(s.sd),
	      "all failed: every statistic is NA");
}

/*
 * Selection gives the very bits sorting gives: random sizes, many ties,
 * sorted and reversed input, every probability the analysis uses.
 */
static void test_quantile_select(void)
{
	static const double probs[] = {0, 0.025, 0.25, 0.5, 0.75, 0.975, 1};
	double x[300], sorted[300];
	int differ = 0, cases = 0;

	srand(7);
	for (int round = 0; round < 2000; round++) {
		size_t n = 1 + (size_t)rand() % 300;
		int spread = round % 3 ? 1000000 : 4; /* every third round: mostly ties */
		for (size_t i = 0; i < n; i++)
			sorted[i] = (double)(rand() % spread) / 7;
		if (round % 10 == 1 || round % 10 == 2) /* sorted input, then reversed */
			stats_sort(sorted, n);
		for (size_t k = 0; k < sizeof(probs) / sizeof(probs[0]); k++, cases++) {
			double got;
			memcpy(x, sorted, n * sizeof(*x));
			if (round % 10 == 2)
				for (size_t i = 0; i < n / 2; i++) {
					double t = x[i];
					x[i] = x[n - 1 - i];
					x[n - 1 - i] = t;
				}
			got = stats_quantile_select(x, n, probs[k]);
			memcpy(x, sorted, n * sizeof(*x));
			stats_sort(x, n);
			differ += memcmp(&got, &(double){stats_quantile_sorted(x, n, probs[k])},
					 sizeof(got)) != 0;
		}
	}
	CHECK(!differ, "quantiles by selection equal those of the sorted data (%d of %d differ)",
	      differ, cases);
	CHECK(isnan(stats_quantile_select(NULL, 0, 0.5)), "selection: NaN for no value");
}

/* The tails by heaps give the very bits of selection: sizes 1 .. 3000, ties, sorted input. */
static void test_tail_quantiles(void)
{
	static const double pairs[][2] = {{0.025, 0.975}, {0.005, 0.995}, {0.05, 0.95}, {0, 1}};
	static double x[3000], y[3000];
	int differ = 0, cases = 0;

	srand(11);
	for (int round = 0; round < 600; round++) {
		size_t n = 1 + (size_t)rand() % (round % 2 ? 3000 : 60);
		int spread = round % 3 ? 1000000 : 5;
		for (size_t i = 0; i < n; i++)
			x[i] = (double)(rand() % spread - spread / 2) / 7;
		if (round % 10 == 1)
			stats_sort(x, n);
		for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++, cases++) {
			double low, high, want_low, want_high;
			memcpy(y, x, n * sizeof(*y));
			stats_tail_quantiles(y, n, pairs[k][0], pairs[k][1], &low, &high);
			memcpy(y, x, n * sizeof(*y));
			want_low = stats_quantile_select(y, n, pairs[k][0]);
			want_high = stats_quantile_select(y, n, pairs[k][1]);
			differ += memcmp(&low, &want_low, sizeof(low)) != 0 ||
				  memcmp(&high, &want_high, sizeof(high)) != 0;
		}
	}
	CHECK(!differ, "tail quantiles by heaps equal those by selection (%d of %d differ)", differ,
	      cases);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(r_cases) / sizeof(r_cases[0]); i++)
		check_case(&r_cases[i]);
	test_sort();
	test_tail_quantiles();
	test_empty_group();
	test_quantile_select();
	return tap_done();
}
