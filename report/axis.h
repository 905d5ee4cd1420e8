#ifndef CRBENCH_AXIS_H
#define CRBENCH_AXIS_H

struct strbuf;

/*
 * "Nice" linear ticks: every step is 1, 2 or 5 × 10^k and the ticks cover
 * the data, so the axis runs from the first tick to the last. A later issue
 * adds a log axis beside this one.
 */
#define AXIS_MIN_TICKS 4
#define AXIS_MAX_TICKS 7

struct axis_ticks {
	double step;
	int mantissa, exponent; /* step = mantissa × 10^exponent, mantissa 1, 2 or 5 */
	long first;		/* first tick = first × step */
	int count;
};

/*
 * Ticks for data in [lo, hi] (lo <= hi, both finite): the fewest intervals
 * with count <= AXIS_MAX_TICKS, which for 1-2-5 steps gives at least
 * AXIS_MIN_TICKS. A single value gets an axis around it.
 */
void axis_nice_ticks(double lo, double hi, struct axis_ticks *out);
/* The value of tick i, computed from integers so that 0.1 × 3 prints as 0.3. */
double axis_tick_value(const struct axis_ticks *t, int i);

/*
 * The range to draw for positive quantities: starting at 0 makes ratios
 * between boxes readable, so 0 is included when the data reach down to
 * half of their maximum; data far from 0 (1800–1900) keep their own range
 * so that the boxes are not squashed against the top.
 */
void axis_data_range(double lo, double hi, double *from, double *to);

/*
 * Tick labels: the same number of decimals on the whole axis, enough for
 * the step; values of 10 000 and more with an SI suffix (k, M, G) instead
 * of exponents. Negative numbers use a true minus sign (U+2212).
 */
struct axis_format {
	double scale;	    /* 1, 1e3, 1e6 or 1e9 */
	const char *suffix; /* "", "k", "M" or "G" */
	int decimals;
};
void axis_format_for(const struct axis_ticks *t, struct axis_format *f);
void axis_format_value(const struct axis_format *f, double v, struct strbuf *out);

/*
 * A y axis as drawn: its range, its ticks with their labels, and whether
 * values are placed by their logarithm. On a log axis ticks fall on powers
 * of ten, with 2 and 5 between them while the axis spans few decades, and
 * the range is whole decades or 1-2-5 steps around the data.
 */
#define AXIS_MAX_LABELS 32
struct axis_scale {
	int log;
	double from, to; /* the first and last tick */
	int count;
	double value[AXIS_MAX_LABELS];
	char label[AXIS_MAX_LABELS][24];
};

/* lo..hi: the data (lo > 0 on a log axis); linear axes include 0 as axis_data_range() says. */
void axis_scale_init(struct axis_scale *s, double lo, double hi, int log);
/* Where v lies between from (0) and to (1); values beyond may fall outside 0..1. */
double axis_scale_fraction(const struct axis_scale *s, double v);

#endif
