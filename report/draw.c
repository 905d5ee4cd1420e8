/*
 * Rendering of one boxplot panel (after fio's graph.c: frame, ticks and
 * series are separate helpers working on a measured layout). The data come
 * from figure.h; nothing here reads files or decides what a box means.
 */
#include "report/draw.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "report/axis.h"
#include "report/figure.h"
#include "report/text.h"

#include <math.h>
#include <stdlib.h>

const char draw_caption[] = "Box: Q1\u2013Q3; line: median; whiskers: min\u2013max.";

/* Sizes in points: 8–9 pt text as journals ask, smaller for secondary text. */
#define TITLE_SIZE	9.0
#define LABEL_SIZE	8.0
#define SMALL_SIZE	7.0
#define TINY_SIZE	6.5
#define PAD		3.0
#define TICK_LEN	3.0
#define PLOT_INSET	4.0  /* between the frame and the first/last tick */
#define MAX_BOX_W	22.0 /* boxes of a 2-runtime panel stay box-shaped */
#define GROUP_SHARE	0.7  /* part of a runtime's slot its boxes take */
#define MAX_LABEL_LINES 3
#define FLAT_BOX	3.0 /* points: a box this thin shows no colour */

void draw_palette(size_t i, double rgb[3])
{
	/* Okabe & Ito (2008), colour-blind safe; black left out (medians are dark). */
	static const unsigned colours[] = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
					   0x0072B2, 0xD55E00, 0xCC79A7, 0x999999};
	unsigned c = colours[i % ARRAY_SIZE(colours)];

	rgb[0] = ((c >> 16) & 0xff) / 255.0;
	rgb[1] = ((c >> 8) & 0xff) / 255.0;
	rgb[2] = (c & 0xff) / 255.0;
}

static void set_grey(cairo_t *cr, double level)
{
	cairo_set_source_rgb(cr, level, level, level);
}

/* Everything measured before drawing: where the plot goes and how labels fit. */
struct layout {
	struct rect area, plot;
	struct axis_ticks ticks;
	struct axis_format fmt;
	double lo, hi; /* values of the first and last tick */
	double slot_w; /* one runtime's share of the plot's width */
	double label_size;
	double wrap_w; /* > 0: runtime labels wrapped to this width */
	int rotated;   /* runtime labels turned to read upwards */
	double labels_h;
	char **n_lines; /* per slot: "n=10" or "n=10/9, 1 failed" */
};

static double value_y(const struct layout *l, double v)
{
	double inner = l->plot.h - 2 * PLOT_INSET;

	return l->plot.y + PLOT_INSET + (1 - (v - l->lo) / (l->hi - l->lo)) * inner;
}

static void compute_ticks(const struct panel *p, struct layout *l)
{
	double lo, hi, from, to;

	if (!panel_data_range(p, &lo, &hi)) {
		lo = 0;
		hi = 1;
	}
	axis_data_range(lo, hi, &from, &to);
	axis_nice_ticks(from, to, &l->ticks);
	axis_format_for(&l->ticks, &l->fmt);
	l->lo = axis_tick_value(&l->ticks, 0);
	l->hi = axis_tick_value(&l->ticks, l->ticks.count - 1);
}

/* Title left, direction right on the same line; returns the height used. */
static double draw_title(cairo_t *cr, const struct panel *p, struct rect a)
{
	PangoLayout *title = text_new(cr, p->application, TITLE_SIZE, 1);
	PangoLayout *better = text_new(cr,
				       p->better == BETTER_HIGHER ? "\u2191 higher is better"
								  : "\u2193 lower is better",
				       SMALL_SIZE, 0);
	double tw, th, bw, bh;

	text_size(better, &bw, &bh);
	text_size(title, &tw, &th);
	if (tw > a.w - bw - 2 * PAD) {
		text_ellipsize(title, a.w - bw - 2 * PAD);
		text_size(title, &tw, &th);
	}
	set_grey(cr, 0);
	text_show(cr, title, a.x, a.y, 0, 0, 0);
	set_grey(cr, 0.35);
	/* bottoms aligned: the small text sits on the title's line */
	text_show(cr, better, a.x + a.w, a.y + th, 1, 1, 0);
	g_object_unref(title);
	g_object_unref(better);
	return th + PAD;
}

