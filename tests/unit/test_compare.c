/*
 * Unit tests of the comparison statistics against values printed by R 4.2
 * (options(digits = 17)): wilcox.test(x, y, conf.int = TRUE), p.adjust(,
 * "holm"), the order-statistic CI of the median (qbinom / pbinom), and the
 * Hodges-Lehmann shift against a brute-force median of all differences.
 * tests/integration/t0300 and t0320 compare whole runs with R.
 */
#include "analysis/holm.h"
#include "analysis/median_ci.h"
#include "analysis/stats.h"
#include "analysis/wilcoxon.h"
#include "tests/unit/tap.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

static int close_to(double got, double want, double tol)
{
	if (isnan(want))
		return isnan(got);
	return fabs(got - want) <= tol * fmax(1e-300, fabs(want));
}

static void test_wilcoxon_exact(void)
{
	const double x[] = {1.5, 2.25, 3.75, 8, 9.5}, y[] = {0.5, 1, 2, 2.5, 4.5, 6, 7.25};
	struct wilcoxon_cache cache = {0};
	struct wilcoxon_result r;

	/* R: W = 23, p-value = 0.43181818181818188, estimate 1.25 */
	wilcoxon_test(x, 5, y, 7, &cache, &r);
	CHECK(r.exact && r.w == 23, "exact: W = %g (R: 23)", r.w);
	CHECK(close_to(r.p_value, 0.43181818181818188, 1e-12), "exact: p = %.17g (R: 0.4318...)",
	      r.p_value);
	CHECK(r.hl_shift == 1.25, "exact: HL shift = %.17g (R: 1.25)", r.hl_shift);
	/* the other direction: W' = 35 - 23, same p */
	wilcoxon_test(y, 7, x, 5, &cache, &r);
	CHECK(r.w == 12 && close_to(r.p_value, 0.43181818181818188, 1e-12),
	      "exact, swapped: W = %g, p = %.17g", r.w, r.p_value);
	/* R: wilcox.test(1:3, 4:6): W = 0, p = 0.1 */
	wilcoxon_test((const double[]){1, 2, 3}, 3, (const double[]){4, 5, 6}, 3, &cache, &r);
	CHECK(r.w == 0 && close_to(r.p_value, 0.1, 1e-12), "exact, separated: W = %g, p = %.17g",
	      r.w, r.p_value);
	wilcoxon_cache_clear(&cache);
}

static void test_wilcoxon_ties(void)
{
	const double x[] = {1, 2, 2, 3, 5}, y[] = {2, 3, 3, 4, 6, 6};
	struct wilcoxon_cache cache = {0};
	struct wilcoxon_result r;

	/* R: W = 7, p-value = 0.16205161436963686 (normal, ties, continuity) */
	wilcoxon_test(x, 5, y, 6, &cache, &r);
	CHECK(!r.exact && r.w == 7, "ties: normal approximation, W = %g (R: 7)", r.w);
	CHECK(close_to(r.p_value, 0.16205161436963686, 1e-12), "ties: p = %.17g (R: 0.1620...)",
	      r.p_value);
	wilcoxon_test((const double[]){4, 4}, 2, (const double[]){4, 4, 4}, 3, &cache, &r);
	CHECK(isnan(r.p_value) && r.w == 3, "all identical: p is NA as in R, W = %g", r.w);
	wilcoxon_test(x, 5, NULL, 0, &cache, &r);
	CHECK(isnan(r.p_value) && isnan(r.w) && isnan(r.hl_shift), "empty side: all NA");
	wilcoxon_cache_clear(&cache);
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A value of the kind `round` picks: spread, coarse (ties), heavy-tailed, constant. */
static double hl_case_value(gsl_rng *rng, int round, double shift)
{
	switch (round % 4) {
	case 0:
		return (gsl_rng_uniform(rng) - shift) * 1e3;
	case 1:
		return floor(gsl_rng_uniform(rng) * 8) - 4;
	case 2:
		return exp(3 * gsl_ran_ugaussian(rng)) - shift;
	default:
		return shift;
	}
}

/* The search over the differences against sorting every one of them. */
static void test_hl_brute_force(void)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int agree = 1;

	for (int round = 0; round < 400 && agree; round++) {
		size_t max = round < 200 ? 60 : 300;
		size_t nx = 1 + gsl_rng_uniform_int(rng, max),
		       ny = 1 + gsl_rng_uniform_int(rng, max);
		double *x = malloc(nx * sizeof(*x)), *y = malloc(ny * sizeof(*y));
		double *d = malloc(nx * ny * sizeof(*d)), want, got;
		for (size_t i = 0; i < nx; i++)
			x[i] = hl_case_value(rng, round, 0.3);
		for (size_t j = 0; j < ny; j++)
			y[j] = hl_case_value(rng, round, 0.5);
		stats_sort(x, nx);
		stats_sort(y, ny);
		for (size_t i = 0; i < nx; i++)
			for (size_t j = 0; j < ny; j++)
				d[i * ny + j] = x[i] - y[j];
		qsort(d, nx * ny, sizeof(*d), compare_double);
		want = stats_quantile_sorted(d, nx * ny, 0.5) + 0.0;
		got = wilcoxon_hl_shift(x, nx, y, ny);
		agree = got == want && signbit(got) == signbit(want);
		if (!agree)
			printf("# round %d (nx %zu, ny %zu): %.17g, brute force %.17g\n", round, nx,
			       ny, got, want);
		free(x);
		free(y);
		free(d);
	}
	CHECK(agree, "HL shift equals the brute-force median of differences in 400 rounds");
	gsl_rng_free(rng);
}

