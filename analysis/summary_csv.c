/* analysis/summary.csv: one row per group, its keys then its statistics. */
#include "analysis/export_text.h"
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "analysis/summary_columns.h"
#include "common/csv.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

static void csv_header(struct strbuf *out)
{
	const char *tail[] = {"unit", "better", "n", "n_failed"};

	csv_add_fields(out, group_key_names, GK_NKEYS);
	for (size_t i = 0; i < ARRAY_SIZE(tail); i++)
		strbuf_addf(out, ",%s", tail[i]);
	for (size_t i = 0; i < summary_nr_columns; i++)
		strbuf_addf(out, ",%s", summary_columns[i].name);
	strbuf_addch(out, '\n');
}

static void csv_row(struct strbuf *out, const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;
	const char *labels[] = {g->unit, g->better};

	csv_add_fields(out, g->key, GK_NKEYS);
	strbuf_addch(out, ',');
	csv_add_fields(out, labels, 2);
	strbuf_addf(out, ",%zu,%zu", gsum->stats.n, g->n_failed);
	for (size_t i = 0; i < summary_nr_columns; i++) {
		strbuf_addch(out, ',');
		csv_add_number(out, summary_column_value(gsum, i));
	}
	strbuf_addch(out, '\n');
}

void summary_format_csv(const struct summary *s, struct export_text *out)
{
	csv_header(&out->buf);
	for (size_t i = 0; i < s->nr; i++) {
		csv_row(&out->buf, &s->items[i]);
		export_pause(out);
	}
}