/* One swatch and name per host type, flowing onto more rows when needed. */
static double draw_legend(cairo_t *cr, const struct figure *fig, struct rect a)
{
	double x = a.x, y = a.y, row_h = 0;

	for (size_t i = 0; i < fig->host_types.nr; i++) {
		PangoLayout *name = text_new(cr, fig->host_types.v[i], SMALL_SIZE, 0);
		double w, h, rgb[3], sw;

		text_size(name, &w, &h);
		sw = h * 0.75;
		if (x > a.x && x + sw + 2 + w > a.x + a.w) {
			x = a.x;
			y += row_h;
		}
		if (sw + 2 + w > a.w)
			text_ellipsize(name, a.w - sw - 2);
		draw_palette(i, rgb);
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
		cairo_rectangle(cr, x, y + (h - sw) / 2, sw, sw);
		cairo_fill_preserve(cr);
		set_grey(cr, 0.2);
		cairo_set_line_width(cr, 0.5);
		cairo_stroke(cr);
		text_show(cr, name, x + sw + 2, y, 0, 0, 0);
		x += sw + 2 + w + 3 * PAD;
		row_h = h;
		g_object_unref(name);
	}
	return y + row_h + PAD - a.y;
}

static double draw_caption_line(cairo_t *cr, struct rect a)
{
	PangoLayout *l = text_new(cr, draw_caption, TINY_SIZE, 0);
	double w, h;

	text_ellipsize(l, a.w);
	text_size(l, &w, &h);
	set_grey(cr, 0.35);
	text_show(cr, l, a.x, a.y + a.h, 0, 1, 0);
	g_object_unref(l);
	return h + PAD;
}

/* Widest tick label: the y axis takes that much room left of the plot. */
static double tick_labels_width(cairo_t *cr, const struct layout *l)
{
	struct strbuf sb = STRBUF_INIT;
	double widest = 0;

	for (int i = 0; i < l->ticks.count; i++) {
		PangoLayout *t;
		double w, h;
		strbuf_reset(&sb);
		axis_format_value(&l->fmt, axis_tick_value(&l->ticks, i), &sb);
		t = text_new(cr, sb.buf, SMALL_SIZE, 0);
		text_size(t, &w, &h);
		widest = fmax(widest, w);
		g_object_unref(t);
	}
	strbuf_release(&sb);
	return widest;
}

static double text_height(cairo_t *cr, double size)
{
	PangoLayout *t = text_new(cr, "Ag", size, 0);
	double w, h;

	text_size(t, &w, &h);
	g_object_unref(t);
	return h;
}

/* "n=10", or per host type "n=10/9"; failed repetitions are said, not hidden. */
static char *n_line(const struct slot *s, size_t nr_boxes)
{
	struct strbuf sb = STRBUF_INIT;
	int failed = 0;

	strbuf_addstr(&sb, "n=");
	for (size_t j = 0; j < nr_boxes; j++) {
		if (j)
			strbuf_addch(&sb, '/');
		if (s->boxes[j].present)
			strbuf_addf(&sb, "%d", s->boxes[j].n);
		else
			strbuf_addstr(&sb, "\u2013");
		failed += s->boxes[j].n_failed;
	}
	if (failed)
		strbuf_addf(&sb, ", %d failed", failed);
	return strbuf_detach(&sb, NULL);
}

/* A runtime's name as drawn under its slot: wrapped when `wrap` > 0. */
static PangoLayout *label_new(cairo_t *cr, const char *label, double size, double wrap)
{
	PangoLayout *t = text_new(cr, label, size, 0);

	if (wrap > 0) {
		text_wrap(t, wrap);
		pango_layout_set_alignment(t, PANGO_ALIGN_CENTER);
	}
	return t;
}

