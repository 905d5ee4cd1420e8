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

static void linear_scale(struct axis_scale *s, double lo, double hi)
{
	struct axis_ticks t;
	struct axis_format f;
	double from, to;

	axis_data_range(lo, hi, &from, &to);
	axis_nice_ticks(from, to, &t);
	axis_format_for(&t, &f);
	s->count = t.count;
	for (int i = 0; i < t.count; i++) {
		struct strbuf sb = STRBUF_INIT;
		s->value[i] = axis_tick_value(&t, i);
		axis_format_value(&f, s->value[i], &sb);
		snprintf(s->label[i], sizeof(s->label[i]), "%s", sb.buf);
		strbuf_release(&sb);
	}
}

/* A log tick's label: 0.05, 2, 500, 20k, 1M. */
static void log_label(double v, char out[24])
{
	static const struct {
		double scale;
		const char *suffix;
	} si[] = {{1e9, "G"}, {1e6, "M"}, {1e4, "k"}};
	struct strbuf sb = STRBUF_INIT;
	struct axis_format f = {1, "", 0};

	for (size_t i = 0; i < sizeof(si) / sizeof(si[0]); i++) {
		if (v >= si[i].scale * (1 - TICK_SLACK)) {
			f.scale = si[i].scale == 1e4 ? 1e3 : si[i].scale;
			f.suffix = si[i].suffix;
			break;
		}
	}
	for (double x = v / f.scale; f.decimals < 12 && fabs(x - round(x)) > 1e-9 * x; x *= 10)
		f.decimals++;
	axis_format_value(&f, v, &sb);
	snprintf(out, 24, "%s", sb.buf);
	strbuf_release(&sb);
}

static void log_push(struct axis_scale *s, double v)
{
	if (s->count < AXIS_MAX_LABELS) {
		s->value[s->count] = v;
		log_label(v, s->label[s->count]);
		s->count++;
	}
}

/*
 * Few decades: 1-2-5 ticks from the last one at or below lo to the first at
 * or above hi. Many: powers of ten, every k-th so that at most
 * AXIS_MAX_TICKS remain, the last at or above hi.
 */
static void log_scale(struct axis_scale *s, double lo, double hi)
{
	static const int steps[] = {1, 2, 5};
	int e0 = (int)floor(log10(lo) + TICK_SLACK), e1 = (int)ceil(log10(hi) - TICK_SLACK);

	if (e1 <= e0)
		e1 = e0 + 1;
	s->count = 0;
	if (e1 - e0 <= 2) {
		for (int e = e0; e <= e1; e++) {
			for (int k = 0; k < 3; k++) {
				double v = steps[k] * pow10i(e), next;
				next = k < 2 ? steps[k + 1] * pow10i(e) : pow10i(e + 1);
				if (next <= lo * (1 + TICK_SLACK))
					continue; /* a later tick is still at or below lo */
				if (s->count && s->value[s->count - 1] >= hi * (1 - TICK_SLACK))
					return;
				log_push(s, v);
			}
		}
		return;
	}
	int every = (e1 - e0 + AXIS_MAX_TICKS - 2) / (AXIS_MAX_TICKS - 1);
	for (int e = e0;; e += every) {
		log_push(s, pow10i(e));
		if (e >= e1)
			break;
	}
}

void axis_scale_init(struct axis_scale *s, double lo, double hi, int log)
{
	if (lo > hi) {
		double tmp = lo;
		lo = hi;
		hi = tmp;
	}
	s->log = log && lo > 0;
	if (s->log)
		log_scale(s, lo, hi);
	else
		linear_scale(s, lo, hi);
	s->from = s->value[0];
	s->to = s->value[s->count - 1];
}

double axis_scale_fraction(const struct axis_scale *s, double v)
{
	if (s->log)
		return (log10(v) - log10(s->from)) / (log10(s->to) - log10(s->from));
	return (v - s->from) / (s->to - s->from);
}
