#ifndef CRBENCH_STRVEC_H
#define CRBENCH_STRVEC_H

#include <stddef.h>

/* A NULL-terminated, growable array of owned strings (after git's strvec). */
struct strvec {
	char **v;
	size_t nr;
	size_t alloc;
};

#define STRVEC_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strvec_pushv(struct strvec *sv, const char *const *items);
void strvec_clear(struct strvec *sv);
/* Whether `s` is one of the strings. */
int strvec_has(const struct strvec *sv, const char *s);
/* The array as argv: never NULL, always NULL-terminated. */
const char *const *strvec_argv(struct strvec *sv);

#endif