static void test_holm(void)
{
	double p[] = {0.01, 0.04, NAN, 0.03, 0.005, 0.04};
	/* R: p.adjust(c(0.01, 0.04, NA, 0.03, 0.005, 0.04), "holm") */
	const double want[] = {0.04, 0.09, NAN, 0.09, 0.025, 0.09};
	int same = 1;

	holm_adjust(p, 6, p);
	for (int i = 0; i < 6; i++)
		same &= close_to(p[i], want[i], 1e-15);
	CHECK(same, "holm: as p.adjust(method = \"holm\"), NA left out of the family");
	p[0] = 0.9;
	holm_adjust(p, 1, p);
	CHECK(p[0] == 0.9, "holm: a family of one is unchanged");
}

static void test_median_ci(void)
{
	struct median_ci ci;
	double x[10] = {9, 1, 8, 2, 7, 3, 6, 4, 5, 10};
	struct stats_summary s;

	median_ci_order_stats(10, 0.95, &ci);
	CHECK(ci.k == 2 && close_to(ci.coverage, 1 - 22.0 / 1024, 1e-12),
	      "n = 10: [x(2), x(9)] covers %.6f (97.9 %%)", ci.coverage);
	median_ci_order_stats(5, 0.95, &ci);
	CHECK(ci.k == 0 && isnan(ci.coverage), "n = 5: no pair reaches 95 %%");
	median_ci_order_stats(6, 0.95, &ci);
	CHECK(ci.k == 1 && ci.coverage == 0.96875, "n = 6: [x(1), x(6)] covers 96.875 %%");
	/* R: qbinom(0.025, 1000, 0.5) = 469 */
	median_ci_order_stats(1000, 0.95, &ci);
	CHECK(ci.k == 469, "n = 1000: k = %zu (R's qbinom: 469)", ci.k);
	stats_sort(x, 10);
	stats_describe_sorted(x, 10, &s);
	CHECK(s.median_ci_low == 2 && s.median_ci_high == 9, "stats: median CI [%g, %g]",
	      s.median_ci_low, s.median_ci_high);
}

static void test_whiskers(void)
{
	double x[] = {0.5, 10, 11, 12, 13, 14, 15, 40};
	struct stats_summary s;

	/* R: quantile(x, c(.25, .75)) = 10.75, 14.25; fences 5.5 and 19.5 */
	stats_describe_sorted(x, 8, &s);
	CHECK(s.whisker_low == 10 && s.whisker_high == 15, "whiskers [%g, %g] (R: [10, 15])",
	      s.whisker_low, s.whisker_high);
	CHECK(s.n_low_outliers == 1 && s.n_high_outliers == 1, "one outlier at each end");
	CHECK(close_to(s.iqr, 3.5, 1e-15) && close_to(s.cov, s.sd / s.mean, 1e-15),
	      "iqr %g, cov sd/mean", s.iqr);
}

int main(void)
{
	test_wilcoxon_exact();
	test_wilcoxon_ties();
	test_hl_brute_force();
	test_holm();
	test_median_ci();
	test_whiskers();
	return tap_done();
}
