#ifndef CRBENCH_TABLE_H
#define CRBENCH_TABLE_H

#include "common/strvec.h"

#include <cairo.h>
#include <stddef.h>

/*
 * A table of the report (summary, comparisons, failures, hosts): text
 * cells, row-major, one alignment per column ('l' or 'r'). The model is
 * plain strings; table_draw() lays it out with Pango across pages.
 */
struct table {
	size_t nr_cols, nr_rows;
	struct strvec cells; /* header row first */
	char *align;
};

void table_init(struct table *t, const char *const *header, const char *align);
/* Append one row of t->nr_cols cells (NULL is drawn empty). */
void table_add_row(struct table *t, const char *const *cells);
void table_release(struct table *t);

/*
 * Draw the header and rows from *row on, in `w` points from (x, y), while
 * they fit above `bottom`; advances *row and returns the y under the last
 * row drawn. Columns wider than their share are cut with "…" so the table
 * never runs off the page.
 */
double table_draw(cairo_t *cr, const struct table *t, size_t *row, double x, double y, double w,
		  double bottom);

#endif
