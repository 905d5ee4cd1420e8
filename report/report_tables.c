#include "report/report_tables.h"
#include "common/strbuf.h"
#include "common/version.h"
#include "report/comparisons_reader.h"
#include "report/run_info.h"
#include "report/samples_view.h"
#include "report/summary_reader.h"
#include "report/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Four significant digits, whole numbers from 10 000 on: no exponents in a table. */
static void add_num(struct strbuf *sb, double v)
{
	if (isnan(v))
		strbuf_addstr(sb, "NA");
	else if (fabs(v) >= 1e4)
		strbuf_addf(sb, "%.0f", v);
	else
		strbuf_addf(sb, "%.4g", v);
}

static const char *num(struct strbuf *sb, double v)
{
	strbuf_reset(sb);
	add_num(sb, v);
	return sb->buf;
}

static const char *range(struct strbuf *sb, double lo, double hi)
{
	strbuf_reset(sb);
	if (isnan(lo) || isnan(hi)) {
		strbuf_addstr(sb, "NA");
		return sb->buf;
	}
	add_num(sb, lo);
	strbuf_addstr(sb, "\u2013");
	add_num(sb, hi);
	return sb->buf;
}

void tables_run(const struct run_info *info, struct table *t)
{
	static const char *const header[] = {"", ""};
	const struct experiment *e = info->have_experiment ? &info->exp : NULL;
	struct strbuf reps = STRBUF_INIT;
	const char *rows[][2] = {
		{"run", info->run_id},
		{"experiment", e ? e->name : "unknown (no experiment.yaml)"},
		{"description", e ? e->description : ""},
		{"experiment SHA-256", run_info_get(info, "experiment_sha256")},
		{"started", run_info_get(info, "started_at")},
		{"run by", run_info_get(info, "crbench_version")},
		{"report by", "crbench " CRBENCH_VERSION},
		{"repetitions", NULL},
		{"baseline", e ? e->baseline : "unknown"},
	};

	if (e)
		strbuf_addf(&reps, "%d per cell (+%d warm-up), seed %lu, %s order", e->repetitions,
			    e->warmup, e->seed, spec_order_name(e->order));
	rows[7][1] = e ? reps.buf : "unknown";
	table_init(t, header, "ll");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		table_add_row(t, rows[i]);
	strbuf_release(&reps);
}

static const char *fact(json_t *facts, const char *key, struct strbuf *sb)
{
	json_t *v = json_object_get(facts, key);

	strbuf_reset(sb);
	if (json_is_string(v))
		strbuf_addstr(sb, json_string_value(v));
	else if (json_is_integer(v))
		strbuf_addf(sb, "%lld", (long long)json_integer_value(v));
	else
		strbuf_addstr(sb, "?");
	return sb->buf;
}

void tables_hosts(const struct run_info *info, struct table *t)
{
	static const char *const header[] = {"host", "type", "kernel", "OS",
					     "CPU",  "cpus", "memory", "virtualization"};
	static const char *const keys[] = {"host_type", "kernel", "os", "cpu_model", "cpus"};
	struct strbuf v[5], mem = STRBUF_INIT, virt = STRBUF_INIT;

	table_init(t, header, "lllllrrl");
	for (int k = 0; k < 5; k++)
		strbuf_init(&v[k], 0);
	for (size_t i = 0; i < info->nr_hosts; i++) {
		json_t *f = info->hosts[i].facts;
		json_t *kib = json_object_get(f, "memory_kib");
		const char *row[8] = {info->hosts[i].name};
		for (int k = 0; k < 5; k++)
			row[k + 1] = fact(f, keys[k], &v[k]);
		strbuf_reset(&mem);
		if (json_is_integer(kib))
			strbuf_addf(&mem, "%.1f GiB", (double)json_integer_value(kib) / 1048576);
		row[6] = mem.buf;
		row[7] = fact(f, "virtualization", &virt);
		table_add_row(t, row);
	}
	for (int k = 0; k < 5; k++)
		strbuf_release(&v[k]);
	strbuf_release(&mem);
	strbuf_release(&virt);
}

static void add_versions(struct table *t, const char *host, json_t *map)
{
	const char *name;
	json_t *v;

	json_object_foreach(map, name, v)
	{
		const char *row[3] = {host, name, json_string_value(v)};
		table_add_row(t, row);
	}
}

void tables_versions(const struct run_info *info, struct table *t)
{
	static const char *const header[] = {"host", "runtime or tool", "version"};

	table_init(t, header, "lll");
	for (size_t i = 0; i < info->nr_hosts; i++) {
		add_versions(t, info->hosts[i].name,
			     json_object_get(info->hosts[i].facts, "runtimes"));
		add_versions(t, info->hosts[i].name,
			     json_object_get(info->hosts[i].facts, "tools"));
	}
}

