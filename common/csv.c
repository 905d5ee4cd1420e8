#include "common/csv.h"
#include "common/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "common/strvec.h"
#include <string.h>

void csv_add_field(struct strbuf *line, const char *field)
{
	if (!strpbrk(field, ",\"\r\n")) {
		strbuf_addstr(line, field);
		return;
	}
	strbuf_addch(line, '"');
	for (; *field; field++) {
		if (*field == '"')
			strbuf_addch(line, '"');
		strbuf_addch(line, *field);
	}
	strbuf_addch(line, '"');
}

void csv_add_fields(struct strbuf *line, const char *const *fields, int count)
{
	for (int i = 0; i < count; i++) {
		if (i)
			strbuf_addch(line, ',');
		csv_add_field(line, fields[i]);
	}
}

static int reads_back(char *buf, size_t size, const char *fmt, int precision, double value)
{
	snprintf(buf, size, fmt, precision, value);
	return strtod(buf, NULL) == value;
}

/*
 * The shortest "%.*<conv>" rendering of `value` that reads back to the same
 * double. Reading back is monotone in the precision (one more digit is at
 * least as close), so bisection finds it in a handful of tries: analysis
 * writes hundreds of thousands of numbers.
 */
static int shortest(char *buf, size_t size, const char *fmt, int from, int to, double value)
{
	if (!reads_back(buf, size, fmt, to, value))
		return -1;
	while (from < to) {
		int mid = from + (to - from) / 2;
		if (reads_back(buf, size, fmt, mid, value))
			to = mid;
		else
			from = mid + 1;
	}
	reads_back(buf, size, fmt, to, value);
	return 0;
}

void csv_add_number(struct strbuf *line, double value)
{
	char buf[64];
	double magnitude = fabs(value);

	if (isnan(value)) {
		strbuf_addstr(line, "NA");
		return;
	}
	/* plain decimals for the magnitudes measurements have; exponents only beyond */
	if ((magnitude >= 1e-4 && magnitude < 1e15) || magnitude == 0) {
		if (shortest(buf, sizeof(buf), "%.*f", 0, 20, value) == 0) {
			strbuf_addstr(line, buf);
			return;
		}
	}
	shortest(buf, sizeof(buf), "%.*g", 1, 17, value);
	strbuf_addstr(line, buf);
}

void csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	r->pos = text;
	r->end = text + len;
	r->line = 0;
	r->next_line = 1;
}

/* A quoted field starting at the opening quote; leaves r->pos after the closing one. */
static int read_quoted(struct csv_reader *r, struct strbuf *field, struct strbuf *why)
{
	for (r->pos++; r->pos < r->end; r->pos++) {
		if (*r->pos == '"') {
			if (r->pos + 1 < r->end && r->pos[1] == '"') {
				strbuf_addch(field, '"');
				r->pos++;
				continue;
			}
			r->pos++;
			return 0;
		}
		if (*r->pos == '\n')
			r->next_line++;
		strbuf_addch(field, *r->pos);
	}
	strbuf_addstr(why, "unterminated quoted field");
	return -1;
}

static int at_record_end(const struct csv_reader *r)
{
	return r->pos >= r->end || *r->pos == '\n' ||
	       (*r->pos == '\r' && (r->pos + 1 >= r->end || r->pos[1] == '\n'));
}

int csv_read_record(struct csv_reader *r, struct strvec *fields, struct strbuf *why)
{
	struct strbuf field = STRBUF_INIT;

	strvec_clear(fields);
	if (r->pos >= r->end)
		return 0;
	r->line = r->next_line;
	for (;;) {
		strbuf_reset(&field);
		if (r->pos < r->end && *r->pos == '"') {
			if (read_quoted(r, &field, why) < 0)
				goto fail;
			if (!at_record_end(r) && *r->pos != ',') {
				strbuf_addstr(why, "text after a closing quote");
				goto fail;
			}
		} else {
			const char *start = r->pos;
			while (!at_record_end(r) && *r->pos != ',') {
				if (*r->pos == '"') {
					strbuf_addstr(why, "quote inside an unquoted field");
					goto fail;
				}
				r->pos++;
			}
			strbuf_add(&field, start, (size_t)(r->pos - start)); /* at once */
		}
		strvec_push(fields, field.buf);
		if (at_record_end(r))
			break;
		r->pos++; /* the comma */
	}
	if (r->pos < r->end && *r->pos == '\r')
		r->pos++;
	if (r->pos < r->end && *r->pos == '\n')
		r->pos++;
	r->next_line++;
	strbuf_release(&field);
	return 1;
fail:
	strbuf_release(&field);
	return -1;
}
