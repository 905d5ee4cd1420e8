/*
 * Rendering of one boxplot panel (after fio's graph.c: frame, ticks and
 * series are separate helpers working on a measured layout). The data come
 * from figure.h; nothing here reads files or decides what a box means.
 */
#include "report/draw.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "report/axis.h"
#include "report/canvas.h"
#include "report/figure.h"
#include "report/text.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

const char draw_caption[] =
	"Box: Q1\u2013Q3; line: median; whiskers: the furthest values within 1.5 IQR of the box "
	"(Tukey); circles: outliers beyond them.";

/* Sizes in points: 8–9 pt text as journals ask, smaller for secondary text. */
#define TITLE_SIZE	9.0
#define LABEL_SIZE	8.0
#define SMALL_SIZE	7.0
#define TINY_SIZE	6.5
#define PAD		3.0
#define TICK_LEN	3.0
#define PLOT_INSET	4.0  /* between the frame and the first/last tick */
#define MAX_BOX_W	22.0 /* boxes of a 2-runtime panel stay box-shaped */
#define GROUP_SHARE	0.75 /* part of a slot its boxes take */
#define MAX_LABEL_LINES 3
#define FLAT_BOX	3.0 /* points: a box this thin shows no colour */
#define OUTLIER_R	1.6
#define POINT_R		1.0
#define JITTER_SEED	0x9e3779b97f4a7c15ULL /* fixed: the same figure every time */

/* Everything measured before drawing: where the plot goes and how labels fit. */
struct layout {
	struct rect plot;
	struct axis_scale scale;
	size_t positions;
	double slot_w; /* one slot's share of the plot's width */
	double label_size;
	double wrap_w;	 /* > 0: slot labels wrapped to this width */
	int rotated;	 /* slot labels turned to read upwards */
	int label_every; /* turned labels under every k-th slot only (too narrow for all) */
	double labels_h;
	char **n_lines; /* per slot: "n=10" or "n=10/9, 1 failed" */
};

static double value_y(const struct layout *l, double v)
{
	double inner = l->plot.h - 2 * PLOT_INSET;

	return l->plot.y + PLOT_INSET + (1 - axis_scale_fraction(&l->scale, v)) * inner;
}

static void compute_scale(const struct figure *fig, const struct panel *p, struct layout *l)
{
	int log = fig->scale == SCALE_LOG;
	double lo, hi;

	if (!panel_data_range(fig, p, log, &lo, &hi)) {
		lo = log ? 1 : 0;
		hi = log ? 10 : 1;
	}
	axis_scale_init(&l->scale, lo, hi, log);
}

/*
 * Title left, direction right on the same line, or under the title when
 * both do not fit side by side; returns the height used.
 */
static double draw_title(const struct canvas *c, const struct panel *p, struct rect a)
{
	PangoLayout *title = text_new(c->cr, p->title, TITLE_SIZE, 1);
	PangoLayout *better = text_new(c->cr,
				       p->better == BETTER_HIGHER ? "\u2191 higher is better"
								  : "\u2193 lower is better",
				       SMALL_SIZE, 0);
	double tw, th, bw, bh, below;

	text_size(better, &bw, &bh);
	text_size(title, &tw, &th);
	below = tw > a.w - bw - 2 * PAD ? bh : 0;
	if (tw > a.w) {
		text_ellipsize(title, a.w);
		text_size(title, &tw, &th);
	}
	canvas_grey(c, 0);
	canvas_text(c, title, a.x, a.y, 0, 0, 0);
	canvas_grey(c, 0.35);
	/* bottoms aligned: the small text sits on the title's line (or the next) */
	canvas_text(c, better, a.x + a.w, a.y + th + below, 1, 1, 0);
	g_object_unref(title);
	g_object_unref(better);
	return th + below + PAD;
}

static double text_height(cairo_t *cr, double size)
{
	PangoLayout *t = text_new(cr, "Ag", size, 0);
	double w, h;

	text_size(t, &w, &h);
	g_object_unref(t);
	return h;
}

/* Widest tick label: the y axis takes that much room left of the plot. */
static double tick_labels_width(cairo_t *cr, const struct layout *l)
{
	double widest = 0;

	for (int i = 0; i < l->scale.count; i++) {
		PangoLayout *t = text_new(cr, l->scale.label[i], SMALL_SIZE, 0);
		double w, h;
		text_size(t, &w, &h);
		widest = fmax(widest, w);
		g_object_unref(t);
	}
	return widest;
}

