#include "analysis/groups.h"
#include "common/error.h"
#include "common/samples.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const group_key_names[GK_NKEYS] = {"host_type", "runtime", "application", "variant",
					       "metric"};

int sample_is_ok(const struct sample *s)
{
	return !strcmp(s->status, "ok");
}

int sample_is_warmup(const struct sample *s)
{
	return !strcmp(s->status, SAMPLE_STATUS_WARMUP);
}

static void sample_key(const struct sample *s, const char *key[GK_NKEYS])
{
	key[GK_HOST_TYPE] = s->host_type;
	key[GK_RUNTIME] = s->runtime;
	key[GK_APPLICATION] = s->application;
	key[GK_VARIANT] = s->variant;
	key[GK_METRIC] = s->metric;
}

/* The keys are interned: equal addresses are equal names. */
static int same_key(const struct sample_group *g, const char *const key[GK_NKEYS])
{
	return !memcmp(g->key, key, sizeof(g->key));
}

static size_t hash_key(const char *const key[GK_NKEYS])
{
	uint64_t h = 0;

	for (int k = 0; k < GK_NKEYS; k++)
		h = (h ^ (uintptr_t)key[k]) * UINT64_C(0x9e3779b97f4a7c15);
	return (size_t)(h ^ (h >> 29));
}

/* The index slot of `key`: its group's, or the free one where it belongs. */
static size_t *find_slot(const struct group_set *gs, const char *const key[GK_NKEYS])
{
	size_t mask = gs->index_alloc - 1, i = hash_key(key) & mask;

	while (gs->index[i] && !same_key(&gs->items[gs->index[i] - 1], key))
		i = (i + 1) & mask;
	return &gs->index[i];
}

static void grow_index(struct group_set *gs)
{
	free(gs->index);
	gs->index_alloc = gs->index_alloc ? 2 * gs->index_alloc : 64;
	gs->index = xcalloc(gs->index_alloc, sizeof(*gs->index));
	for (size_t i = 0; i < gs->nr; i++)
		*find_slot(gs, gs->items[i].key) = i + 1;
}

/* The biggest slab: 4 MiB, on huge pages (xmalloc_filled); they double up to it. */
#define SLAB_MAX_VALUES ((size_t)512 << 10)
#define SLAB_MIN_VALUES ((size_t)4 << 10)

/* Room for `want` values of g in the last slab, or in a new one. */
static void room_in_slab(struct group_set *gs, struct sample_group *g, size_t want)
{
	if (want > SLAB_MAX_VALUES / 8)
		return; /* a group that big grows on its own */
	if (gs->slab_left < want) {
		size_t size = gs->slab_size ? 2 * gs->slab_size : SLAB_MIN_VALUES;
		gs->slab_size = size < SLAB_MAX_VALUES ? size : SLAB_MAX_VALUES;
		ALLOC_GROW(gs->slabs, gs->nr_slabs + 1, gs->alloc_slabs);
		gs->slabs[gs->nr_slabs++] = xmalloc_filled(gs->slab_size * sizeof(double));
		gs->slab_left = gs->slab_size;
	}
	g->values = gs->slabs[gs->nr_slabs - 1] + (gs->slab_size - gs->slab_left);
	g->alloc = want;
	g->in_slab = 1;
	gs->slab_left -= want;
}

static size_t new_group(struct group_set *gs, const struct sample *s,
			const char *const key[GK_NKEYS], int line)
{
	struct sample_group *g;

	ALLOC_GROW(gs->items, gs->nr + 1, gs->alloc);
	g = &gs->items[gs->nr++];
	memset(g, 0, sizeof(*g));
	/*
	 * Groups mostly have as many repetitions as the one before, when its
	 * rows came together: room for that many at once, instead of growing
	 * through copies of copies. (Interleaved rows leave it nearly empty.)
	 */
	if (gs->nr > 1 && gs->items[gs->nr - 2].n > 8)
		room_in_slab(gs, g, gs->items[gs->nr - 2].n);
	memcpy(g->key, key, sizeof(g->key));
	g->unit = s->unit;
	g->better = s->better;
	g->first_line = line;
	if (2 * gs->nr > gs->index_alloc)
		grow_index(gs);
	else
		*find_slot(gs, key) = gs->nr;
	return gs->nr - 1;
}

/* Rows of a group mostly follow each other: try the previous row's group first. */
static size_t group_of(struct group_set *gs, const struct sample *s, int line)
{
	const char *key[GK_NKEYS];
	size_t slot;

	sample_key(s, key);
	if (gs->nr && same_key(&gs->items[gs->last], key))
		return gs->last;
	slot = gs->nr ? *find_slot(gs, key) : 0;
	return slot ? slot - 1 : new_group(gs, s, key, line);
}

static void add_to_group(struct sample_group *g, const struct sample *s)
{
	if (sample_is_warmup(s)) {
		g->n_warmup++;
		return;
	}
	if (!sample_is_ok(s)) {
		g->n_failed++;
		return;
	}
	if (g->in_slab && g->n == g->alloc) { /* outgrown: on its own from now on */
		double *own = xmalloc(2 * g->alloc * sizeof(*own));
		memcpy(own, g->values, g->n * sizeof(*own));
		g->values = own;
		g->alloc *= 2;
		g->in_slab = 0;
	}
	ALLOC_GROW(g->values, g->n + 1, g->alloc);
	g->values[g->n++] = s->value;
}

void groups_add(struct group_set *gs, const struct sample *s, int line)
{
	struct sample_group *g;

	gs->last = group_of(gs, s, line);
	g = &gs->items[gs->last];
	/* rows come in file order: the first disagreement is the earliest */
	if ((s->unit != g->unit || s->better != g->better) && !gs->disagreement.line)
		gs->disagreement = (struct group_disagreement){line, gs->last, s->unit, s->better};
	add_to_group(g, s);
}

int groups_check(const struct group_set *gs, const char *path)
{
	const struct group_disagreement *d = &gs->disagreement;
	const struct sample_group *g;
	int unit_differs;

	if (!d->line)
		return 0;
	g = &gs->items[d->group];
	unit_differs = d->unit != g->unit;
	return error("%s:%d: %s '%s' differs from '%s' on line %d for %s %s of %s/%s on %s", path,
		     d->line, unit_differs ? "unit" : "better", unit_differs ? d->unit : d->better,
		     unit_differs ? g->unit : g->better, g->first_line, group_key_names[GK_METRIC],
		     g->key[GK_METRIC], g->key[GK_RUNTIME], g->key[GK_APPLICATION],
		     g->key[GK_HOST_TYPE]);
}

void groups_clear(struct group_set *gs)
{
	for (size_t i = 0; i < gs->nr; i++)
		if (!gs->items[i].in_slab)
			free(gs->items[i].values);
	for (size_t i = 0; i < gs->nr_slabs; i++)
		free(gs->slabs[i]);
	free(gs->slabs);
	free(gs->items);
	free(gs->index);
	strpool_clear(&gs->strings);
	memset(gs, 0, sizeof(*gs));
}
