#ifndef CRBENCH_CANVAS_H
#define CRBENCH_CANVAS_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>

struct label_boxes;

/*
 * Where a figure is drawn and how: the Cairo context, colour or greyscale,
 * and optionally a list that receives the extent of every text drawn
 * (label_boxes.h). Drawing code never chooses colours or places text
 * itself: it asks the canvas, so both modes and the overlap check cover
 * every element.
 */
struct canvas {
	cairo_t *cr;
	int greyscale;
	struct label_boxes *labels; /* NULL: not collected */
};

/* text_show() that also records the text's ink extents. */
void canvas_text(const struct canvas *c, PangoLayout *l, double x, double y, double ax, double ay,
		 double angle);
/*
 * Fill the current path in the style of legend entry `series` and keep
 * the path: Okabe–Ito colours (colour-blind safe), or in greyscale a
 * shade with a hatching, distinct for the first 12 series.
 */
void canvas_fill_series(const struct canvas *c, size_t series);
/* Set the source to grey `level` (0 black, 1 white). */
void canvas_grey(const struct canvas *c, double level);

#endif