/* "n=10", or per position "n=10/9"; failed repetitions are said, not hidden. */
static char *n_line(const struct slot *s, size_t positions)
{
	struct strbuf sb = STRBUF_INIT;
	int failed = 0;

	strbuf_addstr(&sb, "n=");
	for (size_t j = 0; j < positions; j++) {
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

/* A slot's name as drawn under it: wrapped when `wrap` > 0. */
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

/* A turned label: name and n on one line, so that narrow slots need one line height. */
static char *turned_label(const struct panel *p, const struct layout *l, size_t i)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s · %s", p->slots[i].label, l->n_lines[i]);
	return strbuf_detach(&sb, NULL);
}

/* Longest turned label: the height turned labels need. */
static double longest_label(cairo_t *cr, const struct panel *p, const struct layout *l)
{
	double longest = 0, w, h;

	for (size_t i = 0; i < p->nr_slots; i++) {
		char *text = turned_label(p, l, i);
		PangoLayout *t = text_new(cr, text, l->label_size, 0);
		text_size(t, &w, &h);
		longest = fmax(longest, w);
		g_object_unref(t);
		free(text);
	}
	return longest;
}

/*
 * Slot labels, first that fits: one line at 8 pt, at 7 pt, wrapped at
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
	/* turned: as small as needed for one line per slot, every k-th slot if even that is too big
	 */
	l->label_size = text_height(cr, SMALL_SIZE) <= l->slot_w ? SMALL_SIZE : TINY_SIZE;
	l->label_every = (int)ceil(text_height(cr, l->label_size) / l->slot_w);
	l->wrap_w = 0;
	l->rotated = 1;
	/* turned labels may take more of the panel: the alternative is cutting every name */
	l->labels_h = fmin(longest_label(cr, p, l), max_h * 1.3);
}

static void layout_plot(cairo_t *cr, const struct figure *fig, const struct panel *p,
			struct layout *l, struct rect r)
{
	double tick_w, label_h = text_height(cr, LABEL_SIZE);
	double half_tick_h = text_height(cr, SMALL_SIZE) / 2;

