#include "common/error.h"
#include "common/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per thread: where error() and warning() go instead of stderr (error_capture()). */
static _Thread_local struct strbuf *capture;

void error_capture(struct strbuf *into)
{
	capture = into;
}

static void report(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	if (capture) {
		if (capture->len)
			strbuf_addstr(capture, "; ");
		strbuf_vaddf(capture, fmt, ap);
		if (suffix)
			strbuf_addf(capture, ": %s", suffix);
		return;
	}
	fprintf(stderr, "crbench: %s", prefix);
	vfprintf(stderr, fmt, ap);
	if (suffix)
		fprintf(stderr, ": %s", suffix);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	const char *reason = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, reason);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	capture = NULL; /* dying is always told */
	va_start(ap, fmt);
	report("", fmt, ap, NULL);
	va_end(ap);
	exit(EXIT_USAGE);
}
