/* Unit tests of report/axis.c: nice ticks and tick labels. */
#include "common/strbuf.h"
#include "report/axis.h"
#include "tests/unit/tap.h"

#include <math.h>
#include <string.h>

/* The properties every axis must have, whatever the data. */
static int ticks_ok(double lo, double hi, const struct axis_ticks *t)
{
	double first = axis_tick_value(t, 0), last = axis_tick_value(t, t->count - 1);
	double slack = t->step * 1e-9;

	if (t->mantissa != 1 && t->mantissa != 2 && t->mantissa != 5)
		return 0;
	if (fabs(t->step - t->mantissa * pow(10, t->exponent)) > t->step * 1e-12)
		return 0;
	if (t->count < AXIS_MIN_TICKS || t->count > AXIS_MAX_TICKS)
		return 0;
	return first <= lo + slack && last >= hi - slack;
}

static void check_range(double lo, double hi, double want_step, int want_count)
{
	struct axis_ticks t;

	axis_nice_ticks(lo, hi, &t);
	CHECK(ticks_ok(lo, hi, &t), "%g..%g: 1-2-5 step, %d..%d ticks covering the data", lo, hi,
	      AXIS_MIN_TICKS, AXIS_MAX_TICKS);
	CHECK(fabs(t.step - want_step) < want_step * 1e-9 && t.count == want_count,
	      "%g..%g: step %g, %d ticks (got %g, %d)", lo, hi, want_step, want_count, t.step,
	      t.count);
}

static void test_ranges(void)
{
	check_range(0.9, 1.1, 0.05, 5);	  /* 0.90 0.95 1.00 1.05 1.10 */
	check_range(1800, 1900, 20, 6);	  /* 1800 .. 1900 */
	check_range(0, 1e6, 2e5, 6);	  /* 0 .. 1M */
	check_range(2.3, 7.9, 1, 7);	  /* 2 .. 8 */
	check_range(-3, 12, 5, 5);	  /* -5 0 5 10 15: negative data too */
	check_range(1e-4, 3e-4, 5e-5, 5); /* tiny quantities */
}

static void test_single_value(void)
{
	struct axis_ticks t;

	axis_nice_ticks(42, 42, &t);
	CHECK(ticks_ok(42, 42, &t) && axis_tick_value(&t, 0) < 42 &&
		      axis_tick_value(&t, t.count - 1) > 42,
	      "a single value gets an axis around it");
	axis_nice_ticks(0, 0, &t);
	CHECK(ticks_ok(0, 0, &t), "a single zero gets an axis too");
}

/* Many spans and offsets: the bounds hold everywhere, not only in the examples. */
static void test_sweep(void)
{
	int bad = 0, cases = 0;

	for (double span = 1e-3; span < 1e7; span *= 1.37) {
		for (double off = -2; off <= 5; off += 0.73) {
			struct axis_ticks t;
			double lo = off * span, hi = lo + span;
			axis_nice_ticks(lo, hi, &t);
			bad += !ticks_ok(lo, hi, &t);
			cases++;
		}
	}
	CHECK(bad == 0, "%d of %d swept ranges break the tick rules", bad, cases);
}

static void test_data_range(void)
{
	double from, to;

	axis_data_range(2, 8, &from, &to);
	CHECK(from == 0 && to == 8, "data reaching half of their maximum start at 0");
	axis_data_range(1800, 1900, &from, &to);
	CHECK(from == 1800 && to == 1900, "data far from 0 keep their range (no squashed boxes)");
}

static const char *label(double lo, double hi, int i, struct strbuf *sb)
{
	struct axis_ticks t;
	struct axis_format f;

	axis_nice_ticks(lo, hi, &t);
	axis_format_for(&t, &f);
	strbuf_reset(sb);
	axis_format_value(&f, axis_tick_value(&t, i), sb);
	return sb->buf;
}

static void test_labels(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_STR(label(0, 1e6, 1, &sb), "0.2M", "millions get an M, not 2e+05");
	CHECK_STR(label(0, 1e6, 5, &sb), "1.0M", "same decimals on the whole axis");
	CHECK_STR(label(0, 1e6, 0, &sb), "0", "zero is 0");
	CHECK_STR(label(0, 40000, 1, &sb), "10k", "tens of thousands get a k");
	CHECK_STR(label(1800, 1900, 1, &sb), "1820", "four digits stay plain");
	CHECK_STR(label(0.9, 1.1, 1, &sb), "0.95", "decimals follow the step");
	CHECK_STR(label(0.1, 0.7, 2, &sb), "0.3", "0.1 x 3 prints as 0.3");
	CHECK_STR(label(-3, 12, 0, &sb),
		  "\xe2\x88\x92"
		  "5",
		  "negative ticks use a minus sign");
	strbuf_release(&sb);
}

static void test_log_scale(void)
{
	struct axis_scale s;

	axis_scale_init(&s, 5, 100, 1);
	CHECK(s.log && s.count == 5 && s.value[0] == 5 && s.value[1] == 10 && s.value[2] == 20 &&
		      s.value[3] == 50 && s.value[4] == 100 && !strcmp(s.label[3], "50"),
	      "log 5..100: 5 10 20 50 100");
	CHECK(fabs(axis_scale_fraction(&s, 10) - log10(2) / log10(20)) < 1e-12,
	      "log fraction: by the logarithm");
	axis_scale_init(&s, 0.003, 2e6, 1);
	CHECK(s.count <= AXIS_MAX_TICKS && s.value[0] <= 0.003 && s.value[s.count - 1] >= 2e6,
	      "log over 9 decades: at most %d powers of ten covering the data (got %d)",
	      AXIS_MAX_TICKS, s.count);
	axis_scale_init(&s, 2e4, 3e5, 1);
	CHECK(!strcmp(s.label[0], "20k") && !strcmp(s.label[s.count - 1], "500k"),
	      "log labels with SI suffixes (%s .. %s)", s.label[0], s.label[s.count - 1]);
	axis_scale_init(&s, 0, 10, 1);
	CHECK(!s.log && s.value[0] == 0, "a log axis with 0 in the data falls back to linear");
	axis_scale_init(&s, 2.3, 7.9, 0);
	CHECK(!s.log && s.from == 0 && s.to == 8 && axis_scale_fraction(&s, 4) == 0.5,
	      "linear scale: 0..8, fraction linear");
}

int main(void)
{
	test_log_scale();
	test_ranges();
	test_single_value();
	test_sweep();
	test_data_range();
	test_labels();
	return tap_done();
}
