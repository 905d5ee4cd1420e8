#include "analysis/samples_reader.h"
#include "analysis/groups.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/names.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Field checks: each returns 0, or -1 with the reason in `why`. `name` is
 * the column's name from the header.
 */
typedef int (*field_check_fn)(const char *name, const char *value, struct strbuf *why);

static int check_nonempty(const char *name, const char *value, struct strbuf *why)
{
	if (*value)
		return 0;
	strbuf_addf(why, "%s is empty", name);
	return -1;
}

/* Hosts, runtimes, applications and variants were path components of the run. */
static int check_name(const char *name, const char *value, struct strbuf *why)
{
	const char *problem = name_problem(value);

	if (!problem)
		return 0;
	strbuf_addf(why, "%s '%s': %s", name, value, problem);
	return -1;
}

static int check_host_type(const char *name, const char *value, struct strbuf *why)
{
	if (!strcmp(value, "bare-metal") || !strcmp(value, "nested-vm"))
		return 0;
	strbuf_addf(why, "%s must be bare-metal or nested-vm, not '%s'", name, value);
	return -1;
}

static int check_better(const char *name, const char *value, struct strbuf *why)
{
	if (!strcmp(value, "higher") || !strcmp(value, "lower"))
		return 0;
	strbuf_addf(why, "%s must be higher or lower, not '%s'", name, value);
	return -1;
}

