#include "analysis/compare.h"
#include "analysis/groups.h"
#include "analysis/holm.h"
#include "analysis/summary.h"
#include "common/error.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Which key the comparisons of a kind vary, and between which values. */
static const struct {
	enum group_key varies;
	const char *name;
} kinds[] = {
	[COMPARE_RUNTIME] = {GK_RUNTIME, "runtime"},
	[COMPARE_HOST_TYPE] = {GK_HOST_TYPE, "host_type"},
};

#define HOST_BASELINE  "bare-metal"
#define HOST_CANDIDATE "nested-vm"

const char *comparison_kind_name(enum comparison_kind kind)
{
	return kinds[kind].name;
}

const char *comparison_baseline_name(const struct comparison *c)
{
	return c->baseline->group->key[kinds[c->kind].varies];
}

const char *comparison_candidate_name(const struct comparison *c)
{
	return c->candidate->group->key[kinds[c->kind].varies];
}

int summary_has_runtime(const struct summary *s, const char *runtime)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->items[i].group->key[GK_RUNTIME], runtime))
			return 1;
	return 0;
}

struct pairing {
	const struct summary *s;
	enum group_key varies;
};

/*
 * The keys are interned (groups.h): equal names are the same pointer, so
 * comparing addresses groups equal keys together as strcmp would, in
 * another order of the runs, which the comparisons' own sort then undoes.
 */
static int compare_key(const struct pairing *p, size_t a, size_t b, int k)
{
	uintptr_t x = (uintptr_t)p->s->items[a].group->key[k];
	uintptr_t y = (uintptr_t)p->s->items[b].group->key[k];

	return k == (int)p->varies ? 0 : x < y ? -1 : x > y;
}

static int differ_in_other_keys(const struct pairing *p, size_t a, size_t b)
{
	for (int k = 0; k < GK_NKEYS; k++)
		if (compare_key(p, a, b, k))
			return 1;
	return 0;
}

/* Group indices ordered by every key but the varying one, then by group order. */
static int compare_other_keys(const void *pa, const void *pb, void *arg)
{
	const struct pairing *p = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	for (int k = 0; k < GK_NKEYS; k++) {
		int c = compare_key(p, a, b, k);
		if (c)
			return c;
	}
	return a < b ? -1 : a > b;
}

static void add_pair(struct comparison_set *set, enum comparison_kind kind,
		     const struct group_summary *base, const struct group_summary *cand)
{
	struct comparison *c;

	ALLOC_GROW(set->items, set->nr + 1, set->alloc);
	c = &set->items[set->nr++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->baseline = base;
	c->candidate = cand;
}

/* One run of groups that differ only in the varying key. */
static void pair_run(const struct pairing *p, const size_t *run, size_t len,
		     enum comparison_kind kind, const char *base, const char *cand,
		     struct comparison_set *set)
{
	const struct group_summary *b = NULL;

	for (size_t i = 0; i < len && !b; i++)
		if (!strcmp(p->s->items[run[i]].group->key[p->varies], base))
			b = &p->s->items[run[i]];
	for (size_t i = 0; b && i < len; i++) {
		const char *value = p->s->items[run[i]].group->key[p->varies];
		if (strcmp(value, base) && (!cand || !strcmp(value, cand)))
			add_pair(set, kind, b, &p->s->items[run[i]]);
	}
}

/*
 * Within each run of groups that agree on every other key, pair the group
 * whose varying key is `base` with each one that is `cand` (any other
 * value when `cand` is NULL). Sorting keeps this O(G log G) for 10^4 groups.
 */
static void pair_groups(const struct summary *s, enum comparison_kind kind, const char *base,
			const char *cand, struct comparison_set *set)
{
	struct pairing p = {s, kinds[kind].varies};
	size_t *order = xcalloc(s->nr ? s->nr : 1, sizeof(*order)), start = 0;

	for (size_t i = 0; i < s->nr; i++)
		order[i] = i;
	qsort_r(order, s->nr, sizeof(*order), compare_other_keys, &p);
	for (size_t end = 1; end <= s->nr; end++) {
		if (end < s->nr && !differ_in_other_keys(&p, order[start], order[end]))
			continue;
		pair_run(&p, order + start, end - start, kind, base, cand, set);
		start = end;
	}
	free(order);
}

/* In the order of the groups: by baseline, then by candidate. */
static int compare_pairs(const void *pa, const void *pb)
{
	const struct comparison *a = pa, *b = pb;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->baseline != b->baseline)
		return a->baseline < b->baseline ? -1 : 1;
	return a->candidate < b->candidate ? -1 : a->candidate > b->candidate;
}

/* Each comparison's numbers (compare_compute.c), then Holm's adjustment over all of them. */
static void compute_all(struct comparison_set *set, const struct summary *s,
			const struct compare_options *opts)
{
	double *p = xcalloc(set->nr ? set->nr : 1, sizeof(*p));

	compare_compute(set, s, opts);
	for (size_t i = 0; i < set->nr; i++)
		p[i] = set->items[i].test.p_value;
	holm_adjust(p, set->nr, p);
	for (size_t i = 0; i < set->nr; i++)
		set->items[i].p_holm = p[i];
	free(p);
}

int compare_build(const struct summary *s, const struct compare_options *opts,
		  struct comparison_set *out)
{
	const char *baseline = opts->baseline;

	memset(out, 0, sizeof(*out));
	if (!s->nr)
		return 0;
	if (!baseline)
		baseline = s->items[0].group->key[GK_RUNTIME];
	else if (!summary_has_runtime(s, baseline))
		return error("baseline runtime '%s' has no samples in this run", baseline);
	out->baseline = baseline;
	pair_groups(s, COMPARE_RUNTIME, baseline, NULL, out);
	pair_groups(s, COMPARE_HOST_TYPE, HOST_BASELINE, HOST_CANDIDATE, out);
	if (out->nr)
		qsort(out->items, out->nr, sizeof(*out->items), compare_pairs);
	compute_all(out, s, opts);
	return 0;
}
