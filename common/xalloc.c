#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *checked(void *p, size_t size)
{
	if (!p && size) {
		fprintf(stderr, "crbench: fatal: out of memory allocating %zu bytes\n", size);
		abort();
	}
	return p;
}

void *xmalloc(size_t size)
{
	return checked(malloc(size ? size : 1), size);
}

#define HUGE_PAGE ((size_t)2 << 20)

void *xmalloc_filled(size_t size)
{
	size_t rounded = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	void *p;

	if (size < HUGE_PAGE)
		return xmalloc(size);
	p = checked(aligned_alloc(HUGE_PAGE, rounded), rounded);
	/* advice only: without it the pages are ordinary ones, faulted in one by one */
	madvise(p, rounded, MADV_HUGEPAGE);
	madvise(p, rounded, MADV_POPULATE_WRITE);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	return checked(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *xrealloc(void *ptr, size_t size)
{
	return checked(realloc(ptr, size ? size : 1), size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *copy = xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}
