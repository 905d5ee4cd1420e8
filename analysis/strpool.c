#include "analysis/strpool.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint64_t strpool_hash(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

/* The slot holding `s`, or the free slot where it belongs. */
static char **find(char **slots, size_t alloc, const char *s)
{
	size_t i = (size_t)strpool_hash(STRPOOL_HASH_START, s) & (alloc - 1);

	while (slots[i] && strcmp(slots[i], s))
		i = (i + 1) & (alloc - 1);
	return &slots[i];
}

/* Keep the table at most half full, so probes stay short. */
static void grow(struct strpool *pool)
{
	size_t alloc = pool->alloc ? pool->alloc * 2 : 64;
	char **slots = xcalloc(alloc, sizeof(*slots));

	for (size_t i = 0; i < pool->alloc; i++)
		if (pool->slots[i])
			*find(slots, alloc, pool->slots[i]) = pool->slots[i];
	free(pool->slots);
	pool->slots = slots;
	pool->alloc = alloc;
}

const char *strpool_intern(struct strpool *pool, const char *s)
{
	char **slot;

	if (2 * (pool->nr + 1) > pool->alloc)
		grow(pool);
	slot = find(pool->slots, pool->alloc, s);
	if (!*slot) {
		*slot = xstrdup(s);
		pool->nr++;
	}
	return *slot;
}

void strpool_clear(struct strpool *pool)
{
	for (size_t i = 0; i < pool->alloc; i++)
		free(pool->slots[i]);
	free(pool->slots);
	memset(pool, 0, sizeof(*pool));
}