/*
 * Whether every label fits its slot at `size` (wrapped to at most
 * MAX_LABEL_LINES lines when `wrap` > 0); sets the height they take.
 */
static int labels_fit(cairo_t *cr, const struct panel *p, const struct layout *l, double size,
		      double wrap, double *height)
{
	double room = l->slot_w - 2, w, h, tallest = 0;
	int fits = 1;

	for (size_t i = 0; i < p->nr_slots && fits; i++) {
		PangoLayout *name = label_new(cr, p->slots[i].label, size, wrap);
		PangoLayout *n = text_new(cr, l->n_lines[i], size - 1, 0);
		text_size(name, &w, &h);
		fits = w <= room && pango_layout_get_line_count(name) <= MAX_LABEL_LINES;
		tallest = fmax(tallest, h);
		text_size(n, &w, &h);
		fits = fits && w <= room;
		g_object_unref(name);
		g_object_unref(n);
	}
	*height = tallest + text_height(cr, size - 1);
	return fits;
}

/* Longest label or n line: the height turned labels need. */
static double longest_label(cairo_t *cr, const struct panel *p, const struct layout *l)
{
	double longest = 0, w, h;

	for (size_t i = 0; i < p->nr_slots; i++) {
		PangoLayout *name = text_new(cr, p->slots[i].label, SMALL_SIZE, 0);
		PangoLayout *n = text_new(cr, l->n_lines[i], SMALL_SIZE - 1, 0);
		text_size(name, &w, &h);
		longest = fmax(longest, w);
		text_size(n, &w, &h);
		longest = fmax(longest, w);
		g_object_unref(name);
		g_object_unref(n);
	}
	return longest;
}

/*
 * Runtime labels, first that fits: one line at 8 pt, at 7 pt, wrapped at
 * 7 pt (names like kata-qemu-nested break at their hyphens), else turned
 * to read upwards, as tall as the longest name but at most `max_h`.
 */
static void fit_labels(cairo_t *cr, const struct panel *p, struct layout *l, double max_h)
{
	static const struct {
		double size;
		int wrap;
	} tries[] = {{LABEL_SIZE, 0}, {SMALL_SIZE, 0}, {SMALL_SIZE, 1}};

	l->rotated = 0;
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		l->label_size = tries[i].size;
		l->wrap_w = tries[i].wrap ? l->slot_w - 2 : 0;
		if (labels_fit(cr, p, l, l->label_size, l->wrap_w, &l->labels_h) &&
		    l->labels_h <= max_h)
			return;
	}
	l->label_size = SMALL_SIZE;
	l->wrap_w = 0;
	l->rotated = 1;
	l->labels_h = fmin(longest_label(cr, p, l), max_h);
}

static void layout_plot(cairo_t *cr, const struct panel *p, struct layout *l, struct rect r)
{
	double tick_w, label_h = text_height(cr, LABEL_SIZE);
	double half_tick_h = text_height(cr, SMALL_SIZE) / 2;

	compute_ticks(p, l);
	tick_w = tick_labels_width(cr, l);
	l->plot.x = r.x + label_h + PAD + tick_w + 2 + TICK_LEN;
	l->plot.w = r.x + r.w - l->plot.x - 1;
	l->slot_w = l->plot.w / (double)(p->nr_slots ? p->nr_slots : 1);
	l->n_lines = xcalloc(p->nr_slots + 1, sizeof(*l->n_lines));
	for (size_t i = 0; i < p->nr_slots; i++)
		l->n_lines[i] = n_line(&p->slots[i], p->nr_boxes);
	fit_labels(cr, p, l, r.h * 0.35);
	/* the top tick's label reaches above the tick by half its height */
	l->plot.y = r.y + fmax(0, half_tick_h - PLOT_INSET) + 1;
	l->plot.h = r.y + r.h - l->labels_h - PAD - l->plot.y;
}

static void layout_release(struct layout *l)
{
	for (size_t i = 0; l->n_lines && l->n_lines[i]; i++)
		free(l->n_lines[i]);
	free(l->n_lines);
}

