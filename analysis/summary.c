#include "analysis/summary.h"
#include "analysis/groups.h"
#include "analysis/parallel.h"
#include "common/csv.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/summary_columns.h"

/*
 * The statistics columns of summary.csv and keys of summary.json, in
 * order. The first seven are the original columns the report reads; later
 * ones are appended so that readers by position keep working.
 */
const struct summary_column summary_columns[] = {
	SUMMARY_NUMBER("min", stats.min),
	SUMMARY_NUMBER("q1", stats.q1),
	SUMMARY_NUMBER("median", stats.median),
	SUMMARY_NUMBER("q3", stats.q3),
	SUMMARY_NUMBER("max", stats.max),
	SUMMARY_NUMBER("mean", stats.mean),
	SUMMARY_NUMBER("sd", stats.sd),
	SUMMARY_NUMBER("iqr", stats.iqr),
	SUMMARY_NUMBER("cov", stats.cov),
	SUMMARY_NUMBER("whisker_low", stats.whisker_low),
	SUMMARY_NUMBER("whisker_high", stats.whisker_high),
	SUMMARY_COUNT("n_outliers", n_outliers),
	SUMMARY_NUMBER("median_ci_low", stats.median_ci_low),
	SUMMARY_NUMBER("median_ci_high", stats.median_ci_high),
	SUMMARY_NUMBER("median_ci_coverage", stats.median_ci_coverage),
	SUMMARY_COUNT("n_warmup", n_warmup),
};
const size_t summary_nr_columns = ARRAY_SIZE(summary_columns);

double summary_column_value(const struct group_summary *gsum, size_t column)
{
	const char *at = (const char *)gsum + summary_columns[column].offset;

	if (summary_columns[column].is_count)
		return (double)*(const size_t *)at;
	return *(const double *)at;
}

struct describe {
	struct group_set *gs;
	struct summary *out;
};

/* Sorts group i's values in place, then describes it. */
static void describe_group(void *ctx, size_t i)
{
	const struct describe *d = ctx;
	struct sample_group *g = &d->gs->items[i];
	struct group_summary *gsum = &d->out->items[i];

	stats_sort(g->values, g->n);
	gsum->group = g;
	stats_describe_sorted(g->values, g->n, &gsum->stats);
	gsum->n_failed = g->n_failed;
	gsum->n_warmup = g->n_warmup;
	gsum->n_outliers = gsum->stats.n_low_outliers + gsum->stats.n_high_outliers;
}

/* Groups are independent: they are described on as many threads as there are processors. */
void summary_compute(const char *run_id, struct group_set *gs, struct summary *out)
{
	struct describe d = {gs, out};

	memset(out, 0, sizeof(*out));
	out->run_id = run_id;
	out->nr = gs->nr;
	out->items = xcalloc(gs->nr ? gs->nr : 1, sizeof(*out->items));
	parallel_for(gs->nr, describe_group, &d);
}

void summary_clear(struct summary *s)
{
	comparison_set_clear(&s->comparisons);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

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
