/*
 * The tables `crbench analyze` prints: one line per group (medians and
 * quartiles), then one line per comparison (ratio of medians with its
 * bootstrap interval, Holm-adjusted p-value). Aligned columns.
 */
#include "analysis/compare.h"
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { COL_LEFT, COL_RIGHT };

struct column {
	const char *title;
	int align; /* numbers to the right, so their digits line up */
};

static const struct column group_columns[] = {
	{"application", COL_LEFT}, {"metric", COL_LEFT},    {"variant", COL_LEFT},
	{"runtime", COL_LEFT},	   {"host_type", COL_LEFT}, {"n", COL_RIGHT},
	{"median", COL_RIGHT},	   {"q1", COL_RIGHT},	    {"q3", COL_RIGHT},
	{"unit", COL_LEFT},
};

static const struct column comparison_columns[] = {
	{"application", COL_LEFT}, {"metric", COL_LEFT},     {"variant", COL_LEFT},
	{"fixed", COL_LEFT},	   {"comparison", COL_LEFT}, {"ratio", COL_RIGHT},
	{"95% CI", COL_LEFT},	   {"slowdown", COL_RIGHT},  {"p_holm", COL_RIGHT},
};
enum { VARIANT_COLUMN = 2 };

/*
 * The cells of a table, titles first, then row after row, in one buffer:
 * a run's tables have 10^5 cells, a string each would be as many mallocs.
 */
struct cells {
	struct strbuf text; /* each cell followed by its NUL */
	size_t *start;	    /* where cell i starts in text */
	size_t nr, alloc;
};

#define CELLS_INIT                                                                                 \
	{                                                                                          \
		STRBUF_INIT, NULL, 0, 0                                                            \
	}

static void begin_cell(struct cells *c)
{
	ALLOC_GROW(c->start, c->nr + 1, c->alloc);
	c->start[c->nr++] = c->text.len;
}

static void add_cell(struct cells *c, const char *s)
{
	begin_cell(c);
	strbuf_add(&c->text, s, strlen(s) + 1);
}

__attribute__((format(printf, 2, 3))) static void add_cellf(struct cells *c, const char *fmt, ...)
{
	va_list ap;

	begin_cell(c);
	va_start(ap, fmt);
	strbuf_vaddf(&c->text, fmt, ap);
	va_end(ap);
	strbuf_addch(&c->text, '\0');
}

static const char *cell(const struct cells *c, size_t i)
{
	return c->text.buf + c->start[i];
}

static size_t cell_len(const struct cells *c, size_t i)
{
	return (i + 1 < c->nr ? c->start[i + 1] : c->text.len) - c->start[i] - 1;
}

static void cells_clear(struct cells *c)
{
	strbuf_release(&c->text);
	free(c->start);
	memset(c, 0, sizeof(*c));
	strbuf_init(&c->text, 0);
}

/* Six significant digits are enough to read; the files keep every digit. */
static void add_number(struct cells *c, double v, const char *fmt)
{
	if (isnan(v))
		add_cell(c, "NA");
	else
		add_cellf(c, fmt, v);
}

static void add_group(struct cells *c, const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;

	add_cell(c, g->key[GK_APPLICATION]);
	add_cell(c, g->key[GK_METRIC]);
	add_cell(c, g->key[GK_VARIANT]);
	add_cell(c, g->key[GK_RUNTIME]);
	add_cell(c, g->key[GK_HOST_TYPE]);
	add_cellf(c, "%zu", gsum->stats.n);
	add_number(c, gsum->stats.median, "%.6g");
	add_number(c, gsum->stats.q1, "%.6g");
	add_number(c, gsum->stats.q3, "%.6g");
	add_cell(c, g->unit);
}

static void add_comparison(struct cells *c, const struct comparison *cmp)
{
	const struct sample_group *g = cmp->candidate->group;
	enum group_key fixed = cmp->kind == COMPARE_RUNTIME ? GK_HOST_TYPE : GK_RUNTIME;

	add_cell(c, g->key[GK_APPLICATION]);
	add_cell(c, g->key[GK_METRIC]);
	add_cell(c, g->key[GK_VARIANT]);
	add_cell(c, g->key[fixed]);
	add_cellf(c, "%s / %s", comparison_candidate_name(cmp), comparison_baseline_name(cmp));
	add_number(c, cmp->ratio, "%.4f");
	if (isnan(cmp->ratio_ci_low))
		add_cell(c, "NA");
	else
		add_cellf(c, "[%.4f, %.4f]", cmp->ratio_ci_low, cmp->ratio_ci_high);
	add_number(c, cmp->slowdown, "%.4f");
	add_number(c, cmp->p_holm, "%.3g");
}

/* A variant column only helps when a run compares variants. */
static int has_several_variants(const struct summary *s)
{
	for (size_t i = 1; i < s->nr; i++)
		if (strcmp(s->items[i].group->key[GK_VARIANT], s->items[0].group->key[GK_VARIANT]))
			return 1;
	return 0;
}

/* Line `line` of the table: cells line * ncolumns onwards. */
static void add_line(struct strbuf *out, const struct column *columns, size_t ncolumns,
		     const struct cells *c, size_t line, const size_t *width, int skip)
{
	size_t start = out->len;

	for (size_t col = 0; col < ncolumns; col++) {
		size_t i = line * ncolumns + col, len = cell_len(c, i);
		if ((int)col == skip)
			continue;
		if (out->len > start)
			strbuf_addstr(out, "  ");
		if (columns[col].align == COL_RIGHT)
			strbuf_addchars(out, ' ', width[col] - len);
		strbuf_add(out, cell(c, i), len);
		if (columns[col].align == COL_LEFT)
			strbuf_addchars(out, ' ', width[col] - len);
	}
	strbuf_rtrim(out);
	strbuf_addch(out, '\n');
}

/* `c` holds the titles, then the rows, ncolumns per line. */
static void add_table(struct strbuf *out, const struct column *columns, size_t ncolumns,
		      const struct cells *c, int skip)
{
	size_t *width = xcalloc(ncolumns, sizeof(*width));

	for (size_t i = 0; i < c->nr; i++) {
		size_t len = cell_len(c, i);
		if (len > width[i % ncolumns])
			width[i % ncolumns] = len;
	}
	for (size_t line = 0; line * ncolumns < c->nr; line++)
		add_line(out, columns, ncolumns, c, line, width, skip);
	free(width);
}

static void add_titles(struct cells *c, const struct column *columns, size_t ncolumns)
{
	for (size_t col = 0; col < ncolumns; col++)
		add_cell(c, columns[col].title);
}

void summary_format_table(const struct summary *s, struct strbuf *out)
{
	struct cells c = CELLS_INIT;
	int skip = has_several_variants(s) ? -1 : VARIANT_COLUMN;

	add_titles(&c, group_columns, ARRAY_SIZE(group_columns));
	for (size_t i = 0; i < s->nr; i++)
		add_group(&c, &s->items[i]);
	add_table(out, group_columns, ARRAY_SIZE(group_columns), &c, skip);
	if (s->comparisons.nr) {
		cells_clear(&c);
		add_titles(&c, comparison_columns, ARRAY_SIZE(comparison_columns));
		for (size_t i = 0; i < s->comparisons.nr; i++)
			add_comparison(&c, &s->comparisons.items[i]);
		strbuf_addch(out, '\n');
		add_table(out, comparison_columns, ARRAY_SIZE(comparison_columns), &c, skip);
	}
	cells_clear(&c);
}
