#include "common/csv.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Whether "fmt" (a "%.*<conv>") at `precision` reads back as `value`; the text in `buf`. */
static int reads_back(char *buf, size_t size, const char *fmt, int precision, double value)
{
	snprintf(buf, size, fmt, precision, value);
	return strtod(buf, NULL) == value;
}

#define NUMBER_BUF 64

/*
 * `buf` holds the "%.*<conv>" rendering of `value` at precision `to`,
 * which reads back; shorten it to the shortest one that does. Reading back
 * is monotone in the precision (one more digit is at least as close), so
 * bisection finds it in a handful of tries: analysis writes hundreds of
 * thousands of numbers. Computed numbers (p-values) mostly need every digit
 * or all but one, so those two are tried first. A trial that reads back
 * is kept, so the answer is never printed twice.
 */
static void shorten(char *buf, const char *fmt, int from, int to, double value)
{
	char trial[NUMBER_BUF];

	for (int tries = 0; tries < 2 && from < to; tries++, to--) {
		if (!reads_back(trial, sizeof(trial), fmt, to - 1, value))
			return;
		memcpy(buf, trial, sizeof(trial));
	}
	while (from < to) {
		int mid = from + (to - from) / 2;
		if (reads_back(trial, sizeof(trial), fmt, mid, value)) {
			memcpy(buf, trial, sizeof(trial));
			to = mid;
		} else {
			from = mid + 1;
		}
	}
}

/*
 * The same search without printf, for the plain decimals: |value| =
 * m 2^-s exactly, so its rounding to p decimals (ties to even, as printf)
 * and whether that reads back (lies within half a unit in the last place
 * of the value; at exactly half, strtod picks the even m) are questions
 * about integers, which fit in 128 bits for 1e-4 <= |value| < 1e15.
 * Reading back is monotone in p here, so the first p that does is the
 * one the bisection finds. Not for a power of two, whose neighbours are
 * not equally far: returns 0 then, 1 with `buf` written otherwise.
 */
__extension__ typedef unsigned __int128 u128;

/* x / 2^s rounded to the nearest integer, ties to even (s >= 1). */
static u128 shift_round(u128 x, int s)
{
	u128 q = x >> s, rest = x & (((u128)1 << s) - 1), half = (u128)1 << (s - 1);

	return q + (rest > half || (rest == half && (q & 1)));
}

/* Whether n / 10^p reads back as m 2^-s: |n 2^(s+1) - 2 m 10^p| <= 10^p, strictly if m is odd. */
static int fixed_reads_back(u128 n, u128 pow10, uint64_t m, int s)
{
	u128 a = n << (s + 1), b = 2 * m * pow10, gap = a > b ? a - b : b - a;

	return gap < pow10 || (gap == pow10 && m % 2 == 0);
}

/* n with p decimals, as "%.*f" writes it; the digits written backwards, without printf. */
static void format_fixed(char *buf, int negative, uint64_t n, int p)
{
	char digits[48];
	char *at = digits + sizeof(digits);
	int written = 0;

	*--at = '\0';
	do {
		if (written++ == p && p)
			*--at = '.';
		*--at = (char)('0' + n % 10);
		n /= 10;
	} while (n || written <= p);
	if (negative)
		*--at = '-';
	memcpy(buf, at, (size_t)(digits + sizeof(digits) - at));
}

/* 10^p for p = 0 .. FIXED_MAX_DECIMALS. */
#define FIXED_MAX_DECIMALS 20
#define E19		   UINT64_C(10000000000000000000)
static const u128 pow10_table[FIXED_MAX_DECIMALS + 1] = {
	UINT64_C(1),
	UINT64_C(10),
	UINT64_C(100),
	UINT64_C(1000),
	UINT64_C(10000),
	UINT64_C(100000),
	UINT64_C(1000000),
	UINT64_C(10000000),
	UINT64_C(100000000),
	UINT64_C(1000000000),
	UINT64_C(10000000000),
	UINT64_C(100000000000),
	UINT64_C(1000000000000),
	UINT64_C(10000000000000),
	UINT64_C(100000000000000),
	UINT64_C(1000000000000000),
	UINT64_C(10000000000000000),
	UINT64_C(100000000000000000),
	UINT64_C(1000000000000000000),
	E19,
	(u128)E19 * 10,
};

static int fixed_p_reads_back(uint64_t m, int s, int p)
{
	return fixed_reads_back(shift_round(m * pow10_table[p], s), pow10_table[p], m, s);
}

