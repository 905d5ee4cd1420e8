#include "analysis/holm.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>

struct ranked {
	double p;
	size_t index;
};

/* Stable by index for equal p-values, as R's order(). */
static int compare_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void holm_adjust(const double *p, size_t n, double *out)
{
	struct ranked *r = xcalloc(n ? n : 1, sizeof(*r));
	size_t m = 0;
	double running = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(p[i]))
			r[m++] = (struct ranked){p[i], i};
	for (size_t i = 0; i < n; i++)
		out[i] = NAN;
	qsort(r, m, sizeof(*r), compare_ranked);
	/* pmin(1, cummax((m - i + 1) * p[o])) with i 1-based */
	for (size_t i = 0; i < m; i++) {
		running = fmax(running, (double)(m - i) * r[i].p);
		out[r[i].index] = fmin(1, running);
	}
	free(r);
}
