#ifndef CRBENCH_DRAW_H
#define CRBENCH_DRAW_H

#include <cairo.h>
#include <stddef.h>

struct canvas;
struct figure;
struct panel;

/* A rectangle in points (the user units of every surface), y downwards. */
struct rect {
	double x, y, w, h;
};

/* How to read a box, for captions beside the figure (the figure itself has none). */
extern const char draw_caption[];

/*
 * Render one panel of `fig` into `area`: title and direction, y ticks,
 * grid and label, a slot per runtime (or application) with its boxes,
 * whiskers, outliers and optional raw points, labels with n under them.
 * Everything is measured first, so labels shrink, wrap or turn rather
 * than overlap, and long names are cut with "…" rather than clipped.
 */
void draw_panel(const struct canvas *c, const struct figure *fig, const struct panel *p,
		struct rect area);

/*
 * The whole figure into `area`: the legend on top, then the panels in a
 * grid of as many columns as fit (draw_figure_columns()).
 */
void draw_figure(const struct canvas *c, const struct figure *fig, struct rect area);
/*
 * The size the figure is drawn at, in points: its own when set, else
 * IEEE single column for up to two panels and double column for more,
 * `width_in` (when > 0) replacing the width; the height follows from the
 * rows of panels unless given.
 */
void draw_figure_size(const struct figure *fig, double width_in, double *w, double *h);

#endif