static void draw_grid_and_frame(cairo_t *cr, const struct layout *l)
{
	cairo_set_line_width(cr, 0.4);
	set_grey(cr, 0.88);
	for (int i = 0; i < l->ticks.count; i++) {
		double y = value_y(l, axis_tick_value(&l->ticks, i));
		cairo_move_to(cr, l->plot.x, y);
		cairo_line_to(cr, l->plot.x + l->plot.w, y);
	}
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.6);
	set_grey(cr, 0.25);
	cairo_rectangle(cr, l->plot.x, l->plot.y, l->plot.w, l->plot.h);
	cairo_stroke(cr);
}

/* Tick marks and labels; every other label when they would touch. */
static void draw_y_ticks(cairo_t *cr, const struct layout *l)
{
	struct strbuf sb = STRBUF_INIT;
	double spacing = (l->plot.h - 2 * PLOT_INSET) / (l->ticks.count - 1);
	int every = spacing < 1.1 * text_height(cr, SMALL_SIZE) ? 2 : 1;

	set_grey(cr, 0.25);
	cairo_set_line_width(cr, 0.6);
	for (int i = 0; i < l->ticks.count; i++) {
		double y = value_y(l, axis_tick_value(&l->ticks, i));
		PangoLayout *t;
		cairo_move_to(cr, l->plot.x - TICK_LEN, y);
		cairo_line_to(cr, l->plot.x, y);
		cairo_stroke(cr);
		if (i % every)
			continue;
		strbuf_reset(&sb);
		axis_format_value(&l->fmt, axis_tick_value(&l->ticks, i), &sb);
		t = text_new(cr, sb.buf, SMALL_SIZE, 0);
		text_show(cr, t, l->plot.x - TICK_LEN - 2, y, 1, 0.5, 0);
		g_object_unref(t);
	}
	strbuf_release(&sb);
}

static void draw_y_label(cairo_t *cr, const struct panel *p, const struct layout *l, struct rect r)
{
	struct strbuf sb = STRBUF_INIT;
	PangoLayout *t;
	double w, h;

	panel_axis_label(p, &sb);
	t = text_new(cr, sb.buf, LABEL_SIZE, 0);
	text_size(t, &w, &h);
	if (w > l->plot.h) {
		/* smaller first (it keeps its line), cut only what still does not fit */
		g_object_unref(t);
		t = text_new(cr, sb.buf, SMALL_SIZE, 0);
		text_ellipsize(t, l->plot.h);
	}
	set_grey(cr, 0);
	text_show(cr, t, r.x, l->plot.y + l->plot.h / 2, 0.5, 0, -M_PI / 2);
	g_object_unref(t);
	strbuf_release(&sb);
}

static void draw_no_data(cairo_t *cr, const struct layout *l, double cx)
{
	PangoLayout *t = text_new(cr, "no data", TINY_SIZE, 0);

	set_grey(cr, 0.45);
	text_show(cr, t, cx, l->plot.y + l->plot.h / 2, 0.5, 0.5, -M_PI / 2);
	g_object_unref(t);
}

/* Whiskers with caps, the Q1–Q3 box filled, the median as a dark bar. */
static void draw_box(cairo_t *cr, const struct layout *l, const struct box *b, double cx, double w,
		     const double rgb[3])
{
	double y_min = value_y(l, b->min), y_q1 = value_y(l, b->q1);
	double y_med = value_y(l, b->median), y_q3 = value_y(l, b->q3);
	double y_max = value_y(l, b->max);

	set_grey(cr, 0.2);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, cx, y_min);
	cairo_line_to(cr, cx, y_q1);
	cairo_move_to(cr, cx, y_q3);
	cairo_line_to(cr, cx, y_max);
	cairo_move_to(cr, cx - w / 4, y_min);
	cairo_line_to(cr, cx + w / 4, y_min);
	cairo_move_to(cr, cx - w / 4, y_max);
	cairo_line_to(cr, cx + w / 4, y_max);
	cairo_stroke(cr);

	cairo_rectangle(cr, cx - w / 2, y_q3, w, y_q1 - y_q3);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_fill_preserve(cr);
	set_grey(cr, 0.2);
	cairo_stroke(cr);

	set_grey(cr, 0.05);
	cairo_set_line_width(cr, 1.2);
	cairo_move_to(cr, cx - w / 2, y_med);
	cairo_line_to(cr, cx + w / 2, y_med);
	cairo_stroke(cr);
	if (y_q1 - y_q3 < FLAT_BOX) {
		/*
		 * A flat box (n=1, equal values, or a tiny spread on a long axis)
		 * hides its colour under the median: a dot in that colour on the
		 * median keeps it identifiable without drawing a false spread.
		 */
		cairo_arc(cr, cx, y_med, 2.2, 0, 2 * M_PI);
		cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
		cairo_fill_preserve(cr);
		set_grey(cr, 0.05);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
	}
}

