/* analysis/summary.json: the groups with their outliers, and the comparisons. */
#include "analysis/comparison_fields.h"
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "analysis/summary_columns.h"
#include "common/error.h"
#include "common/strbuf.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

/* json_string() refuses text that is not UTF-8; say which. */
static int json_set_string(json_t *obj, const char *key, const char *value)
{
	json_t *str = json_string(value);

	if (!str)
		return error("%s '%s' is not valid UTF-8; it cannot be written to JSON", key,
			     value);
	json_object_set_new(obj, key, str);
	return 0;
}

/* JSON has no NaN: an undefined statistic is null. */
static json_t *json_number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *json_count(double v)
{
	return json_integer((json_int_t)v);
}

/* Low outliers then high ones, each ascending: both ends of the sorted values. */
static json_t *json_outliers(const struct group_summary *gsum)
{
	const struct stats_summary *st = &gsum->stats;
	const double *v = gsum->group->values;
	json_t *list = json_array();

	for (size_t i = 0; i < st->n_low_outliers; i++)
		json_array_append_new(list, json_real(v[i]));
	for (size_t i = st->n - st->n_high_outliers; i < st->n; i++)
		json_array_append_new(list, json_real(v[i]));
	return list;
}

static json_t *json_group(const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;
	json_t *obj = json_object();
	int bad = 0;

	for (int k = 0; k < GK_NKEYS; k++)
		bad |= json_set_string(obj, group_key_names[k], g->key[k]);
	bad |= json_set_string(obj, "unit", g->unit);
	bad |= json_set_string(obj, "better", g->better);
	json_object_set_new(obj, "n", json_integer((json_int_t)gsum->stats.n));
	json_object_set_new(obj, "n_failed", json_integer((json_int_t)g->n_failed));
	for (size_t i = 0; i < summary_nr_columns; i++) {
		double v = summary_column_value(gsum, i);
		json_object_set_new(obj, summary_columns[i].name,
				    summary_columns[i].is_count ? json_count(v)
								: json_number_or_null(v));
	}
	json_object_set_new(obj, "outliers", json_outliers(gsum));
	if (bad) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *json_comparison(const struct comparison *c)
{
	struct field f[COMPARISON_NFIELDS];
	json_t *obj = json_object();

	comparison_fields(c, f);
	for (size_t i = 0; i < COMPARISON_NFIELDS; i++) {
		json_t *v;
		if (f[i].type == FIELD_TEXT)
			v = f[i].text ? json_string(f[i].text) : json_null();
		else if (f[i].type == FIELD_COUNT)
			v = json_count(f[i].number);
		else
			v = json_number_or_null(f[i].number);
		/* the texts are group keys, which json_group() checked */
		json_object_set_new(obj, f[i].name, v ? v : json_null());
	}
	return obj;
}

static int add_groups(json_t *root, const struct summary *s)
{
	json_t *groups = json_array();

	json_object_set_new(root, "groups", groups);
	for (size_t i = 0; i < s->nr; i++) {
		json_t *g = json_group(&s->items[i]);
		if (!g)
			return -1;
		json_array_append_new(groups, g);
	}
	return 0;
}

static void add_comparisons(json_t *root, const struct summary *s)
{
	json_t *list = json_array();

	json_object_set_new(root, "baseline",
			    s->comparisons.baseline ? json_string(s->comparisons.baseline)
						    : json_null());
	json_object_set_new(root, "comparisons", list);
	for (size_t i = 0; i < s->comparisons.nr; i++)
		json_array_append_new(list, json_comparison(&s->comparisons.items[i]));
}

int summary_format_json(const struct summary *s, struct strbuf *out)
{
	json_t *root = json_object();
	char *text = NULL;
	int ret = -1;

	if (s->run_id ? json_set_string(root, "run_id", s->run_id) < 0
		      : json_object_set_new(root, "run_id", json_null()) < 0)
		goto out;
	if (add_groups(root, s) < 0)
		goto out;
	add_comparisons(root, s);
	/* insertion order and a fixed precision: same input, same bytes */
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (!text) {
		error("cannot format summary.json");
		goto out;
	}
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	ret = 0;
out:
	free(text);
	json_decref(root);
	return ret;
}