/* Digits only (no blank, sign or point), 1 .. INT_MAX. */
static int parse_positive_int(const char *s, int *out)
{
	int v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int check_repetition(const char *name, const char *value, struct strbuf *why)
{
	int rep;

	if (!parse_positive_int(value, &rep))
		return 0;
	strbuf_addf(why, "%s must be a positive integer, not '%s'", name, value);
	return -1;
}

/* The powers of ten that are exact doubles. */
static const double exact_pow10[] = {1e0,  1e1,	 1e2,  1e3,  1e4,  1e5,	 1e6,  1e7,
				     1e8,  1e9,	 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/*
 * The values the orchestrator writes are mostly short decimals
 * ("118.9265"). When the digits without the point make an integer below
 * 2^53 and at most 22 follow the point, that integer and the power of ten
 * are exact doubles, and one correctly rounded division gives the double
 * nearest to the decimal: what strtod returns, at a fraction of its cost.
 * Returns -1 for anything else, which strtod then reads.
 */
static int parse_short_decimal(const char *s, double *out)
{
	const char *p = s + (*s == '-' || *s == '+');
	uint64_t digits = 0;
	int ndigits = 0, decimals = -1; /* -1: no point yet */

	for (; *p; p++) {
		if (*p == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || ndigits == 18)
			return -1;
		digits = digits * 10 + (uint64_t)(*p - '0');
		ndigits++;
		decimals += decimals >= 0;
	}
	if (!ndigits || digits > UINT64_C(1) << 53 || decimals >= (int)ARRAY_SIZE(exact_pow10))
		return -1;
	*out = (double)digits / exact_pow10[decimals < 0 ? 0 : decimals];
	if (*s == '-')
		*out = -*out;
	return 0;
}

/*
 * A plain decimal number: strtod alone would also take hexadecimal, "inf",
 * "nan" and leading blanks, none of which the orchestrator writes.
 */
static int parse_finite(const char *s, double *out)
{
	char *end;

	if (!parse_short_decimal(s, out))
		return 0;
	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(*out))
		return -1;
	return 0;
}

static const struct {
	enum samples_column column;
	field_check_fn check;
} field_rules[] = {
	{SC_RUN_ID, check_nonempty},	   {SC_HOST, check_name},
	{SC_HOST_TYPE, check_host_type},   {SC_RUNTIME, check_name},
	{SC_APPLICATION, check_name},	   {SC_VARIANT, check_name},
	{SC_REPETITION, check_repetition}, {SC_METRIC, check_nonempty},
	{SC_BETTER, check_better},	   {SC_STATUS, check_nonempty},
};

/* One samples_read(). */
struct reader {
	const char *path;
	struct group_set *gs;
	const char *recent[SC_NCOLUMNS];   /* the previous row's strings: rows repeat them */
	unsigned same;			   /* bit c: this row's field c is recent[c] */
	const struct csv_record *previous; /* the previous row, once there is one */
	int first_line;			   /* of the first record */
	int other_run_line;		   /* the first record of another run; 0: none */
	const char *other_run_id;
	samples_row_fn each; /* optional: sees every valid row */
	void *ctx;
};

/*
 * The rules across fields: an ok sample has a number, a failed one has
 * none, a warm-up repetition may have either (it is not used). The
 * number goes to `v` (NaN when there is none).
 */
static int check_value(const struct csv_record *f, double *v, struct strbuf *why)
{
	const char *value = f->v[SC_VALUE], *status = f->v[SC_STATUS];
	int warmup = !strcmp(status, SAMPLE_STATUS_WARMUP);

	*v = NAN;
	if (warmup && !*value)
		return 0;
	if (warmup || !strcmp(status, "ok")) {
		if (!parse_finite(value, v))
			return 0;
		strbuf_addf(why, "value '%s' of %s sample is not a finite number", value,
			    warmup ? "a warmup" : "an ok");
		return -1;
	}
	if (!*value)
		return 0;
	strbuf_addf(why, "failed sample (status '%s') must have an empty value, not '%s'", status,
		    value);
	return -1;
}

/* Whether fields [from, to) of two records of SC_NCOLUMNS fields are the same bytes. */
static int same_fields(const struct csv_record *a, const struct csv_record *b, int from, int to)
{
	size_t a_end = to < SC_NCOLUMNS ? a->start[to] : a->text.len;
	size_t b_end = to < SC_NCOLUMNS ? b->start[to] : b->text.len;
	size_t len = a_end - a->start[from];

	return len == b_end - b->start[from] && !memcmp(a->v[from], b->v[from], len);
}

/* The names in columns [from, to) that repeat the previous row's, into rd->same. */
static void find_repeats_in(struct reader *rd, const struct csv_record *f, int from, int to)
{
	if (same_fields(f, rd->previous, from, to)) {
		rd->same |= ((1u << (to - from)) - 1) << from; /* a name block repeats whole */
		return;
	}
	for (int c = from; c < to; c++)
		if (same_fields(f, rd->previous, c, c + 1))
			rd->same |= 1u << c;
}

/*
 * Which names repeat the previous row's, which passed every check: those
 * are neither checked nor interned again. Consecutive rows mostly repeat
 * the names before and after the repetition and the value, so each block
 * is compared at once first.
 */
static void find_repeats(struct reader *rd, const struct csv_record *f)
{
	rd->same = 0;
	if (!rd->previous)
		return;
	find_repeats_in(rd, f, SC_RUN_ID, SC_REPETITION);
	find_repeats_in(rd, f, SC_METRIC, SC_VALUE);
	find_repeats_in(rd, f, SC_UNIT, SC_NCOLUMNS);
}

static int repeats(const struct reader *rd, enum samples_column c)
{
	return rd->same >> c & 1;
}

static int check_record(struct reader *rd, const struct csv_record *header,
			const struct csv_record *f, double *value, struct strbuf *why)
{
	if (f->nr != SC_NCOLUMNS) {
		strbuf_addf(why, "expected %d fields, found %zu", SC_NCOLUMNS, f->nr);
		return -1;
	}
	find_repeats(rd, f);
	for (size_t i = 0; i < ARRAY_SIZE(field_rules); i++) {
		enum samples_column c = field_rules[i].column;
		if (!repeats(rd, c) && field_rules[i].check(header->v[c], f->v[c], why) < 0)
			return -1;
	}
	return check_value(f, value, why);
}

static const char *intern(struct reader *rd, const struct csv_record *f, enum samples_column c)
{
	if (!repeats(rd, c))
		rd->recent[c] = strpool_intern(&rd->gs->strings, f->v[c]);
	return rd->recent[c];
}

static void fill_sample(struct reader *rd, struct sample *s, const struct csv_record *f,
			double value)
{
	s->run_id = intern(rd, f, SC_RUN_ID);
	s->host = intern(rd, f, SC_HOST);
	s->host_type = intern(rd, f, SC_HOST_TYPE);
	s->runtime = intern(rd, f, SC_RUNTIME);
	s->application = intern(rd, f, SC_APPLICATION);
	s->variant = intern(rd, f, SC_VARIANT);
	parse_positive_int(f->v[SC_REPETITION], &s->repetition);
	s->metric = intern(rd, f, SC_METRIC);
	s->unit = intern(rd, f, SC_UNIT);
	s->better = intern(rd, f, SC_BETTER);
	s->status = intern(rd, f, SC_STATUS);
	s->value = NAN;
	if (sample_is_ok(s))
		s->value = value; /* parsed once, by check_value() */
}

/*
 * One file is one run: summary.json names a single run_id, and pooling two
 * runs' repetitions into one group would be silently wrong. Reported
 * after the whole file is read, so a malformed record comes first.
 */
static void note_run_id(struct reader *rd, const struct sample *s, int line)
{
	if (!rd->gs->run_id) {
		rd->gs->run_id = s->run_id;
		rd->first_line = line;
	} else if (s->run_id != rd->gs->run_id && !rd->other_run_line) { /* interned */
		rd->other_run_line = line;
		rd->other_run_id = s->run_id;
	}
}

static void add_row(struct reader *rd, const struct csv_record *fields, double value, int line)
{
	struct sample s;

	fill_sample(rd, &s, fields, value);
	note_run_id(rd, &s, line);
	groups_add(rd->gs, &s, line);
	if (rd->each)
		rd->each(&s, rd->ctx);
}

static int check_run_id(const struct reader *rd)
{
	if (!rd->other_run_line)
		return 0;
	return error("%s:%d: run_id '%s' differs from '%s' on line %d", rd->path,
		     rd->other_run_line, rd->other_run_id, rd->gs->run_id, rd->first_line);
}

/* Rebuilt from the parsed fields, so a header quoted the RFC 4180 way also matches. */
static int check_header(const struct csv_record *header, struct strbuf *why)
{
	struct strbuf joined = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < header->nr; i++) {
		if (i)
			strbuf_addch(&joined, ',');
		strbuf_addstr(&joined, header->v[i]);
	}
	if (strcmp(joined.buf, SAMPLES_HEADER)) {
		strbuf_addf(why, "header must be '%s'", SAMPLES_HEADER);
		ret = -1;
	}
	strbuf_release(&joined);
	return ret;
}

