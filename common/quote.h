#ifndef CRBENCH_QUOTE_H
#define CRBENCH_QUOTE_H

struct strbuf;

/*
 * The one function that turns values into POSIX shell words. Every string
 * that reaches a shell (local `sh -c` or a remote ssh command) goes through
 * these. Each word is wrapped in single quotes; a single quote inside becomes
 * '\'' — nothing else is special inside single quotes, so any byte string
 * (newlines, $, `, \, ...) arrives unchanged.
 */
void sq_quote_buf(struct strbuf *dst, const char *src);
/* Quote each element of a NULL-terminated argv, separated by spaces. */
void sq_quote_argv(struct strbuf *dst, const char *const *argv);
/*
 * The line NAME='VALUE': how a constant of the C side reaches an embedded
 * script (common/script.h), which names it in upper case.
 */
void sq_quote_assign(struct strbuf *dst, const char *name, const char *value);

#endif