/* Every fact (nested maps as "runtimes.runc") that is not the same at the end. */
static void add_drift(struct table *t, const char *host, const char *prefix, json_t *start,
		      json_t *end)
{
	struct strbuf key = STRBUF_INIT;
	const char *name;
	json_t *a;

	json_object_foreach(start, name, a)
	{
		json_t *b = json_object_get(end, name);
		strbuf_reset(&key);
		strbuf_addf(&key, "%s%s", prefix, name);
		if (!strcmp(name, "collected_at"))
			continue; /* differs by definition */
		if (json_is_object(a) && json_is_object(b)) {
			strbuf_addch(&key, '.');
			add_drift(t, host, key.buf, a, b);
		} else if (!json_equal(a, b)) {
			char *x = json_dumps(a, JSON_ENCODE_ANY),
			     *y = b ? json_dumps(b, JSON_ENCODE_ANY) : NULL;
			const char *row[4] = {host, key.buf, x, y ? y : "(gone)"};
			table_add_row(t, row);
			free(x);
			free(y);
		}
	}
	strbuf_release(&key);
}

void tables_drift(const struct run_info *info, struct table *t)
{
	static const char *const header[] = {"host", "fact", "at the start", "at the end"};

	table_init(t, header, "llll");
	for (size_t i = 0; i < info->nr_hosts; i++)
		if (info->hosts[i].facts && info->hosts[i].end_facts)
			add_drift(t, info->hosts[i].name, "", info->hosts[i].facts,
				  info->hosts[i].end_facts);
}

void tables_summary(const struct summary *s, struct table *t)
{
	static const char *const header[] = {"host type", "runtime",	"application", "variant",
					     "metric",	  "unit",	"n",	       "failed",
					     "median",	  "Q1\u2013Q3", "whiskers",    "outliers"};
	struct strbuf b[6];

	table_init(t, header, "llllllrrrrrr");
	for (int k = 0; k < 6; k++)
		strbuf_init(&b[k], 0);
	for (size_t i = 0; i < s->nr; i++) {
		const struct summary_row *r = &s->rows[i];
		const char *row[12] = {r->host_type, r->runtime, r->application,
				       r->variant,   r->metric,	 r->unit};
		strbuf_reset(&b[0]);
		strbuf_addf(&b[0], "%d", r->n);
		strbuf_reset(&b[1]);
		strbuf_addf(&b[1], "%d", r->n_failed);
		row[6] = b[0].buf;
		row[7] = b[1].buf;
		row[8] = num(&b[2], r->median);
		row[9] = range(&b[3], r->q1, r->q3);
		row[10] = range(&b[4], r->whisker_low, r->whisker_high);
		strbuf_reset(&b[5]);
		strbuf_addf(&b[5], "%d", r->n_outliers);
		row[11] = b[5].buf;
		table_add_row(t, row);
	}
	for (int k = 0; k < 6; k++)
		strbuf_release(&b[k]);
}

void tables_comparisons(const struct comparison_rows *c, struct table *t)
{
	static const char *const header[] = {"host type", "application", "variant",
					     "metric",	  "baseline",	 "candidate",
					     "ratio",	  "95 % CI",	 "p (Holm)"};
	struct strbuf b[3];

	table_init(t, header, "llllllrrr");
	for (int k = 0; k < 3; k++)
		strbuf_init(&b[k], 0);
	for (size_t i = 0; i < c->nr; i++) {
		const struct comparison_row *r = &c->v[i];
		const char *row[9] = {r->text[CMP_HOST_TYPE], r->text[CMP_APPLICATION],
				      r->text[CMP_VARIANT],   r->text[CMP_METRIC],
				      r->text[CMP_BASELINE],  r->text[CMP_CANDIDATE]};
		row[6] = num(&b[0], r->number[CMP_RATIO]);
		row[7] = range(&b[1], r->number[CMP_CI_LOW], r->number[CMP_CI_HIGH]);
		row[8] = num(&b[2], r->number[CMP_P_HOLM]);
		table_add_row(t, row);
	}
	for (int k = 0; k < 3; k++)
		strbuf_release(&b[k]);
}

void tables_failed(const struct failed_reps *f, struct table *t)
{
	static const char *const header[] = {"host",	"host type",  "runtime", "application",
					     "variant", "repetition", "status"};
	struct strbuf rep = STRBUF_INIT;

	table_init(t, header, "lllllrl");
	for (size_t i = 0; i < f->nr; i++) {
		const struct failed_rep *r = &f->v[i];
		const char *row[7] = {r->host,	  r->host_type, r->runtime, r->application,
				      r->variant, NULL,		r->status};
		strbuf_reset(&rep);
		strbuf_addf(&rep, "%d", r->repetition);
		row[5] = rep.buf;
		table_add_row(t, row);
	}
	strbuf_release(&rep);
}
