/*
 * A figure as a whole: the shared legend on top and the panels in a grid.
 * Sizes follow IEEE columns unless the experiment says otherwise.
 */
#include "report/canvas.h"
#include "report/draw.h"
#include "report/figure.h"
#include "report/text.h"

#include <math.h>

#define PT_PER_IN     72.0
#define LEGEND_SIZE   7.0
#define MIN_PANEL_W   120.0 /* narrower panels leave no room for boxes */
#define PANEL_H	      150.0
#define GAP	      8.0
#define SWATCH_GAP    2.0
#define ENTRY_GAP     9.0
#define AUTO_SINGLE_N 2	  /* panels that still fit one column */
#define EDGE	      2.0 /* nothing touches the figure's border (ink would be cut) */

/* One swatch and name per series, flowing onto more rows; returns the height used. */
static double legend(const struct canvas *c, const struct figure *fig, struct rect a, int draw)
{
	double x = a.x, y = a.y, row_h = 0;

	for (size_t i = 0; i < fig->series.nr; i++) {
		PangoLayout *name = text_new(c->cr, fig->series.v[i], LEGEND_SIZE, 0);
		double w, h, sw;

		text_size(name, &w, &h);
		sw = h * 0.8;
		if (x > a.x && x + sw + SWATCH_GAP + w > a.x + a.w) {
			x = a.x;
			y += row_h;
		}
		if (sw + SWATCH_GAP + w > a.w) {
			text_ellipsize(name, a.w - sw - SWATCH_GAP);
			text_size(name, &w, &h);
		}
		if (draw) {
			cairo_rectangle(c->cr, x, y + (h - sw) / 2, sw, sw);
			canvas_fill_series(c, i);
			canvas_grey(c, 0.2);
			cairo_set_line_width(c->cr, 0.5);
			cairo_stroke(c->cr);
			canvas_text(c, name, x + sw + SWATCH_GAP, y, 0, 0, 0);
		}
		x += sw + SWATCH_GAP + w + ENTRY_GAP;
		row_h = h;
		g_object_unref(name);
	}
	return fig->series.nr ? y + row_h + GAP / 2 - a.y : 0;
}

static size_t columns_for(const struct figure *fig, double w)
{
	size_t fit = (size_t)fmax(1, floor((w + GAP) / (MIN_PANEL_W + GAP)));

	return fig->nr_panels < fit ? (fig->nr_panels ? fig->nr_panels : 1) : fit;
}

static size_t rows_for(const struct figure *fig, size_t cols)
{
	return fig->nr_panels ? (fig->nr_panels + cols - 1) / cols : 1;
}

/* The legend's height at width `w`, measured on a scratch surface. */
static double legend_height(const struct figure *fig, double w)
{
	cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	struct canvas c = {cairo_create(s), 0, NULL};
	double h = legend(&c, fig, (struct rect){0, 0, w, 0}, 0);

	cairo_destroy(c.cr);
	cairo_surface_destroy(s);
	return h;
}

void draw_figure_size(const struct figure *fig, double width_in, double *w, double *h)
{
	double in = width_in > 0 ? width_in : fig->width_in;

	if (!(in > 0))
		in = fig->nr_panels <= AUTO_SINGLE_N ? FIGURE_SINGLE_IN : FIGURE_DOUBLE_IN;
	*w = in * PT_PER_IN;
	if (fig->height_in > 0) {
		*h = fig->height_in * PT_PER_IN;
		return;
	}
	*h = 2 * EDGE + legend_height(fig, *w - 2 * EDGE) +
	     (double)rows_for(fig, columns_for(fig, *w)) * PANEL_H +
	     (double)(rows_for(fig, columns_for(fig, *w)) - 1) * GAP;
}

static void draw_empty(const struct canvas *c, struct rect a)
{
	PangoLayout *t = text_new(c->cr, "no data for this figure", 8, 0);

	canvas_grey(c, 0.4);
	canvas_text(c, t, a.x + a.w / 2, a.y + a.h / 2, 0.5, 0.5, 0);
	g_object_unref(t);
}

void draw_figure(const struct canvas *c, const struct figure *fig, struct rect outer)
{
	struct rect area = {outer.x + EDGE, outer.y + EDGE, outer.w - 2 * EDGE, outer.h - 2 * EDGE};
	double top = legend(c, fig, area, 1);
	size_t cols = columns_for(fig, area.w), rows = rows_for(fig, cols);
	double pw = (area.w - (double)(cols - 1) * GAP) / (double)cols;
	double ph = (area.h - top - (double)(rows - 1) * GAP) / (double)rows;

	if (!fig->nr_panels) {
		draw_empty(c, area);
		return;
	}
	for (size_t i = 0; i < fig->nr_panels; i++) {
		struct rect r = {area.x + (double)(i % cols) * (pw + GAP),
				 area.y + top + (double)(i / cols) * (ph + GAP), pw, ph};
		draw_panel(c, fig, &fig->panels[i], r);
	}
}