/* `buf` needs room for "-" and 40 digits with a point. */
static int shortest_fixed(char *buf, double value)
{
	int exp, from = 0, to = FIXED_MAX_DECIMALS;
	double fraction =
		frexp(fabs(value), &exp); /* |value| = fraction 2^exp, fraction in [0.5, 1) */
	uint64_t m = (uint64_t)ldexp(fraction, 53);
	int s = 53 - exp; /* 3 <= s <= 66 in the range */

	if (m == UINT64_C(1) << 52 || !fixed_p_reads_back(m, s, to))
		return 0;
	while (from < to) {
		int mid = from + (to - from) / 2;
		if (fixed_p_reads_back(m, s, mid))
			to = mid;
		else
			from = mid + 1;
	}
	format_fixed(buf, value < 0, (uint64_t)shift_round(m * pow10_table[to], s), to);
	return 1;
}

void csv_add_number(struct strbuf *line, double value)
{
	char buf[NUMBER_BUF];
	double magnitude = fabs(value);

	if (isnan(value)) {
		strbuf_addstr(line, "NA");
		return;
	}
	if (magnitude == 0) { /* counts are often 0: what the search below ends at */
		strbuf_addstr(line, signbit(value) ? "-0" : "0");
		return;
	}
	/* plain decimals for the magnitudes measurements have; exponents only beyond */
	if (magnitude >= 1e-4 && magnitude < 1e15 && shortest_fixed(buf, value)) {
		strbuf_addstr(line, buf);
		return;
	}
	if (magnitude >= 1e-4 && magnitude < 1e15 &&
	    reads_back(buf, sizeof(buf), "%.*f", 20, value)) {
		shorten(buf, "%.*f", 0, 20, value);
		strbuf_addstr(line, buf);
		return;
	}
	/* 17 significant digits always read back */
	snprintf(buf, sizeof(buf), "%.*g", 17, value);
	shorten(buf, "%.*g", 1, 17, value);
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

/* Start field rec->nr at rec->text[at]. */
static void begin_field(struct csv_record *rec, size_t at)
{
	if (rec->nr + 1 > rec->alloc) {
		rec->alloc = rec->alloc ? 2 * rec->alloc : 16;
		rec->v = xrealloc(rec->v, rec->alloc * sizeof(*rec->v));
		rec->start = xrealloc(rec->start, rec->alloc * sizeof(*rec->start));
	}
	rec->start[rec->nr++] = at;
}

/* The fields' pointers, once the text no longer moves. */
static void point_fields(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->nr; i++)
		rec->v[i] = rec->text.buf + rec->start[i];
}

/* The bytes an unquoted field ends or fails at (CR only before LF or at the end). */
static int ends_unquoted(char c)
{
	return c == ',' || c == '\n' || c == '\r' || c == '"';
}

/* To the end of an unquoted field: the comma or line end after it. */
static int skip_unquoted(struct csv_reader *r, struct strbuf *why)
{
	for (;;) {
		while (r->pos < r->end && !ends_unquoted(*r->pos))
			r->pos++;
		if (at_record_end(r) || *r->pos == ',')
			return 0;
		if (*r->pos == '"') {
			strbuf_addstr(why, "quote inside an unquoted field");
			return -1;
		}
		r->pos++; /* a CR inside the field */
	}
}

/* One field at r->pos, appended to rec->text with its NUL. */
static int read_field(struct csv_reader *r, struct csv_record *rec, struct strbuf *why)
{
	const char *start = r->pos;

	begin_field(rec, rec->text.len);
	if (r->pos < r->end && *r->pos == '"') {
		if (read_quoted(r, &rec->text, why) < 0)
			return -1;
		if (!at_record_end(r) && *r->pos != ',') {
			strbuf_addstr(why, "text after a closing quote");
			return -1;
		}
	} else {
		if (skip_unquoted(r, why) < 0)
			return -1;
		strbuf_add(&rec->text, start, (size_t)(r->pos - start)); /* at once */
	}
	strbuf_addch(&rec->text, '\0');
	return 0;
}

/*
 * A record without quotes, as nearly all are: its line copied at once and
 * cut at the commas, which is what read_field() gives field by field.
 * Returns 0, having read nothing, for a line with a quote.
 */
static int read_plain_record(struct csv_reader *r, struct csv_record *rec)
{
	const char *newline = memchr(r->pos, '\n', (size_t)(r->end - r->pos));
	const char *end = newline ? newline : r->end;
	size_t len;
	char *text;

	if (memchr(r->pos, '"', (size_t)(end - r->pos)))
		return 0;
	if (end > r->pos && end[-1] == '\r') /* CRLF, or a CR that ends the text */
		end--;
	len = (size_t)(end - r->pos);
	begin_field(rec, 0);
	strbuf_add(&rec->text, r->pos, len);
	text = rec->text.buf;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == ',') {
			text[i] = '\0';
			begin_field(rec, i + 1);
		}
	}
	strbuf_addch(&rec->text, '\0');
	r->pos = newline ? newline + 1 : r->end;
	return 1;
}

