#ifndef CRBENCH_STRPOOL_H
#define CRBENCH_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

/*
 * A set of interned strings: equal strings get the same pointer. samples.csv
 * repeats a handful of names a million times, so rows keep pointers into
 * the pool instead of copies, and grouping compares pointers.
 */
struct strpool {
	char **slots; /* open addressing; NULL is free */
	size_t nr, alloc;
};

#define STRPOOL_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* The pool's copy of `s`, made on first sight; valid until strpool_clear(). */
const char *strpool_intern(struct strpool *pool, const char *s);
void strpool_clear(struct strpool *pool);

/* FNV-1a of `s` (without its NUL) continuing from `h`; start with STRPOOL_HASH_START. */
#define STRPOOL_HASH_START UINT64_C(14695981039346656037)
uint64_t strpool_hash(uint64_t h, const char *s);

#endif
