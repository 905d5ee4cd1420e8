#include "analysis/summary.h"
#include "analysis/groups.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The statistics columns of summary.csv and keys of summary.json, in order.
 * A later statistic (IQR, whiskers, CI of the median) is one more line.
 */
static const struct {
	const char *name;
	size_t offset; /* of a double in struct stats_summary */
} stat_columns[] = {
	{"min", offsetof(struct stats_summary, min)},
	{"q1", offsetof(struct stats_summary, q1)},
	{"median", offsetof(struct stats_summary, median)},
	{"q3", offsetof(struct stats_summary, q3)},
	{"max", offsetof(struct stats_summary, max)},
	{"mean", offsetof(struct stats_summary, mean)},
	{"sd", offsetof(struct stats_summary, sd)},
};

static double stat_value(const struct stats_summary *st, size_t column)
{
	return *(const double *)((const char *)st + stat_columns[column].offset);
}

void summary_compute(const char *run_id, struct group_set *gs, struct summary *out)
{
	out->run_id = run_id;
	out->nr = gs->nr;
	out->items = xcalloc(gs->nr ? gs->nr : 1, sizeof(*out->items));
	for (size_t i = 0; i < gs->nr; i++) {
		struct sample_group *g = &gs->items[i];
		stats_sort(g->values, g->n);
		out->items[i].group = g;
		stats_describe_sorted(g->values, g->n, &out->items[i].stats);
	}
}

void summary_clear(struct summary *s)
{
	free(s->items);
	memset(s, 0, sizeof(*s));
}

static void csv_header(struct strbuf *out)
{
	const char *tail[] = {"unit", "better", "n", "n_failed"};

	csv_add_fields(out, group_key_names, GK_NKEYS);
	for (size_t i = 0; i < ARRAY_SIZE(tail); i++)
		strbuf_addf(out, ",%s", tail[i]);
	for (size_t i = 0; i < ARRAY_SIZE(stat_columns); i++)
		strbuf_addf(out, ",%s", stat_columns[i].name);
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
	for (size_t i = 0; i < ARRAY_SIZE(stat_columns); i++) {
		strbuf_addch(out, ',');
		csv_add_number(out, stat_value(&gsum->stats, i));
	}
	strbuf_addch(out, '\n');
}

void summary_format_csv(const struct summary *s, struct strbuf *out)
{
	csv_header(out);
	for (size_t i = 0; i < s->nr; i++)
		csv_row(out, &s->items[i]);
}

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
	for (size_t i = 0; i < ARRAY_SIZE(stat_columns); i++)
		json_object_set_new(obj, stat_columns[i].name,
				    json_number_or_null(stat_value(&gsum->stats, i)));
	if (bad) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int summary_format_json(const struct summary *s, struct strbuf *out)
{
	json_t *root = json_object(), *groups = json_array();
	char *text = NULL;
	int ret = -1;

	if (s->run_id ? json_set_string(root, "run_id", s->run_id) < 0
		      : json_object_set_new(root, "run_id", json_null()) < 0)
		goto out;
	json_object_set(root, "groups", groups);
	for (size_t i = 0; i < s->nr; i++) {
		json_t *g = json_group(&s->items[i]);
		if (!g)
			goto out;
		json_array_append_new(groups, g);
	}
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
	json_decref(groups);
	json_decref(root);
	return ret;
}

static int write_one(const char *dir, const char *name, const struct strbuf *content)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s", dir, name);
	ret = write_file_atomic(path.buf, content->buf, content->len);
	strbuf_release(&path);
	return ret;
}

int summary_write(const struct summary *s, const char *dir)
{
	struct strbuf csv = STRBUF_INIT, json = STRBUF_INIT;
	int ret = -1;

	summary_format_csv(s, &csv);
	if (summary_format_json(s, &json) < 0)
		goto out;
	if (mkdir_p(dir, 0755) < 0)
		goto out;
	if (write_one(dir, "summary.csv", &csv) < 0 || write_one(dir, "summary.json", &json) < 0)
		goto out;
	ret = 0;
out:
	strbuf_release(&csv);
	strbuf_release(&json);
	return ret;
}
