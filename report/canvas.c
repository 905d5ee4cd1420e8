#include "report/canvas.h"
#include "common/xalloc.h"
#include "report/label_boxes.h"
#include "report/text.h"

#include <math.h>

void canvas_grey(const struct canvas *c, double level)
{
	cairo_set_source_rgb(c->cr, level, level, level);
}

/* The ink box of `l` as text_show() places it, turned by `angle` around (x, y). */
static void record(const struct canvas *c, PangoLayout *l, double x, double y, double ax, double ay,
		   double angle)
{
	PangoRectangle ink, logical;
	double ox, oy, xs[4], ys[4], cs = cos(angle), sn = sin(angle);

	pango_layout_get_extents(l, &ink, &logical);
	if (ink.width == 0 || ink.height == 0)
		return; /* blank text covers nothing */
	ox = -ax * logical.width / PANGO_SCALE - (double)logical.x / PANGO_SCALE +
	     (double)ink.x / PANGO_SCALE;
	oy = -ay * logical.height / PANGO_SCALE - (double)logical.y / PANGO_SCALE +
	     (double)ink.y / PANGO_SCALE;
	for (int i = 0; i < 4; i++) {
		double px = ox + (i & 1 ? (double)ink.width / PANGO_SCALE : 0);
		double py = oy + (i & 2 ? (double)ink.height / PANGO_SCALE : 0);
		xs[i] = x + px * cs - py * sn;
		ys[i] = y + px * sn + py * cs;
	}
	label_boxes_add(c->labels, fmin(fmin(xs[0], xs[1]), fmin(xs[2], xs[3])),
			fmin(fmin(ys[0], ys[1]), fmin(ys[2], ys[3])),
			fmax(fmax(xs[0], xs[1]), fmax(xs[2], xs[3])),
			fmax(fmax(ys[0], ys[1]), fmax(ys[2], ys[3])), pango_layout_get_text(l));
}

void canvas_text(const struct canvas *c, PangoLayout *l, double x, double y, double ax, double ay,
		 double angle)
{
	text_show(c->cr, l, x, y, ax, ay, angle);
	if (c->labels)
		record(c, l, x, y, ax, ay, angle);
}

static void palette(size_t i, double rgb[3])
{
	/* Okabe & Ito (2008); black left out (medians are dark), yellow last (faint on white) */
	static const unsigned colours[] = {0xE69F00, 0x56B4E9, 0x009E73, 0x0072B2,
					   0xD55E00, 0xCC79A7, 0xF0E442, 0x999999};
	unsigned col = colours[i % ARRAY_SIZE(colours)];

	rgb[0] = ((col >> 16) & 0xff) / 255.0;
	rgb[1] = ((col >> 8) & 0xff) / 255.0;
	rgb[2] = (col & 0xff) / 255.0;
}

/* Hatch lines of kind k (1 "/", 2 "\", 3 "-", 4 "|") over the current path, which stays. */
static void hatch(cairo_t *cr, int k)
{
	cairo_path_t *path = cairo_copy_path(cr);
	double x0, y0, x1, y1, gap = 2.2;

	cairo_save(cr);
	cairo_clip_preserve(cr);
	cairo_fill_extents(cr, &x0, &y0, &x1, &y1);
	cairo_new_path(cr);
	for (double t = -(y1 - y0) - (x1 - x0); t < 2 * ((x1 - x0) + (y1 - y0)); t += gap) {
		if (k == 1) {
			cairo_move_to(cr, x0 + t, y1);
			cairo_line_to(cr, x0 + t + (y1 - y0), y0);
		} else if (k == 2) {
			cairo_move_to(cr, x0 + t, y0);
			cairo_line_to(cr, x0 + t + (y1 - y0), y1);
		} else if (k == 3 && t >= 0 && t <= y1 - y0) {
			cairo_move_to(cr, x0, y0 + t);
			cairo_line_to(cr, x1, y0 + t);
		} else if (k == 4 && t >= 0 && t <= x1 - x0) {
			cairo_move_to(cr, x0 + t, y0);
			cairo_line_to(cr, x0 + t, y1);
		}
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.35);
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_append_path(cr, path);
	cairo_path_destroy(path);
}

void canvas_fill_series(const struct canvas *c, size_t series)
{
	/* light to dark, so that hatching stays visible on every shade */
	static const double shades[] = {0.97, 0.72, 0.5};
	double rgb[3];

	if (!c->greyscale) {
		palette(series, rgb);
		cairo_set_source_rgb(c->cr, rgb[0], rgb[1], rgb[2]);
		cairo_fill_preserve(c->cr);
		return;
	}
	canvas_grey(c, shades[series % ARRAY_SIZE(shades)]);
	cairo_fill_preserve(c->cr);
	if (series % 12 >= ARRAY_SIZE(shades))
		hatch(c->cr, (int)(series % 12 / ARRAY_SIZE(shades)));
}
