/* analysis/summary.json: the groups with their outliers, and the comparisons. */
#include "analysis/comparison_fields.h"
#include "analysis/export_text.h"
#include "analysis/groups.h"
#include "analysis/json_out.h"
#include "analysis/summary.h"
#include "analysis/summary_columns.h"
#include "common/error.h"
#include "common/strbuf.h"

/* Low outliers then high ones, each ascending: both ends of the sorted values. */
static void add_outliers(struct json_out *j, const struct group_summary *gsum)
{
	const struct stats_summary *st = &gsum->stats;
	const double *v = gsum->group->values;

	json_begin_array(j, "outliers", 1);
	for (size_t i = 0; i < st->n_low_outliers; i++)
		json_add_number(j, NULL, v[i]);
	for (size_t i = st->n - st->n_high_outliers; i < st->n; i++)
		json_add_number(j, NULL, v[i]);
	json_end(j, ']');
}

static void add_group(struct json_out *j, const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;

	json_begin_object(j, NULL);
	for (int k = 0; k < GK_NKEYS; k++)
		json_add_text(j, group_key_names[k], g->key[k]);
	json_add_text(j, "unit", g->unit);
	json_add_text(j, "better", g->better);
	json_add_count(j, "n", gsum->stats.n);
	json_add_count(j, "n_failed", g->n_failed);
	for (size_t i = 0; i < summary_nr_columns; i++) {
		double v = summary_column_value(gsum, i);
		if (summary_columns[i].is_count)
			json_add_count(j, summary_columns[i].name, (size_t)v);
		else
			json_add_number(j, summary_columns[i].name, v);
	}
	add_outliers(j, gsum);
	json_end(j, '}');
}

static void add_comparison(struct json_out *j, const struct comparison *c)
{
	struct field f[COMPARISON_NFIELDS];

	comparison_fields(c, f);
	json_begin_object(j, NULL);
	for (size_t i = 0; i < COMPARISON_NFIELDS; i++) {
		if (f[i].type == FIELD_TEXT)
			json_add_text(j, f[i].name, f[i].text);
		else if (f[i].type == FIELD_COUNT)
			json_add_count(j, f[i].name, (size_t)f[i].number);
		else
			json_add_number(j, f[i].name, f[i].number);
	}
	json_end(j, '}');
}

/* Same input, same bytes: fixed member order, numbers as in the CSV files. */
int summary_format_json(const struct summary *s, struct export_text *out)
{
	struct json_out j;

	json_out_init(&j, &out->buf);
	json_begin_object(&j, NULL);
	json_add_text(&j, "run_id", s->run_id);
	json_begin_array(&j, "groups", 0);
	for (size_t i = 0; i < s->nr; i++) {
		add_group(&j, &s->items[i]);
		export_pause(out);
	}
	json_end(&j, ']');
	json_add_text(&j, "baseline", s->comparisons.baseline);
	json_begin_array(&j, "comparisons", 0);
	for (size_t i = 0; i < s->comparisons.nr; i++) {
		add_comparison(&j, &s->comparisons.items[i]);
		export_pause(out);
	}
	json_end(&j, ']');
	json_end(&j, '}');
	strbuf_addch(&out->buf, '\n');
	if (j.bad)
		return error("'%s' is not valid UTF-8; it cannot be written to JSON", j.bad);
	return 0;
}
