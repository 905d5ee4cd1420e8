/*
 * Reader of analysis/summary.csv. Strict on purpose: the report only draws
 * what analysis computed, so a file that does not look exactly like what
 * analysis writes is refused with its line rather than drawn wrongly.
 */
#include "report/summary_reader.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEGACY_HEADER                                                                              \
	"host_type,runtime,application,variant,metric,unit,better,n,n_failed,min,q1,median,q3,"    \
	"max,"                                                                                     \
	"mean,sd"

/*
 * Analysis appends columns after the 16 of the first version: the whiskers
 * and the outlier count are read, the others checked to be numbers or NA.
 * The older 16-column file of archived runs is read too (whiskers at the
 * extremes, no outliers: what its figures showed).
 */
const char summary_header[] =
	LEGACY_HEADER ",iqr,cov,whisker_low,whisker_high,n_outliers,"
		      "median_ci_low,median_ci_high,median_ci_coverage,n_warmup";

enum column {
	COL_HOST_TYPE,
	COL_RUNTIME,
	COL_APPLICATION,
	COL_VARIANT,
	COL_METRIC,
	COL_UNIT,
	COL_BETTER,
	COL_N,
	COL_N_FAILED,
	COL_MIN, /* first of the numbers, in the order of struct summary_row */
	COL_SD = COL_MIN + 6,
	LEGACY_COLUMNS,
	COL_WHISKER_LOW = LEGACY_COLUMNS + 2,
	COL_WHISKER_HIGH,
	COL_N_OUTLIERS,
	NR_COLUMNS = LEGACY_COLUMNS + 9
};

static const char *const column_names[NR_COLUMNS] = {
	"host_type",
	"runtime",
	"application",
	"variant",
	"metric",
	"unit",
	"better",
	"n",
	"n_failed",
	"min",
	"q1",
	"median",
	"q3",
	"max",
	"mean",
	"sd",
	"iqr",
	"cov",
	"whisker_low",
	"whisker_high",
	"n_outliers",
	"median_ci_low",
	"median_ci_high",
	"median_ci_coverage",
	"n_warmup",
};

/* The parse state, so that every message can name the file and the line. */
struct parse {
	const char *name;
	int line;
	int columns; /* fields per row: as many as the header has */
};

__attribute__((format(printf, 2, 3))) static int bad(const struct parse *p, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	error("%s:%d: %s", p->name, p->line, msg.buf);
	strbuf_release(&msg);
	return -1;
}

static int parse_count(const struct parse *p, const char *s, int col, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > INT_MAX || !(*s >= '0' && *s <= '9'))
		return bad(p, "%s: '%s' is not a count", column_names[col], s);
	*out = (int)v;
	return 0;
}

static int parse_number(const struct parse *p, const char *s, int col, double *out)
{
	char *end;

	if (!strcmp(s, "NA")) {
		*out = NAN;
		return 0;
	}
	/* strtod would also take "nan", "inf" and hex: analysis writes none of them. */
	if (!*s || strpbrk(s, "xXnNiI"))
		return bad(p, "%s: '%s' is not a number or NA", column_names[col], s);
	errno = 0;
	*out = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(*out))
		return bad(p, "%s: '%s' is not a number or NA", column_names[col], s);
	return 0;
}

static int check_header(struct parse *p, const struct strvec *f)
{
	struct strbuf got = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < f->nr; i++) {
		if (i)
			strbuf_addch(&got, ',');
		strbuf_addstr(&got, f->v[i]);
	}
	if (!strcmp(got.buf, summary_header))
		p->columns = NR_COLUMNS;
	else if (!strcmp(got.buf, LEGACY_HEADER))
		p->columns = LEGACY_COLUMNS;
	else
		ret = bad(p, "unexpected header '%s' (wanted '%s')", got.buf, summary_header);
	strbuf_release(&got);
	return ret;
}

static int check_texts(const struct parse *p, const struct strvec *f)
{
	static const int required[] = {COL_HOST_TYPE, COL_RUNTIME, COL_APPLICATION, COL_METRIC};

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!*f->v[required[i]])
			return bad(p, "%s is empty", column_names[required[i]]);
	if (strcmp(f->v[COL_BETTER], "higher") && strcmp(f->v[COL_BETTER], "lower"))
		return bad(p, "better: '%s' is neither 'higher' nor 'lower'", f->v[COL_BETTER]);
	return 0;
}

/* A group with values must have all five numbers of its box, in order. */
static int check_box(const struct parse *p, const struct summary_row *row)
{
	const double *v = &row->min; /* min, q1, median, q3, max are consecutive */

	if (row->n == 0)
		return 0;
	for (int i = 0; i < 5; i++)
		if (isnan(v[i]))
			return bad(p, "%s is NA although n=%d", column_names[COL_MIN + i], row->n);
	for (int i = 1; i < 5; i++)
		if (v[i] < v[i - 1])
			return bad(p, "%s (%g) is below %s (%g)", column_names[COL_MIN + i], v[i],
				   column_names[COL_MIN + i - 1], v[i - 1]);
	return 0;
}

