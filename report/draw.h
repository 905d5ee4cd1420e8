#ifndef CRBENCH_DRAW_H
#define CRBENCH_DRAW_H

#include <cairo.h>
#include <stddef.h>

struct figure;
struct panel;

/* A rectangle in points (the user units of the PDF surface), y downwards. */
struct rect {
	double x, y, w, h;
};

struct draw_options {
	int caption; /* draw draw_caption[] under the panel (figures that stand alone) */
};

/* How to read a box; the whiskers change when analysis gives Tukey fences. */
extern const char draw_caption[];

/*
 * Render one panel of `fig` into `area` of `cr`: title and direction,
 * legend when the figure has several host types, y ticks, grid and label,
 * one box per runtime (× host type), runtime labels with n under them.
 * Everything is measured first, so labels shrink or turn rather than
 * overlap, and long names are cut with "…" rather than clipped.
 */
void draw_panel(cairo_t *cr, const struct figure *fig, const struct panel *p, struct rect area,
		const struct draw_options *o);

/* Okabe–Ito colour i (cycled), for boxes and legend swatches. */
void draw_palette(size_t i, double rgb[3]);

#endif
