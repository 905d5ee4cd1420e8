#ifndef CRBENCH_JSON_OUT_H
#define CRBENCH_JSON_OUT_H

#include <stddef.h>

struct strbuf;

/*
 * A streaming JSON writer for large exports: summary.json of 10^4 groups
 * is written straight into a strbuf instead of building a jansson tree of
 * a million nodes first. Layout: two-space indentation, one member per
 * line, arrays of numbers on one line. Numbers as in the CSV files (the
 * shortest decimal that reads back as the same double), NaN as null.
 */
struct json_out {
	struct strbuf *buf;
	int depth;
	int first;	 /* no member written yet at this depth */
	int inline_;	 /* inside a one-line array */
	const char *bad; /* the first text that was not UTF-8, or NULL */
};

void json_out_init(struct json_out *j, struct strbuf *buf);
/* Containers; `key` is NULL inside arrays. inline arrays stay on one line. */
void json_begin_object(struct json_out *j, const char *key);
void json_begin_array(struct json_out *j, const char *key, int inline_);
void json_end(struct json_out *j, char close);
void json_add_text(struct json_out *j, const char *key, const char *text); /* NULL: null */
void json_add_number(struct json_out *j, const char *key, double v);
void json_add_count(struct json_out *j, const char *key, size_t v);

#endif
