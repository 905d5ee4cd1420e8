#include "analysis/groups.h"
#include "analysis/samples_reader.h"
#include "common/error.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const group_key_names[GK_NKEYS] = {"host_type", "runtime", "application", "variant",
					       "metric"};

static const char *row_key(const struct samples_row *row, enum group_key k)
{
	const struct sample *s = &row->s;
	const char *const keys[GK_NKEYS] = {s->host_type, s->runtime, s->application, s->variant,
					    s->metric};

	return keys[k];
}

/*
 * The keys are interned (samples_reader.h): equal texts are equal
 * pointers, so comparing addresses groups correctly and fast. The order it
 * gives is arbitrary, but only runs matter: groups are then put in order
 * of first appearance.
 */
static int compare_keys(const struct samples_row *a, const struct samples_row *b)
{
	for (int k = 0; k < GK_NKEYS; k++) {
		uintptr_t x = (uintptr_t)row_key(a, k), y = (uintptr_t)row_key(b, k);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/*
 * Row indices by key, then by position: each group becomes one run of
 * indices, in file order within the run. Sorting keeps grouping
 * O(n log n) however the rows of a group are interleaved in the file.
 */
static int compare_row_index(const void *pa, const void *pb, void *table)
{
	const struct samples_table *t = table;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = compare_keys(&t->rows[a], &t->rows[b]);

	if (c)
		return c;
	return a < b ? -1 : a > b;
}

static int compare_first_line(const void *pa, const void *pb)
{
	const struct sample_group *a = pa, *b = pb;

	return a->first_line < b->first_line ? -1 : a->first_line > b->first_line;
}

static struct sample_group *new_group(struct group_set *gs, const struct samples_row *row)
{
	struct sample_group *g;

	ALLOC_GROW(gs->items, gs->nr + 1, gs->alloc);
	g = &gs->items[gs->nr++];
	memset(g, 0, sizeof(*g));
	for (int k = 0; k < GK_NKEYS; k++)
		g->key[k] = row_key(row, k);
	g->unit = row->s.unit;
	g->better = row->s.better;
	g->first_line = row->line;
	return g;
}

static void add_to_group(struct sample_group *g, const struct samples_row *row)
{
	if (sample_is_warmup(&row->s)) {
		g->n_warmup++;
		return;
	}
	if (!sample_is_ok(&row->s)) {
		g->n_failed++;
		return;
	}
	ALLOC_GROW(g->values, g->n + 1, g->alloc);
	g->values[g->n++] = row->s.value;
}

static int agrees_with_group(const struct sample_group *g, const struct samples_row *row)
{
	return row->s.unit == g->unit && row->s.better == g->better; /* interned */
}

static int report_disagreement(const struct samples_table *t, const struct samples_row *row,
			       const struct sample_group *g)
{
	const char *what = strcmp(row->s.unit, g->unit) ? "unit" : "better";
	const char *got = strcmp(row->s.unit, g->unit) ? row->s.unit : row->s.better;
	const char *want = strcmp(row->s.unit, g->unit) ? g->unit : g->better;

	return error("%s:%d: %s '%s' differs from '%s' on line %d for %s %s of %s/%s on %s",
		     t->path, row->line, what, got, want, g->first_line, group_key_names[GK_METRIC],
		     g->key[GK_METRIC], g->key[GK_RUNTIME], g->key[GK_APPLICATION],
		     g->key[GK_HOST_TYPE]);
}

int groups_build(const struct samples_table *t, struct group_set *gs)
{
	size_t *order = xcalloc(t->nr ? t->nr : 1, sizeof(*order));
	const struct samples_row *bad = NULL;
	size_t bad_group = 0; /* an index: items move as the array grows */
	int ret = 0;

	for (size_t i = 0; i < t->nr; i++)
		order[i] = i;
	qsort_r(order, t->nr, sizeof(*order), compare_row_index, (void *)t);
	for (size_t i = 0; i < t->nr; i++) {
		const struct samples_row *row = &t->rows[order[i]];
		if (!i || compare_keys(&t->rows[order[i - 1]], row))
			new_group(gs, row);
		struct sample_group *g = &gs->items[gs->nr - 1];
		/* report the earliest line, not the first one in key order */
		if (!agrees_with_group(g, row) && (!bad || row->line < bad->line)) {
			bad = row;
			bad_group = gs->nr - 1;
		}
		add_to_group(g, row);
	}
	if (bad)
		ret = report_disagreement(t, bad, &gs->items[bad_group]);
	if (gs->nr) /* qsort() wants a valid pointer even for no element */
		qsort(gs->items, gs->nr, sizeof(*gs->items), compare_first_line);
	free(order);
	return ret;
}

void groups_clear(struct group_set *gs)
{
	for (size_t i = 0; i < gs->nr; i++)
		free(gs->items[i].values);
	free(gs->items);
	memset(gs, 0, sizeof(*gs));
}
