#ifndef CRBENCH_STRBUF_H
#define CRBENCH_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable string (after git's strbuf).
 * Invariants: `buf` is never NULL and always NUL-terminated; `len` is the
 * length without the NUL; `alloc` is 0 while `buf` points at a shared empty
 * string, so STRBUF_INIT needs no allocation.
 */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		0, 0, strbuf_slopbuf                                                               \
	}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Hand the string to the caller (who frees it) and reset `sb`. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Drop the first `n` bytes (a consumed part of a stream). */
void strbuf_remove_front(struct strbuf *sb, size_t n);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_insert_str(struct strbuf *sb, size_t pos, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/* n copies of c (padding, indentation). */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_trim_trailing_newline(struct strbuf *sb);
void strbuf_rtrim(struct strbuf *sb);

#endif
