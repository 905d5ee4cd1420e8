#include "analysis/json_out.h"
#include "common/csv.h"
#include "common/strbuf.h"

#include <math.h>
#include <stdio.h>

void json_out_init(struct json_out *j, struct strbuf *buf)
{
	j->buf = buf;
	j->depth = 0;
	j->first = 1;
	j->inline_ = 0;
	j->bad = NULL;
}

/* Length of the UTF-8 sequence at s (1-4), or 0 when it is not valid UTF-8. */
static size_t utf8_length(const unsigned char *s)
{
	size_t len = *s < 0x80	       ? 1
		     : (*s >> 5) == 6  ? 2
		     : (*s >> 4) == 14 ? 3
		     : (*s >> 3) == 30 ? 4
				       : 0;
	unsigned long cp = len == 1 ? *s : len == 2 ? *s & 0x1f : len == 3 ? *s & 0x0f : *s & 0x07;

	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and code points beyond Unicode are not UTF-8 */
	if (!len || (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Printable ASCII but the quote and the backslash: copied as it is. */
static int is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

static void add_string(struct json_out *j, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	strbuf_addch(j->buf, '"');
	while (*s) {
		const unsigned char *plain = s;
		size_t len;
		while (is_plain(*s))
			s++;
		strbuf_add(j->buf, plain, (size_t)(s - plain)); /* at once */
		if (!*s)
			break;
		len = utf8_length(s);
		if (!len) {
			if (!j->bad)
				j->bad = text;
			return;
		}
		if (*s == '"' || *s == '\\')
			strbuf_addf(j->buf, "\\%c", *s);
		else if (*s < 0x20)
			strbuf_addf(j->buf, "\\u%04x", *s);
		else
			strbuf_add(j->buf, s, len);
		s += len;
	}
	strbuf_addch(j->buf, '"');
}

/* The separator, indentation and key before a value. */
static void start_value(struct json_out *j, const char *key)
{
	if (j->inline_) {
		strbuf_addstr(j->buf, j->first ? "" : ", ");
	} else {
		strbuf_addstr(j->buf, j->first ? "\n" : ",\n");
		strbuf_addchars(j->buf, ' ', 2 * (size_t)j->depth);
	}
	j->first = 0;
	if (key) {
		add_string(j, key);
		strbuf_addstr(j->buf, ": ");
	}
}

void json_begin_object(struct json_out *j, const char *key)
{
	if (j->depth || !j->first)
		start_value(j, key);
	strbuf_addch(j->buf, '{');
	j->depth++;
	j->first = 1;
}

void json_begin_array(struct json_out *j, const char *key, int inline_)
{
	start_value(j, key);
	strbuf_addch(j->buf, '[');
	j->depth++;
	j->first = 1;
	j->inline_ = inline_;
}

void json_end(struct json_out *j, char close)
{
	j->depth--;
	if (!j->first && !j->inline_) {
		strbuf_addch(j->buf, '\n');
		strbuf_addchars(j->buf, ' ', 2 * (size_t)j->depth);
	}
	strbuf_addch(j->buf, close);
	j->first = 0;
	j->inline_ = 0;
}

void json_add_text(struct json_out *j, const char *key, const char *text)
{
	start_value(j, key);
	if (text)
		add_string(j, text);
	else
		strbuf_addstr(j->buf, "null");
}

void json_add_number(struct json_out *j, const char *key, double v)
{
	start_value(j, key);
	if (isnan(v))
		strbuf_addstr(j->buf, "null");
	else
		csv_add_number(j->buf, v);
}

void json_add_count(struct json_out *j, const char *key, size_t v)
{
	start_value(j, key);
	strbuf_addf(j->buf, "%zu", v);
}
