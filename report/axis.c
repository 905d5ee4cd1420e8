#include "report/axis.h"
#include "common/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Ticks count from floor/ceil of value/step; this slack keeps 0.9/0.1 on tick 9. */
#define TICK_SLACK 1e-9

static double pow10i(int e)
{
	double p = 1;

	for (int i = 0; i < (e < 0 ? -e : e); i++)
		p *= 10;
	return e < 0 ? 1 / p : p;
}

static void ticks_for_step(double lo, double hi, int mantissa, int exponent, struct axis_ticks *t)
{
	double step = mantissa * pow10i(exponent);
	double first = floor(lo / step + TICK_SLACK), last = ceil(hi / step - TICK_SLACK);

	t->mantissa = mantissa;
	t->exponent = exponent;
	t->step = step;
	t->first = (long)first;
	t->count = (int)(last - first) + 1;
}

void axis_nice_ticks(double lo, double hi, struct axis_ticks *out)
{
	static const int mantissas[] = {1, 2, 5};
	double span;
	int exponent;

	if (lo > hi) {
		double tmp = lo;
		lo = hi;
		hi = tmp;
	}
	span = hi - lo;
	if (span <= 1e-12 * fmax(fabs(lo), fabs(hi))) {
		/* One value: an axis 20 % of it wide (or 0..1 around zero). */
		double half = lo == 0 ? 0.5 : fabs(lo) * 0.1;
		lo -= half;
		hi += half;
		span = hi - lo;
	}
	/* Start where a step is at most 1/100 of the span, then widen. */
	exponent = (int)floor(log10(span)) - 2;
	for (;; exponent++) {
		for (size_t i = 0; i < sizeof(mantissas) / sizeof(mantissas[0]); i++) {
			ticks_for_step(lo, hi, mantissas[i], exponent, out);
			if (out->count <= AXIS_MAX_TICKS)
				return;
		}
	}
}

double axis_tick_value(const struct axis_ticks *t, int i)
{
	double units = (double)(t->first + i) * t->mantissa;

	/* Dividing by an exact power of ten rounds once; multiplying by 0.1 twice. */
	return t->exponent < 0 ? units / pow10i(-t->exponent) : units * pow10i(t->exponent);
}

void axis_data_range(double lo, double hi, double *from, double *to)
{
	*from = lo;
	*to = hi;
	if (lo >= 0 && lo <= hi * 0.5)
		*from = 0;
	else if (hi <= 0 && hi >= lo * 0.5)
		*to = 0;
}

void axis_format_for(const struct axis_ticks *t, struct axis_format *f)
{
	static const struct {
		double scale;
		int exponent;
		const char *suffix;
	} si[] = {{1e9, 9, "G"}, {1e6, 6, "M"}, {1e3, 3, "k"}};
	double biggest = fmax(fabs(axis_tick_value(t, 0)), fabs(axis_tick_value(t, t->count - 1)));
	int exponent = 0;

	f->scale = 1;
	f->suffix = "";
	for (size_t i = 0; i < sizeof(si) / sizeof(si[0]); i++) {
		/* k only from 10 000: "1500" reads better than "1.5k" */
		if (biggest >= (si[i].exponent == 3 ? 1e4 : si[i].scale)) {
			f->scale = si[i].scale;
			f->suffix = si[i].suffix;
			exponent = si[i].exponent;
			break;
		}
	}
	f->decimals = t->exponent < exponent ? exponent - t->exponent : 0;
}

void axis_format_value(const struct axis_format *f, double v, struct strbuf *out)
{
	char num[64];
	double scaled = v / f->scale;

	snprintf(num, sizeof(num), "%.*f", f->decimals, fabs(scaled));
	if (strspn(num, "0.") == strlen(num)) {
		strbuf_addch(out, '0'); /* no "-0" and no "0.00": zero is zero */
		return;
	}
	if (scaled < 0)
		strbuf_addstr(out, "\xe2\x88\x92"); /* U+2212 MINUS SIGN */
	strbuf_addf(out, "%s%s", num, f->suffix);
}
