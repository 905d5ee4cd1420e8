#include "analysis/samples_reader.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/names.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The status the orchestrator gives warm-up repetitions. */
#define WARMUP_STATUS "warmup"

int sample_is_ok(const struct sample *s)
{
	return !strcmp(s->status, "ok");
}

int sample_is_warmup(const struct sample *s)
{
	return !strcmp(s->status, WARMUP_STATUS);
}

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

/* Digits only: strtol alone would accept " 1", "+1" and "1.0"-like prefixes. */
static int parse_positive_int(const char *s, int *out)
{
	char *end;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || v <= 0 || v > INT_MAX)
		return -1;
	*out = (int)v;
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

/*
 * A plain decimal number: strtod alone would also take hexadecimal, "inf",
 * "nan" and leading blanks, none of which the orchestrator writes.
 */
static int parse_finite(const char *s, double *out)
{
	char *end;

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

/*
 * The rules across fields: an ok sample has a number, a failed one has
 * none, a warm-up repetition may have either (it is not used). The
 * number goes to `v` (NaN when there is none).
 */
static int check_value(const struct strvec *f, double *v, struct strbuf *why)
{
	const char *value = f->v[SC_VALUE], *status = f->v[SC_STATUS];
	int warmup = !strcmp(status, WARMUP_STATUS);

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

static int check_record(const struct strvec *header, const struct strvec *f, double *value,
			struct strbuf *why)
{
	if (f->nr != SC_NCOLUMNS) {
		strbuf_addf(why, "expected %d fields, found %zu", SC_NCOLUMNS, f->nr);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(field_rules); i++) {
		enum samples_column c = field_rules[i].column;
		if (field_rules[i].check(header->v[c], f->v[c], why) < 0)
			return -1;
	}
	return check_value(f, value, why);
}

/* Consecutive rows mostly repeat names: a strcmp is cheaper than a hash. */
static const char *intern(struct samples_table *t, char **v, enum samples_column c)
{
	if (!t->recent[c] || strcmp(t->recent[c], v[c]))
		t->recent[c] = strpool_intern(&t->strings, v[c]);
	return t->recent[c];
}

static void fill_sample(struct samples_table *t, struct sample *s, char **v, double value)
{
	s->run_id = intern(t, v, SC_RUN_ID);
	s->host = intern(t, v, SC_HOST);
	s->host_type = intern(t, v, SC_HOST_TYPE);
	s->runtime = intern(t, v, SC_RUNTIME);
	s->application = intern(t, v, SC_APPLICATION);
	s->variant = intern(t, v, SC_VARIANT);
	parse_positive_int(v[SC_REPETITION], &s->repetition);
	s->metric = intern(t, v, SC_METRIC);
	s->unit = intern(t, v, SC_UNIT);
	s->better = intern(t, v, SC_BETTER);
	s->status = intern(t, v, SC_STATUS);
	s->value = NAN;
	if (sample_is_ok(s))
		s->value = value; /* parsed once, by check_value() */
}

static void add_row(struct samples_table *t, struct strvec *fields, double value, int line)
{
	struct samples_row *row;

	ALLOC_GROW(t->rows, t->nr + 1, t->alloc);
	row = &t->rows[t->nr++];
	row->line = line;
	fill_sample(t, &row->s, fields->v, value);
}

/* Rebuilt from the parsed fields, so a header quoted the RFC 4180 way also matches. */
static int check_header(const struct strvec *header, struct strbuf *why)
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

/*
 * One file is one run: summary.json names a single run_id, and pooling two
 * runs' repetitions into one group would be silently wrong.
 */
static int check_run_id(const struct samples_table *t)
{
	for (size_t i = 1; i < t->nr; i++)
		if (t->rows[i].s.run_id != t->rows[0].s.run_id) /* interned */
			return error("%s:%d: run_id '%s' differs from '%s' on line %d", t->path,
				     t->rows[i].line, t->rows[i].s.run_id, t->rows[0].s.run_id,
				     t->rows[0].line);
	return 0;
}

static int read_records(struct samples_table *t, const struct strbuf *text)
{
	struct csv_reader r;
	struct strvec header = STRVEC_INIT, fields = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;
	double value;
	int got, ret = -1;

	csv_reader_init(&r, text->buf, text->len);
	got = csv_read_record(&r, &header, &why);
	if (got == 0) {
		ret = error("%s:1: empty file; the first line must be '%s'", t->path,
			    SAMPLES_HEADER);
		goto out;
	}
	if (got < 0 || check_header(&header, &why) < 0)
		goto bad;
	while ((got = csv_read_record(&r, &fields, &why)) > 0) {
		if (check_record(&header, &fields, &value, &why) < 0)
			goto bad;
		add_row(t, &fields, value, r.line);
	}
	if (got < 0)
		goto bad;
	ret = check_run_id(t);
	goto out;
bad:
	ret = error("%s:%d: %s", t->path, r.line, why.buf);
out:
	strvec_clear(&header);
	strvec_clear(&fields);
	strbuf_release(&why);
	return ret;
}

int samples_read(const char *path, struct samples_table *t)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	t->path = xstrdup(path);
	if (read_file(path, &text) < 0) {
		strbuf_release(&text);
		return -1;
	}
	ret = read_records(t, &text);
	strbuf_release(&text);
	return ret;
}

void samples_table_clear(struct samples_table *t)
{
	strpool_clear(&t->strings);
	free(t->rows);
	free(t->path);
	memset(t, 0, sizeof(*t));
}
