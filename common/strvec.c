#include "common/strvec.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void push_owned(struct strvec *sv, char *s)
{
	ALLOC_GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	push_owned(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	push_owned(sv, strbuf_detach(&sb, NULL));
}

void strvec_pushv(struct strvec *sv, const char *const *items)
{
	for (; items && *items; items++)
		strvec_push(sv, *items);
}

void strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->nr = sv->alloc = 0;
}

const char *const *strvec_argv(struct strvec *sv)
{
	if (!sv->v) {
		ALLOC_GROW(sv->v, 1, sv->alloc);
		sv->v[0] = NULL;
	}
	return (const char *const *)sv->v;
}

int strvec_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}