static int read_records(struct reader *rd, struct csv_file *file)
{
	struct csv_record header = CSV_RECORD_INIT, rows[2] = {CSV_RECORD_INIT, CSV_RECORD_INIT};
	struct csv_record *fields = &rows[0]; /* rows alternate: the other is rd->previous */
	struct strbuf why = STRBUF_INIT;
	double value;
	int got, ret = -1;

	got = csv_file_read_fields(file, &header, &why);
	if (got == 0) {
		ret = error("%s:1: empty file; the first line must be '%s'", rd->path,
			    SAMPLES_HEADER);
		goto out;
	}
	if (got < 0 || check_header(&header, &why) < 0)
		goto bad;
	while ((got = csv_file_read_fields(file, fields, &why)) > 0) {
		if (check_record(rd, &header, fields, &value, &why) < 0)
			goto bad;
		add_row(rd, fields, value, file->r.line);
		rd->previous = fields;
		fields = &rows[fields == &rows[0]];
	}
	if (got < 0)
		goto bad;
	ret = check_run_id(rd) < 0 ? -1 : groups_check(rd->gs, rd->path);
	goto out;
bad:
	ret = error("%s:%d: %s", rd->path, file->r.line, why.buf);
out:
	csv_record_release(&header);
	csv_record_release(&rows[0]);
	csv_record_release(&rows[1]);
	strbuf_release(&why);
	return ret;
}

int samples_read(const char *path, struct group_set *gs)
{
	return samples_read_each(path, gs, NULL, NULL);
}

int samples_read_each(const char *path, struct group_set *gs, samples_row_fn each, void *ctx)
{
	struct reader rd = {path, gs, {NULL}, 0, NULL, 0, 0, NULL, each, ctx};
	struct csv_file file;
	int ret = csv_file_open(&file, path, READ_LIMIT_RECORDS);

	if (!ret)
		ret = read_records(&rd, &file);
	csv_file_close(&file);
	return ret;
}