/* The columns after the legacy ones; a legacy row gets what its figure showed. */
static int parse_extended(const struct parse *p, const struct strvec *f, struct summary_row *row)
{
	double unused;

	row->whisker_low = row->min;
	row->whisker_high = row->max;
	if (p->columns == LEGACY_COLUMNS)
		return 0;
	for (int i = LEGACY_COLUMNS; i < p->columns; i++) {
		double *to = i == COL_WHISKER_LOW    ? &row->whisker_low
			     : i == COL_WHISKER_HIGH ? &row->whisker_high
						     : &unused;
		if (i == COL_N_OUTLIERS) {
			if (parse_count(p, f->v[i], i, &row->n_outliers) < 0)
				return -1;
		} else if (parse_number(p, f->v[i], i, to) < 0) {
			return -1;
		}
	}
	if (row->n > 0 && !(row->whisker_low <= row->q1 && row->q3 <= row->whisker_high))
		return bad(p, "whiskers %g..%g do not reach the box %g..%g", row->whisker_low,
			   row->whisker_high, row->q1, row->q3);
	return 0;
}

static int parse_row(const struct parse *p, const struct strvec *f, struct summary_row *row)
{
	double *numbers = &row->min;

	if (f->nr != (size_t)p->columns)
		return bad(p, "%zu fields, wanted %d", f->nr, p->columns);
	if (check_texts(p, f) < 0 || parse_count(p, f->v[COL_N], COL_N, &row->n) < 0 ||
	    parse_count(p, f->v[COL_N_FAILED], COL_N_FAILED, &row->n_failed) < 0)
		return -1;
	for (int i = COL_MIN; i <= COL_SD; i++)
		if (parse_number(p, f->v[i], i, &numbers[i - COL_MIN]) < 0)
			return -1;
	if (check_box(p, row) < 0 || parse_extended(p, f, row) < 0)
		return -1;
	row->host_type = xstrdup(f->v[COL_HOST_TYPE]);
	row->runtime = xstrdup(f->v[COL_RUNTIME]);
	row->application = xstrdup(f->v[COL_APPLICATION]);
	row->variant = xstrdup(f->v[COL_VARIANT]);
	row->metric = xstrdup(f->v[COL_METRIC]);
	row->unit = xstrdup(f->v[COL_UNIT]);
	row->better = xstrdup(f->v[COL_BETTER]);
	row->line = p->line;
	return 0;
}

static int same_group(const struct summary_row *a, const struct summary_row *b)
{
	return !strcmp(a->host_type, b->host_type) && !strcmp(a->runtime, b->runtime) &&
	       !strcmp(a->application, b->application) && !strcmp(a->variant, b->variant) &&
	       !strcmp(a->metric, b->metric);
}

/* Two rows for one group would draw two boxes for one thing: refuse. */
static int check_unique(const struct parse *p, const struct summary *s)
{
	const struct summary_row *last = &s->rows[s->nr - 1];

	for (size_t i = 0; i + 1 < s->nr; i++)
		if (same_group(&s->rows[i], last))
			return bad(p, "group %s/%s/%s/%s/%s already on line %d", last->host_type,
				   last->runtime, last->application, last->variant, last->metric,
				   s->rows[i].line);
	return 0;
}

static void row_release(struct summary_row *row)
{
	free(row->host_type);
	free(row->runtime);
	free(row->application);
	free(row->variant);
	free(row->metric);
	free(row->unit);
	free(row->better);
}

void summary_release(struct summary *s)
{
	for (size_t i = 0; i < s->nr; i++)
		row_release(&s->rows[i]);
	free(s->rows);
	free(s->path);
	s->rows = NULL;
	s->path = NULL;
	s->nr = s->alloc = 0;
}

static int parse_records(struct parse *p, struct csv_reader *r, struct summary *out)
{
	struct strvec f = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;
	int ret = 0, got;

	while (!ret && (got = csv_read_record(r, &f, &why)) != 0) {
		p->line = r->line;
		if (got < 0) {
			ret = bad(p, "%s", why.buf);
		} else if (p->line == 1) {
			ret = check_header(p, &f);
		} else {
			ALLOC_GROW(out->rows, out->nr + 1, out->alloc);
			memset(&out->rows[out->nr], 0, sizeof(out->rows[0]));
			ret = parse_row(p, &f, &out->rows[out->nr]);
			if (!ret) {
				out->nr++;
				ret = check_unique(p, out);
			}
		}
	}
	if (!ret && r->next_line == 1) {
		p->line = 1;
		ret = bad(p, "empty file (no header)");
	}
	strvec_clear(&f);
	strbuf_release(&why);
	return ret;
}

int summary_parse(const char *name, const char *text, size_t len, struct summary *out)
{
	struct parse p = {name, 0, NR_COLUMNS};
	struct csv_reader r;

	memset(out, 0, sizeof(*out));
	out->path = xstrdup(name);
	csv_reader_init(&r, text, len);
	if (parse_records(&p, &r, out) < 0) {
		summary_release(out);
		return -1;
	}
	return 0;
}

int summary_read(const char *path, struct summary *out)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	memset(out, 0, sizeof(*out));
	if (read_file(path, &text, READ_LIMIT_DATA) < 0)
		return -1;
	ret = summary_parse(path, text.buf, text.len, out);
	strbuf_release(&text);
	return ret;
}
