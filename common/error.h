#ifndef CRBENCH_ERROR_H
#define CRBENCH_ERROR_H

/*
 * Errors in the style of git: error() prints "crbench: error: ..." to stderr
 * and returns -1 so callers write `return error(...)`. die() exits with
 * status 2 and is for main() and option parsing only.
 */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like error(), with ": <strerror(errno)>" appended. */
int error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Collect this thread's error() and warning() messages in `into` (joined
 * by "; ", without the "crbench: error: " prefix) instead of printing
 * them, until error_capture(NULL). For per-host reports from parallel
 * threads.
 */
struct strbuf;
void error_capture(struct strbuf *into);

/* Exit statuses of DESIGN.md. */
enum { EXIT_OK = 0, EXIT_CELLS_FAILED = 1, EXIT_USAGE = 2 };

#endif
