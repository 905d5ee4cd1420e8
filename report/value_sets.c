#include "report/value_sets.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int same_key(const struct value_set *set, const char *const key[VK_NKEYS])
{
	for (int k = 0; k < VK_NKEYS; k++)
		if (strcmp(set->key[k], key[k]))
			return 0;
	return 1;
}

struct value_set *value_sets_get(struct value_sets *vs, const char *const key[VK_NKEYS], int create)
{
	struct value_set *set;

	if (vs->last < vs->nr && same_key(&vs->sets[vs->last], key))
		return &vs->sets[vs->last];
	for (size_t i = 0; i < vs->nr; i++) {
		if (same_key(&vs->sets[i], key)) {
			vs->last = i;
			return &vs->sets[i];
		}
	}
	if (!create)
		return NULL;
	ALLOC_GROW(vs->sets, vs->nr + 1, vs->alloc);
	set = &vs->sets[vs->nr];
	memset(set, 0, sizeof(*set));
	for (int k = 0; k < VK_NKEYS; k++)
		set->key[k] = xstrdup(key[k]);
	vs->last = vs->nr++;
	return set;
}

void value_set_add(struct value_set *set, double v)
{
	ALLOC_GROW(set->v, set->nr + 1, set->alloc);
	set->v[set->nr++] = v;
}

void value_sets_release(struct value_sets *vs)
{
	for (size_t i = 0; i < vs->nr; i++) {
		for (int k = 0; k < VK_NKEYS; k++)
			free(vs->sets[i].key[k]);
		free(vs->sets[i].v);
	}
	free(vs->sets);
	memset(vs, 0, sizeof(*vs));
}
