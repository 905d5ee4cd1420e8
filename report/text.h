#ifndef CRBENCH_TEXT_H
#define CRBENCH_TEXT_H

#include <cairo.h>
#include <pango/pangocairo.h>

/*
 * All text of the report goes through Pango so that it can be measured
 * before it is placed: nothing is drawn where it has not been checked to
 * fit. Sizes are in points, which are the user units of a PDF surface.
 */
#define REPORT_FONT "DejaVu Sans"

/* A layout for `text` in REPORT_FONT; the caller g_object_unref()s it. */
PangoLayout *text_new(cairo_t *cr, const char *text, double size, int bold);
/* Width and height of the layout's logical box (ink plus line spacing). */
void text_size(PangoLayout *l, double *w, double *h);
/* Break the text into lines no wider than `width` points, at word boundaries. */
void text_wrap(PangoLayout *l, double width);
/* Cut the text with "…" where it would be wider than `width` points. */
void text_ellipsize(PangoLayout *l, double width);
/*
 * Draw the layout with its anchor at (x, y), in the current source colour.
 * The anchor is a point of the logical box in fractions of its size: (0, 0)
 * top left, (0.5, 1) bottom centre. `angle` turns the text around the
 * anchor (radians, counter-clockwise negative as in Cairo: -pi/2 reads
 * upwards).
 */
void text_show(cairo_t *cr, PangoLayout *l, double x, double y, double ax, double ay, double angle);

/*
 * Drop the fonts Pango, Cairo and fontconfig keep for the life of the
 * process, after the last text is drawn: a short-lived command gains
 * nothing from the caches, and LeakSanitizer then reports only real leaks.
 */
void text_release_fonts(void);

#endif
