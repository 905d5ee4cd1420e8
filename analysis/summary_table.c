/*
 * The tables `crbench analyze` prints: one line per group (medians and
 * quartiles), then one line per comparison (ratio of medians with its
 * bootstrap interval, Holm-adjusted p-value). Aligned columns.
 */
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdio.h>
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
 * Six significant digits are enough to read; the files keep every digit.
 * Printed here and copied: strvec_pushf() would print each twice.
 */
static void push_number(struct strvec *cells, double v, const char *fmt)
{
	char buf[64];

	if (isnan(v)) {
		strvec_push(cells, "NA");
		return;
	}
	snprintf(buf, sizeof(buf), fmt, v);
	strvec_push(cells, buf);
}

static void push_group(struct strvec *cells, const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;
	char n[32];

	strvec_push(cells, g->key[GK_APPLICATION]);
	strvec_push(cells, g->key[GK_METRIC]);
	strvec_push(cells, g->key[GK_VARIANT]);
	strvec_push(cells, g->key[GK_RUNTIME]);
	strvec_push(cells, g->key[GK_HOST_TYPE]);
	snprintf(n, sizeof(n), "%zu", gsum->stats.n);
	strvec_push(cells, n);
	push_number(cells, gsum->stats.median, "%.6g");
	push_number(cells, gsum->stats.q1, "%.6g");
	push_number(cells, gsum->stats.q3, "%.6g");
	strvec_push(cells, g->unit);
}

static void push_comparison(struct strvec *cells, const struct comparison *c)
{
	const struct sample_group *g = c->candidate->group;
	enum group_key fixed = c->kind == COMPARE_RUNTIME ? GK_HOST_TYPE : GK_RUNTIME;

	strvec_push(cells, g->key[GK_APPLICATION]);
	strvec_push(cells, g->key[GK_METRIC]);
	strvec_push(cells, g->key[GK_VARIANT]);
	strvec_push(cells, g->key[fixed]);
	strvec_pushf(cells, "%s / %s", comparison_candidate_name(c), comparison_baseline_name(c));
	push_number(cells, c->ratio, "%.4f");
	if (isnan(c->ratio_ci_low))
		strvec_push(cells, "NA");
	else
		strvec_pushf(cells, "[%.4f, %.4f]", c->ratio_ci_low, c->ratio_ci_high);
	push_number(cells, c->slowdown, "%.4f");
	push_number(cells, c->p_holm, "%.3g");
}

/* A variant column only helps when a run compares variants. */
static int has_several_variants(const struct summary *s)
{
	for (size_t i = 1; i < s->nr; i++)
		if (strcmp(s->items[i].group->key[GK_VARIANT], s->items[0].group->key[GK_VARIANT]))
			return 1;
	return 0;
}

static void add_line(struct strbuf *out, const struct column *columns, size_t ncolumns,
		     char *const *cells, const size_t *width, int skip)
{
	size_t start = out->len, len;

	for (size_t c = 0; c < ncolumns; c++) {
		if ((int)c == skip)
			continue;
		if (out->len > start)
			strbuf_addstr(out, "  ");
		len = strlen(cells[c]);
		if (columns[c].align == COL_RIGHT)
			strbuf_addchars(out, ' ', width[c] - len);
		strbuf_add(out, cells[c], len);
		if (columns[c].align == COL_LEFT)
			strbuf_addchars(out, ' ', width[c] - len);
	}
	strbuf_rtrim(out);
	strbuf_addch(out, '\n');
}

/* `cells` holds the rows, ncolumns per line; the titles go first. */
static void add_table(struct strbuf *out, const struct column *columns, size_t ncolumns,
		      const struct strvec *rows, int skip)
{
	struct strvec cells = STRVEC_INIT;
	size_t *width = xcalloc(ncolumns, sizeof(*width));

	for (size_t c = 0; c < ncolumns; c++)
		strvec_push(&cells, columns[c].title);
	for (size_t i = 0; i < rows->nr; i++)
		strvec_push(&cells, rows->v[i]);
	for (size_t i = 0; i < cells.nr; i++) {
		size_t len = strlen(cells.v[i]);
		if (len > width[i % ncolumns])
			width[i % ncolumns] = len;
	}
	for (size_t line = 0; line * ncolumns < cells.nr; line++)
		add_line(out, columns, ncolumns, cells.v + line * ncolumns, width, skip);
	free(width);
	strvec_clear(&cells);
}

void summary_format_table(const struct summary *s, struct strbuf *out)
{
	struct strvec rows = STRVEC_INIT;
	int skip = has_several_variants(s) ? -1 : VARIANT_COLUMN;

	for (size_t i = 0; i < s->nr; i++)
		push_group(&rows, &s->items[i]);
	add_table(out, group_columns, ARRAY_SIZE(group_columns), &rows, skip);
	if (!s->comparisons.nr)
		goto out;
	strvec_clear(&rows);
	for (size_t i = 0; i < s->comparisons.nr; i++)
		push_comparison(&rows, &s->comparisons.items[i]);
	strbuf_addch(out, '\n');
	add_table(out, comparison_columns, ARRAY_SIZE(comparison_columns), &rows, skip);
out:
	strvec_clear(&rows);
}
