#include "report/table.h"
#include "common/xalloc.h"
#include "report/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL_SIZE 7.0
#define CELL_PAD  4.0
#define ROW_PAD	  1.5

void table_init(struct table *t, const char *const *header, const char *align)
{
	memset(t, 0, sizeof(*t));
	t->nr_cols = strlen(align);
	t->align = xstrdup(align);
	for (size_t i = 0; i < t->nr_cols; i++)
		strvec_push(&t->cells, header[i]);
}

void table_add_row(struct table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->nr_cols; i++)
		strvec_push(&t->cells, cells[i] ? cells[i] : "");
	t->nr_rows++;
}

void table_release(struct table *t)
{
	strvec_clear(&t->cells);
	free(t->align);
	memset(t, 0, sizeof(*t));
}

static const char *cell(const struct table *t, size_t row, size_t col)
{
	return t->cells.v[row * t->nr_cols + col];
}

/* Natural column widths, shrunk in proportion where the table is wider than `w`. */
static void column_widths(cairo_t *cr, const struct table *t, double w, double *widths)
{
	double total = 0;

	for (size_t c = 0; c < t->nr_cols; c++) {
		widths[c] = 0;
		for (size_t r = 0; r <= t->nr_rows; r++) {
			PangoLayout *l = text_new(cr, cell(t, r, c), CELL_SIZE, r == 0);
			double cw, ch;
			text_size(l, &cw, &ch);
			widths[c] = fmax(widths[c], cw + CELL_PAD);
			g_object_unref(l);
		}
		total += widths[c];
	}
	for (size_t c = 0; total > w && c < t->nr_cols; c++)
		widths[c] *= w / total;
}

static double draw_row(cairo_t *cr, const struct table *t, size_t r, const double *widths, double x,
		       double y)
{
	double h = 0;

	for (size_t c = 0; c < t->nr_cols; c++) {
		PangoLayout *l = text_new(cr, cell(t, r, c), CELL_SIZE, r == 0);
		double cw, ch, right = t->align[c] == 'r';
		text_ellipsize(l, widths[c] - CELL_PAD + 1); /* + 1: measured widths round */
		text_size(l, &cw, &ch);
		cairo_set_source_rgb(cr, 0, 0, 0);
		text_show(cr, l, right ? x + widths[c] - CELL_PAD : x, y, right, 0, 0);
		x += widths[c];
		h = fmax(h, ch);
		g_object_unref(l);
	}
	return h + ROW_PAD;
}

static void rule(cairo_t *cr, double x, double y, double w, double width)
{
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + w, y);
	cairo_stroke(cr);
}

/* A key-value table has an empty header: no header row then. */
static int has_header(const struct table *t)
{
	for (size_t c = 0; c < t->nr_cols; c++)
		if (*cell(t, 0, c))
			return 1;
	return 0;
}

double table_draw(cairo_t *cr, const struct table *t, size_t *row, double x, double y, double w,
		  double bottom)
{
	double *widths = xcalloc(t->nr_cols, sizeof(*widths)), used = 0;

	column_widths(cr, t, w, widths);
	for (size_t c = 0; c < t->nr_cols; c++)
		used += widths[c];
	/* booktabs: a heavy rule above and below, a light one under the header */
	rule(cr, x, y, used, 0.8);
	if (has_header(t)) {
		y += 2 + draw_row(cr, t, 0, widths, x, y + 2);
		rule(cr, x, y, used, 0.4);
	}
	y += 2;
	while (*row < t->nr_rows) {
		double h = draw_row(cr, t, *row + 1, widths, x, y);
		y += h;
		(*row)++;
		if (y + h > bottom)
			break;
	}
	rule(cr, x, y + 1, used, 0.8);
	free(widths);
	return y + 4;
}
