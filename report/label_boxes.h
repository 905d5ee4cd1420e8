#ifndef CRBENCH_LABEL_BOXES_H
#define CRBENCH_LABEL_BOXES_H

#include <stddef.h>

/*
 * The ink extents of every text a figure draws, in the figure's points,
 * as Pango measured them: what tests (and a careful caller) check for
 * overlaps instead of trusting the layout code that placed them.
 */
struct label_box {
	double x0, y0, x1, y1;
	char *text;
};

struct label_boxes {
	struct label_box *v;
	size_t nr, alloc;
};

#define LABEL_BOXES_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void label_boxes_add(struct label_boxes *lb, double x0, double y0, double x1, double y1,
		     const char *text);
/*
 * The first two boxes that overlap by more than `slack` points in both
 * directions (slack absorbs glyph overhangs); returns 0 when none do.
 */
int label_boxes_overlap(const struct label_boxes *lb, double slack, size_t *a, size_t *b);
void label_boxes_release(struct label_boxes *lb);

#endif