	l->positions = fig->nr_positions ? fig->nr_positions : 1;
	compute_scale(fig, p, l);
	tick_w = tick_labels_width(cr, l);
	l->plot.x = r.x + label_h + PAD + tick_w + 2 + TICK_LEN;
	l->plot.w = r.x + r.w - l->plot.x - 1;
	l->slot_w = l->plot.w / (double)(p->nr_slots ? p->nr_slots : 1);
	l->n_lines = xcalloc(p->nr_slots + 1, sizeof(*l->n_lines));
	for (size_t i = 0; i < p->nr_slots; i++)
		l->n_lines[i] = n_line(&p->slots[i], fig->nr_positions);
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

static void draw_grid_and_frame(const struct canvas *c, const struct figure *fig,
				const struct layout *l)
{
	cairo_t *cr = c->cr;

	cairo_set_line_width(cr, 0.4);
	canvas_grey(c, 0.88);
	for (int i = 0; i < l->scale.count; i++) {
		double y = value_y(l, l->scale.value[i]);
		cairo_move_to(cr, l->plot.x, y);
		cairo_line_to(cr, l->plot.x + l->plot.w, y);
	}
	cairo_stroke(cr);
	if (fig->normalized) {
		/* the baseline's median: above or below it is the cost */
		static const double dash[] = {3, 2};
		cairo_save(cr);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_set_line_width(cr, 0.6);
		canvas_grey(c, 0.3);
		cairo_move_to(cr, l->plot.x, value_y(l, 1));
		cairo_line_to(cr, l->plot.x + l->plot.w, value_y(l, 1));
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	cairo_set_line_width(cr, 0.6);
	canvas_grey(c, 0.25);
	cairo_rectangle(cr, l->plot.x, l->plot.y, l->plot.w, l->plot.h);
	cairo_stroke(cr);
}

/* Tick marks and labels; every other label when they would touch. */
static void draw_y_ticks(const struct canvas *c, const struct layout *l)
{
	double th = text_height(c->cr, SMALL_SIZE), last_y = INFINITY;

	canvas_grey(c, 0.25);
	cairo_set_line_width(c->cr, 0.6);
	for (int i = 0; i < l->scale.count; i++) {
		double y = value_y(l, l->scale.value[i]);
		PangoLayout *t;
		cairo_move_to(c->cr, l->plot.x - TICK_LEN, y);
		cairo_line_to(c->cr, l->plot.x, y);
		cairo_stroke(c->cr);
		if (last_y - y < 1.1 * th)
			continue; /* would touch the label below: leave it out */
		t = text_new(c->cr, l->scale.label[i], SMALL_SIZE, 0);
		canvas_text(c, t, l->plot.x - TICK_LEN - 2, y, 1, 0.5, 0);
		g_object_unref(t);
		last_y = y;
	}
}

static void draw_y_label(const struct canvas *c, const struct figure *fig, const struct panel *p,
			 const struct layout *l, struct rect r)
{
	struct strbuf sb = STRBUF_INIT;
	PangoLayout *t;
	double w, h;

	panel_axis_label(fig, p, &sb);
	t = text_new(c->cr, sb.buf, LABEL_SIZE, 0);
	text_size(t, &w, &h);
	if (w > l->plot.h) {
		/* smaller first (it keeps its line), cut only what still does not fit */
		g_object_unref(t);
		t = text_new(c->cr, sb.buf, SMALL_SIZE, 0);
		text_ellipsize(t, l->plot.h);
	}
	canvas_grey(c, 0);
	canvas_text(c, t, r.x, l->plot.y + l->plot.h / 2, 0.5, 0, -M_PI / 2);
	g_object_unref(t);
	strbuf_release(&sb);
}

static void draw_no_data(const struct canvas *c, const struct layout *l, double cx)
{
	PangoLayout *t = text_new(c->cr, "no data", TINY_SIZE, 0);

	canvas_grey(c, 0.45);
	canvas_text(c, t, cx, l->plot.y + l->plot.h / 2, 0.5, 0.5, -M_PI / 2);
	g_object_unref(t);
}

/* Tukey whiskers from the box to the furthest values within 1.5 IQR, with caps. */
static void draw_whiskers(const struct canvas *c, const struct layout *l, const struct box *b,
			  double cx, double w)
{
	double y_lo = value_y(l, b->whisker_low), y_q1 = value_y(l, b->q1);
	double y_q3 = value_y(l, b->q3), y_hi = value_y(l, b->whisker_high);
	cairo_t *cr = c->cr;

	canvas_grey(c, 0.2);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, cx, y_lo);
	cairo_line_to(cr, cx, y_q1);
	cairo_move_to(cr, cx, y_q3);
	cairo_line_to(cr, cx, y_hi);
	cairo_move_to(cr, cx - w / 4, y_lo);
	cairo_line_to(cr, cx + w / 4, y_lo);
	cairo_move_to(cr, cx - w / 4, y_hi);
	cairo_line_to(cr, cx + w / 4, y_hi);
	cairo_stroke(cr);
}

/* The median: dark on a thin light edge, so it shows on every fill. */
static void draw_median(const struct canvas *c, double cx, double w, double y)
{
	cairo_t *cr = c->cr;

	cairo_move_to(cr, cx - w / 2, y);
	cairo_line_to(cr, cx + w / 2, y);
	canvas_grey(c, 1);
	cairo_set_line_width(cr, 2.0);
	cairo_stroke_preserve(cr);
	canvas_grey(c, 0.05);
	cairo_set_line_width(cr, 1.2);
	cairo_stroke(cr);
}

/* The Q1–Q3 box in its series' style, the median across it. */
static void draw_box(const struct canvas *c, const struct layout *l, const struct box *b, double cx,
		     double w)
{
	double y_q1 = value_y(l, b->q1), y_q3 = value_y(l, b->q3), y_med = value_y(l, b->median);
	cairo_t *cr = c->cr;

	draw_whiskers(c, l, b, cx, w);
	cairo_rectangle(cr, cx - w / 2, y_q3, w, y_q1 - y_q3);
	canvas_fill_series(c, b->series);
	canvas_grey(c, 0.2);
	cairo_set_line_width(cr, 0.6);
	cairo_stroke(cr);
	draw_median(c, cx, w, y_med);
	if (y_q1 - y_q3 < FLAT_BOX) {
		/*
		 * A flat box (n=1, equal values, or a tiny spread on a long axis)
		 * hides its colour under the median: a dot in that colour on the
		 * median keeps it identifiable without drawing a false spread.
		 */
		cairo_arc(cr, cx, y_med, 2.2, 0, 2 * M_PI);
		canvas_fill_series(c, b->series);
		canvas_grey(c, 0.05);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
	}
}

static void draw_outliers(const struct canvas *c, const struct layout *l, const struct box *b,
			  double cx)
{
	canvas_grey(c, 0.1);
	cairo_set_line_width(c->cr, 0.5);
	for (size_t i = 0; i < b->nr_outliers; i++) {
		cairo_new_sub_path(c->cr);
		cairo_arc(c->cr, cx, value_y(l, b->outliers[i]), OUTLIER_R, 0, 2 * M_PI);
	}
	cairo_stroke(c->cr);
}

/* splitmix64: a fixed sequence, so that the jitter is the same in every output */
static double next_unit(uint64_t *state)
{
	uint64_t z = (*state += JITTER_SEED);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* The raw values, jittered sideways within the box, over it. */
static void draw_points(const struct canvas *c, const struct layout *l, const struct box *b,
			double cx, double w, uint64_t seed)
{
	uint64_t state = seed;

	cairo_save(c->cr);
	cairo_set_source_rgba(c->cr, 0, 0, 0, 0.6);
	for (size_t i = 0; i < b->nr_points; i++) {
		double x = cx + (next_unit(&state) - 0.5) * w * 0.7;
		cairo_new_sub_path(c->cr);
		cairo_arc(c->cr, x, value_y(l, b->points[i]), POINT_R, 0, 2 * M_PI);
	}
	cairo_fill(c->cr);
	cairo_restore(c->cr);
}

/* Whether the box can be drawn on this axis (a log axis has no room for 0 or less). */
static int drawable(const struct layout *l, const struct box *b)
{
	return !l->scale.log || (b->whisker_low > 0 && b->q1 > 0);
}

static void draw_boxes(const struct canvas *c, const struct panel *p, const struct layout *l)
{
	double group_w = fmin(l->slot_w * GROUP_SHARE, (double)l->positions * MAX_BOX_W);
	double bw = group_w / (double)l->positions;

	for (size_t i = 0; i < p->nr_slots; i++) {
		double left = l->plot.x + ((double)i + 0.5) * l->slot_w - group_w / 2;
		for (size_t j = 0; j < l->positions; j++) {
			const struct box *b = &p->slots[i].boxes[j];
			double cx = left + ((double)j + 0.5) * bw;
			if (!b->present)
				continue;
			if (b->n == 0 || !drawable(l, b)) {
				draw_no_data(c, l, cx);
				continue;
			}
			draw_box(c, l, b, cx, bw * 0.8);
			draw_outliers(c, l, b, cx);
			draw_points(c, l, b, cx, bw * 0.8, (uint64_t)(i * 1000 + j));
		}
	}
}

static void draw_turned_label(const struct canvas *c, const struct panel *p, const struct layout *l,
			      size_t i, double cx, double top)
{
	char *text = turned_label(p, l, i);
	PangoLayout *t = text_new(c->cr, text, l->label_size, 0);

	/* reads upwards, ending under the axis; a long name loses its middle, not its n */
	pango_layout_set_width(t, (int)(l->labels_h * PANGO_SCALE));
	pango_layout_set_ellipsize(t, PANGO_ELLIPSIZE_MIDDLE);
	canvas_grey(c, 0);
	canvas_text(c, t, cx, top, 1, 0.5, -M_PI / 2);
	g_object_unref(t);
	free(text);
}

static void draw_x_labels(const struct canvas *c, const struct panel *p, const struct layout *l)
{
	double top = l->plot.y + l->plot.h + PAD;

	for (size_t i = 0; i < p->nr_slots; i++) {
		double cx = l->plot.x + ((double)i + 0.5) * l->slot_w, w, h;
		PangoLayout *name, *n;
		if (l->rotated) {
			if (i % (size_t)l->label_every == 0)
				draw_turned_label(c, p, l, i, cx, top);
			continue;
		}
		name = label_new(c->cr, p->slots[i].label, l->label_size, l->wrap_w);
		n = text_new(c->cr, l->n_lines[i], l->label_size - 1, 0);
		text_size(name, &w, &h);
		canvas_grey(c, 0);
		canvas_text(c, name, cx, top, 0.5, 0, 0);
		canvas_grey(c, 0.35);
		canvas_text(c, n, cx, top + h, 0.5, 0, 0);
		g_object_unref(name);
		g_object_unref(n);
	}
}

void draw_panel(const struct canvas *c, const struct figure *fig, const struct panel *p,
		struct rect area)
{
	struct layout l = {0};
	struct rect r = area;

	cairo_save(c->cr);
	cairo_set_line_cap(c->cr, CAIRO_LINE_CAP_BUTT);
	r.y += draw_title(c, p, area);
	r.h = area.y + area.h - r.y;
	layout_plot(c->cr, fig, p, &l, r);
	draw_grid_and_frame(c, fig, &l);
	draw_y_ticks(c, &l);
	draw_y_label(c, fig, p, &l, r);
	draw_boxes(c, p, &l);
	draw_x_labels(c, p, &l);
	layout_release(&l);
	cairo_restore(c->cr);
}
