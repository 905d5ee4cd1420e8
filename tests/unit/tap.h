#ifndef CRBENCH_TAP_H
#define CRBENCH_TAP_H

/*
 * Minimal TAP output for C unit tests: each CHECK prints "ok - NAME" or
 * "not ok - NAME (file:line: expression)". tests/run counts the lines.
 * main() ends with `return tap_done();`.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_failures;

__attribute__((format(printf, 5, 6))) static int
tap_check(int ok, const char *expr, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok) {
		printf("  (%s:%d: %s)", file, line, expr);
		tap_failures++;
	}
	putchar('\n');
	fflush(stdout);
	return ok;
}

#define CHECK(cond, ...) tap_check(!!(cond), #cond, __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_STR(a, b, ...)                                                                       \
	tap_check((a) && (b) && !strcmp((a), (b)), #a " == " #b, __FILE__, __LINE__, __VA_ARGS__)

static inline int tap_done(void)
{
	return tap_failures ? 1 : 0;
}

#endif