static void draw_boxes(cairo_t *cr, const struct panel *p, const struct layout *l)
{
	double group_w = fmin(l->slot_w * GROUP_SHARE, p->nr_boxes * MAX_BOX_W);
	double bw = group_w / p->nr_boxes;

	for (size_t i = 0; i < p->nr_slots; i++) {
		double left = l->plot.x + (i + 0.5) * l->slot_w - group_w / 2;
		for (size_t j = 0; j < p->nr_boxes; j++) {
			const struct box *b = &p->slots[i].boxes[j];
			double rgb[3], cx = left + (j + 0.5) * bw;
			if (!b->present)
				continue;
			if (b->n == 0) {
				draw_no_data(cr, l, cx);
				continue;
			}
			/* one host type: colour tells runtimes apart; several: host types */
			draw_palette(p->nr_boxes > 1 ? j : i, rgb);
			draw_box(cr, l, b, cx, bw * 0.8, rgb);
		}
	}
}

static void draw_x_labels(cairo_t *cr, const struct panel *p, const struct layout *l)
{
	double top = l->plot.y + l->plot.h + PAD;

	for (size_t i = 0; i < p->nr_slots; i++) {
		double cx = l->plot.x + (i + 0.5) * l->slot_w, w, h;
		PangoLayout *name = label_new(cr, p->slots[i].label, l->label_size, l->wrap_w);
		PangoLayout *n = text_new(cr, l->n_lines[i], l->label_size - 1, 0);
		if (l->rotated) {
			/* reads upwards, ending under the axis: name, then n beside it */
			text_size(name, &w, &h);
			text_ellipsize(name, l->labels_h);
			text_ellipsize(n, l->labels_h);
			set_grey(cr, 0);
			text_show(cr, name, cx - h / 2, top, 1, 0.5, -M_PI / 2);
			set_grey(cr, 0.35);
			text_show(cr, n, cx + h / 2, top, 1, 0.5, -M_PI / 2);
		} else {
			text_size(name, &w, &h);
			set_grey(cr, 0);
			text_show(cr, name, cx, top, 0.5, 0, 0);
			set_grey(cr, 0.35);
			text_show(cr, n, cx, top + h, 0.5, 0, 0);
		}
		g_object_unref(name);
		g_object_unref(n);
	}
}

void draw_panel(cairo_t *cr, const struct figure *fig, const struct panel *p, struct rect area,
		const struct draw_options *o)
{
	struct layout l = {0};
	struct rect r = area;

	cairo_save(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	r.y += draw_title(cr, p, area);
	if (fig->host_types.nr > 1)
		r.y += draw_legend(cr, fig, r);
	r.h = area.y + area.h - r.y;
	if (o->caption)
		r.h -= draw_caption_line(cr, area);
	layout_plot(cr, p, &l, r);
	draw_grid_and_frame(cr, &l);
	draw_y_ticks(cr, &l);
	draw_y_label(cr, p, &l, r);
	draw_boxes(cr, p, &l);
	draw_x_labels(cr, p, &l);
	layout_release(&l);
	cairo_restore(cr);
}
