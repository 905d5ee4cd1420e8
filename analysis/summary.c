#include "analysis/summary.h"
#include "analysis/groups.h"
#include "analysis/parallel.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct describe {
	struct group_set *gs;
	struct summary *out;
};

/* Sorts group i's values in place, then describes it. */
static void describe_group(void *ctx, size_t i)
{
	const struct describe *d = ctx;
	struct sample_group *g = &d->gs->items[i];
	struct group_summary *gsum = &d->out->items[i];

	stats_sort(g->values, g->n);
	gsum->group = g;
	stats_describe_sorted(g->values, g->n, &gsum->stats);
	gsum->n_failed = g->n_failed;
	gsum->n_warmup = g->n_warmup;
	gsum->n_outliers = gsum->stats.n_low_outliers + gsum->stats.n_high_outliers;
}

/* Groups are independent: they are described on as many threads as there are processors. */
void summary_compute(const char *run_id, struct group_set *gs, struct summary *out)
{
	struct describe d = {gs, out};

	memset(out, 0, sizeof(*out));
	out->run_id = run_id;
	out->nr = gs->nr;
	out->items = xcalloc(gs->nr ? gs->nr : 1, sizeof(*out->items));
	parallel_for(gs->nr, describe_group, &d);
}

void summary_clear(struct summary *s)
{
	comparison_set_clear(&s->comparisons);
	free(s->items);
	memset(s, 0, sizeof(*s));
}
