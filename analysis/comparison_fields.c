#include "analysis/comparison_fields.h"
#include "analysis/compare.h"
#include "analysis/export_text.h"
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "common/csv.h"
#include "common/strbuf.h"

#include <math.h>

static struct field text(const char *name, const char *value)
{
	return (struct field){name, FIELD_TEXT, value, 0};
}

static struct field number(const char *name, double value)
{
	return (struct field){name, FIELD_NUMBER, NULL, value};
}

static struct field count(const char *name, size_t value)
{
	return (struct field){name, FIELD_COUNT, NULL, (double)value};
}

static const char *p_method(const struct comparison *c)
{
	if (isnan(c->test.w))
		return NULL;
	return c->test.exact ? "exact" : "normal";
}

void comparison_fields(const struct comparison *c, struct field out[COMPARISON_NFIELDS])
{
	const struct sample_group *cand = c->candidate->group;
	struct field fields[] = {
		text("kind", comparison_kind_name(c->kind)),
		text("host_type", cand->key[GK_HOST_TYPE]),
		text("runtime", cand->key[GK_RUNTIME]),
		text("application", cand->key[GK_APPLICATION]),
		text("variant", cand->key[GK_VARIANT]),
		text("metric", cand->key[GK_METRIC]),
		text("unit", cand->unit),
		text("better", cand->better),
		text("baseline", comparison_baseline_name(c)),
		text("candidate", comparison_candidate_name(c)),
		count("n_baseline", c->baseline->stats.n),
		count("n_candidate", c->candidate->stats.n),
		number("median_baseline", c->baseline->stats.median),
		number("median_candidate", c->candidate->stats.median),
		number("ratio", c->ratio),
		number("slowdown", c->slowdown),
		number("ratio_ci_low", c->ratio_ci_low),
		number("ratio_ci_high", c->ratio_ci_high),
		count("bootstrap_b", c->bootstrap_b),
		number("w", c->test.w),
		number("p_value", c->test.p_value),
		text("p_method", p_method(c)),
		number("p_holm", c->p_holm),
		number("hl_shift", c->test.hl_shift),
	};
	_Static_assert(sizeof(fields) / sizeof(fields[0]) == COMPARISON_NFIELDS, "field count");

	for (size_t i = 0; i < COMPARISON_NFIELDS; i++)
		out[i] = fields[i];
}

static void csv_field(struct strbuf *out, const struct field *f)
{
	if (f->type == FIELD_TEXT)
		csv_add_field(out, f->text ? f->text : "NA");
	else
		csv_add_number(out, f->number);
}

static void csv_line(struct strbuf *out, const struct comparison *c, int header)
{
	struct field f[COMPARISON_NFIELDS];

	comparison_fields(c, f);
	for (size_t i = 0; i < COMPARISON_NFIELDS; i++) {
		if (i)
			strbuf_addch(out, ',');
		if (header)
			csv_add_field(out, f[i].name);
		else
			csv_field(out, &f[i]);
	}
	strbuf_addch(out, '\n');
}

/*
 * One row per comparison. The header comes from the same field list,
 * filled from a blank comparison, so names and values cannot drift apart.
 */
void comparisons_format_csv(const struct summary *s, struct export_text *out)
{
	static const struct sample_group blank_group = {
		.key = {"", "", "", "", ""}, .unit = "", .better = "lower"};
	static const struct group_summary blank = {.group = &blank_group};
	struct comparison header = {.baseline = &blank, .candidate = &blank};

	csv_line(&out->buf, &header, 1);
	for (size_t i = 0; i < s->comparisons.nr; i++) {
		csv_line(&out->buf, &s->comparisons.items[i], 0);
		export_pause(out);
	}
}
