/* The table `crbench analyze` prints: one line per group, aligned columns. */
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { COL_LEFT, COL_RIGHT };

static const struct {
	const char *title;
	int align; /* numbers to the right, so their digits line up */
} columns[] = {
	{"application", COL_LEFT}, {"metric", COL_LEFT},    {"variant", COL_LEFT},
	{"runtime", COL_LEFT},	   {"host_type", COL_LEFT}, {"n", COL_RIGHT},
	{"median", COL_RIGHT},	   {"q1", COL_RIGHT},	    {"q3", COL_RIGHT},
	{"unit", COL_LEFT},
};
enum { VARIANT_COLUMN = 2, NCOLUMNS = ARRAY_SIZE(columns) };

/* Six significant digits are enough to read; the files keep every digit. */
static void push_number(struct strvec *cells, double v)
{
	if (isnan(v))
		strvec_push(cells, "NA");
	else
		strvec_pushf(cells, "%.6g", v);
}

static void push_row(struct strvec *cells, const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;

	strvec_push(cells, g->key[GK_APPLICATION]);
	strvec_push(cells, g->key[GK_METRIC]);
	strvec_push(cells, g->key[GK_VARIANT]);
	strvec_push(cells, g->key[GK_RUNTIME]);
	strvec_push(cells, g->key[GK_HOST_TYPE]);
	strvec_pushf(cells, "%zu", gsum->stats.n);
	push_number(cells, gsum->stats.median);
	push_number(cells, gsum->stats.q1);
	push_number(cells, gsum->stats.q3);
	strvec_push(cells, g->unit);
}

/* A variant column only helps when a run compares variants. */
static int has_several_variants(const struct summary *s)
{
	for (size_t i = 1; i < s->nr; i++)
		if (strcmp(s->items[i].group->key[GK_VARIANT], s->items[0].group->key[GK_VARIANT]))
			return 1;
	return 0;
}

static void add_line(struct strbuf *out, char *const *cells, const size_t *width, int skip)
{
	size_t start = out->len;

	for (size_t c = 0; c < NCOLUMNS; c++) {
		if ((int)c == skip)
			continue;
		if (out->len > start)
			strbuf_addstr(out, "  ");
		if (columns[c].align == COL_RIGHT)
			strbuf_addf(out, "%*s", (int)width[c], cells[c]);
		else
			strbuf_addf(out, "%-*s", (int)width[c], cells[c]);
	}
	strbuf_rtrim(out);
	strbuf_addch(out, '\n');
}

void summary_format_table(const struct summary *s, struct strbuf *out)
{
	struct strvec cells = STRVEC_INIT; /* header then rows, NCOLUMNS per line */
	size_t width[NCOLUMNS] = {0};
	int skip = has_several_variants(s) ? -1 : VARIANT_COLUMN;

	for (size_t c = 0; c < NCOLUMNS; c++)
		strvec_push(&cells, columns[c].title);
	for (size_t i = 0; i < s->nr; i++)
		push_row(&cells, &s->items[i]);
	for (size_t i = 0; i < cells.nr; i++) {
		size_t len = strlen(cells.v[i]);
		if (len > width[i % NCOLUMNS])
			width[i % NCOLUMNS] = len;
	}
	for (size_t line = 0; line * NCOLUMNS < cells.nr; line++)
		add_line(out, cells.v + line * NCOLUMNS, width, skip);
	strvec_clear(&cells);
}