int csv_read_fields(struct csv_reader *r, struct csv_record *rec, struct strbuf *why)
{
	rec->nr = 0;
	strbuf_reset(&rec->text);
	if (r->pos >= r->end)
		return 0;
	r->line = r->next_line;
	if (!read_plain_record(r, rec)) {
		for (;;) {
			if (read_field(r, rec, why) < 0)
				return -1;
			if (at_record_end(r))
				break;
			r->pos++; /* the comma */
		}
		if (r->pos < r->end && *r->pos == '\r')
			r->pos++;
		if (r->pos < r->end && *r->pos == '\n')
			r->pos++;
	}
	r->next_line++;
	point_fields(rec);
	return 1;
}

void csv_record_release(struct csv_record *rec)
{
	free(rec->v);
	free(rec->start);
	strbuf_release(&rec->text);
	memset(rec, 0, sizeof(*rec));
}

int csv_read_record(struct csv_reader *r, struct strvec *fields, struct strbuf *why)
{
	struct csv_record rec = CSV_RECORD_INIT;
	int ret;

	strvec_clear(fields);
	ret = csv_read_fields(r, &rec, why);
	for (size_t i = 0; ret > 0 && i < rec.nr; i++)
		strvec_push(fields, rec.v[i]);
	csv_record_release(&rec);
	return ret;
}

/* Read at a time: few reads, little memory. */
#define CSV_PIECE_BYTES ((size_t)1 << 20)

int csv_file_open(struct csv_file *f, const char *path, struct read_limit limit)
{
	struct strbuf why = STRBUF_INIT;

	memset(f, 0, sizeof(*f));
	f->read_bytes = CSV_PIECE_BYTES;
	f->limit = limit;
	strbuf_init(&f->buf, 0);
	csv_reader_init(&f->r, f->buf.buf, 0);
	f->fd = open_regular(path, limit, &why);
	if (f->fd < 0)
		error("%s", why.buf);
	strbuf_release(&why);
	return f->fd < 0 ? -1 : 0;
}

static int read_more(struct csv_file *f, struct strbuf *why)
{
	ssize_t n;

	strbuf_grow(&f->buf, f->read_bytes);
	do
		n = read(f->fd, f->buf.buf + f->buf.len, f->read_bytes);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		strbuf_addf(why, "cannot read: %s", strerror(errno));
		return -1;
	}
	f->total += (uint64_t)n;
	if (f->total > f->limit.bytes) {
		read_limit_describe(why, f->limit);
		return -1;
	}
	strbuf_setlen(&f->buf, f->buf.len + (size_t)n);
	f->eof = n == 0;
	return 0;
}

/* From quote to quote with memchr: samples.csv has next to none. */
static void scan(struct csv_file *f)
{
	const char *buf = f->buf.buf;

	while (f->scanned < f->buf.len) {
		const char *from = buf + f->scanned;
		const char *quote = memchr(from, '"', f->buf.len - f->scanned);
		const char *stop = quote ? quote : buf + f->buf.len;
		const char *newline =
			f->in_quotes ? NULL : memrchr(from, '\n', (size_t)(stop - from));

		if (newline)
			f->cut = (size_t)(newline - buf) + 1;
		f->scanned = (size_t)(stop - buf) + (quote != NULL);
		if (quote)
			f->in_quotes = !f->in_quotes;
	}
}

/* Drop the piece read; the next one is whole records, or all that is left at the end. */
static int next_piece(struct csv_file *f, struct strbuf *why)
{
	memmove(f->buf.buf, f->buf.buf + f->piece, f->buf.len - f->piece);
	strbuf_setlen(&f->buf, f->buf.len - f->piece);
	f->scanned -= f->piece;
	f->cut = 0;
	while (!f->cut && !f->eof) {
		if (read_more(f, why) < 0)
			return -1;
		scan(f);
	}
	f->piece = f->eof ? f->buf.len : f->cut;
	/* the line numbers go on */
	f->r.pos = f->buf.buf;
	f->r.end = f->buf.buf + f->piece;
	return 0;
}

int csv_file_read_fields(struct csv_file *f, struct csv_record *rec, struct strbuf *why)
{
	if (f->r.pos >= f->r.end && !f->eof && next_piece(f, why) < 0)
		return -1;
	return csv_read_fields(&f->r, rec, why);
}

void csv_file_close(struct csv_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	strbuf_release(&f->buf);
	f->fd = -1;
}
