#include "report/label_boxes.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void label_boxes_add(struct label_boxes *lb, double x0, double y0, double x1, double y1,
		     const char *text)
{
	ALLOC_GROW(lb->v, lb->nr + 1, lb->alloc);
	lb->v[lb->nr++] = (struct label_box){fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1),
					     xstrdup(text)};
}

static int overlap(const struct label_box *a, const struct label_box *b, double slack)
{
	double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
	double h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);

	return w > slack && h > slack;
}

int label_boxes_overlap(const struct label_boxes *lb, double slack, size_t *a, size_t *b)
{
	for (size_t i = 0; i < lb->nr; i++) {
		for (size_t j = i + 1; j < lb->nr; j++) {
			if (overlap(&lb->v[i], &lb->v[j], slack)) {
				*a = i;
				*b = j;
				return 1;
			}
		}
	}
	return 0;
}

void label_boxes_release(struct label_boxes *lb)
{
	for (size_t i = 0; i < lb->nr; i++)
		free(lb->v[i].text);
	free(lb->v);
	memset(lb, 0, sizeof(*lb));
}
