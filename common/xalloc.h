#ifndef CRBENCH_XALLOC_H
#define CRBENCH_XALLOC_H

#include <stddef.h>

/*
 * Allocation wrappers that never return NULL: running out of memory in a
 * benchmark orchestrator is not recoverable, so they print and abort.
 */
void *xmalloc(size_t size);
/*
 * xmalloc for a buffer of megabytes that is about to be written whole: its
 * pages are asked for as huge pages and made present in one call. Each
 * first touch of a 4 KiB page otherwise costs a fault, and in a virtual
 * machine a fault costs microseconds. Free with free().
 */
void *xmalloc_filled(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* NULL stays NULL. */
char *xstrdup_or_null(const char *s);

/* Grow an array of `alloc` elements so that it holds at least `nr`. */
#define ALLOC_GROW(array, nr, alloc)                                                               \
	do {                                                                                       \
		if ((nr) > (alloc)) {                                                              \
			(alloc) = (alloc) ? (alloc)*2 : 8;                                         \
			if ((alloc) < (nr))                                                        \
				(alloc) = (nr);                                                    \
			(array) = xrealloc((array), (alloc) * sizeof(*(array)));                   \
		}                                                                                  \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
