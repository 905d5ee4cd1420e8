/*
 * analysis/summary.tex: two booktabs tables to \input into a paper
 * (\usepackage{booktabs}): per group the median with its 95 % confidence
 * interval, per comparison the ratio of medians with its bootstrap
 * interval and the Holm-adjusted p-value. Names are escaped, so any
 * runtime, metric or unit compiles in a plain article.
 */
#include "analysis/compare.h"
#include "analysis/export_text.h"
#include "analysis/groups.h"
#include "analysis/summary.h"
#include "common/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tex_escape(struct strbuf *out, const char *s)
{
	static const struct {
		char c;
		const char *tex;
	} specials[] = {
		{'\\', "\\textbackslash{}"},
		{'{', "\\{"},
		{'}', "\\}"},
		{'$', "\\$"},
		{'&', "\\&"},
		{'#', "\\#"},
		{'^', "\\textasciicircum{}"},
		{'_', "\\_"},
		{'%', "\\%"},
		{'~', "\\textasciitilde{}"},
		{'<', "\\textless{}"},
		{'>', "\\textgreater{}"},
		{'|', "\\textbar{}"},
		{'\n', " "},
		{'\r', " "},
	};

	for (; *s; s++) {
		size_t i = 0;
		while (i < sizeof(specials) / sizeof(specials[0]) && specials[i].c != *s)
			i++;
		if (i < sizeof(specials) / sizeof(specials[0]))
			strbuf_addstr(out, specials[i].tex);
		else
			strbuf_addch(out, *s);
	}
}

/* `digits` significant digits; an exponent as m\times10^{e}; NaN as "--". */
static void tex_number(struct strbuf *out, double v, int digits)
{
	char buf[64], *e;

	if (isnan(v)) {
		strbuf_addstr(out, "--");
		return;
	}
	snprintf(buf, sizeof(buf), "%.*g", digits, v);
	e = strchr(buf, 'e');
	if (!e) {
		strbuf_addf(out, "$%s$", buf);
		return;
	}
	*e = '\0';
	strbuf_addf(out, "$%s\\times10^{%d}$", buf, atoi(e + 1));
}

static void tex_interval(struct strbuf *out, double v, double low, double high)
{
	tex_number(out, v, 4);
	if (isnan(low))
		return;
	strbuf_addstr(out, " [");
	tex_number(out, low, 4);
	strbuf_addstr(out, ", ");
	tex_number(out, high, 4);
	strbuf_addch(out, ']');
}

/* "metric (unit)", escaped */
static void tex_metric(struct strbuf *out, const struct sample_group *g)
{
	tex_escape(out, g->key[GK_METRIC]);
	strbuf_addstr(out, " (");
	tex_escape(out, g->unit);
	strbuf_addch(out, ')');
}

static void table_begin(struct strbuf *out, const char *caption, const char *spec,
			const char *header)
{
	strbuf_addf(out,
		    "\\begin{table}[htbp]\n\\centering\n\\caption{%s}\n\\begin{tabular}{%s}\n"
		    "\\toprule\n%s \\\\\n\\midrule\n",
		    caption, spec, header);
}

static void table_end(struct strbuf *out)
{
	strbuf_addstr(out, "\\bottomrule\n\\end{tabular}\n\\end{table}\n");
}

static void group_row(struct strbuf *out, const struct group_summary *gsum)
{
	const struct sample_group *g = gsum->group;
	const enum group_key keys[] = {GK_APPLICATION, GK_VARIANT, GK_RUNTIME, GK_HOST_TYPE};

	tex_metric(out, g);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		strbuf_addstr(out, " & ");
		tex_escape(out, g->key[keys[k]]);
	}
	strbuf_addf(out, " & %zu & ", gsum->stats.n);
	tex_interval(out, gsum->stats.median, gsum->stats.median_ci_low,
		     gsum->stats.median_ci_high);
	strbuf_addstr(out, " \\\\\n");
}

static void comparison_row(struct strbuf *out, const struct comparison *c)
{
	const struct sample_group *g = c->candidate->group;
	enum group_key fixed = c->kind == COMPARE_RUNTIME ? GK_HOST_TYPE : GK_RUNTIME;

	tex_metric(out, g);
	strbuf_addstr(out, " & ");
	tex_escape(out, g->key[GK_APPLICATION]);
	strbuf_addstr(out, " & ");
	tex_escape(out, g->key[GK_VARIANT]);
	strbuf_addstr(out, " & ");
	tex_escape(out, g->key[fixed]);
	strbuf_addstr(out, " & ");
	tex_escape(out, comparison_candidate_name(c));
	strbuf_addstr(out, " / ");
	tex_escape(out, comparison_baseline_name(c));
	strbuf_addstr(out, " & ");
	tex_interval(out, c->ratio, c->ratio_ci_low, c->ratio_ci_high);
	strbuf_addstr(out, " & ");
	tex_number(out, c->p_holm, 3);
	strbuf_addstr(out, " \\\\\n");
}

void summary_format_tex(const struct summary *s, struct export_text *text)
{
	struct strbuf *out = &text->buf;

	strbuf_addstr(out, "% crbench analyze");
	if (s->run_id) {
		strbuf_addstr(out, ", run ");
		tex_escape(out, s->run_id);
	}
	strbuf_addstr(out, ". Needs \\usepackage{booktabs}.\n");
	table_begin(out,
		    "Medians with distribution-free 95\\,\\% confidence intervals "
		    "(order statistics).",
		    "lllllrl",
		    "Metric & Application & Variant & Runtime & Host type & $n$ & Median [95\\,\\% "
		    "CI]");
	for (size_t i = 0; i < s->nr; i++) {
		group_row(out, &s->items[i]);
		export_pause(text);
	}
	table_end(out);
	if (!s->comparisons.nr)
		return;
	table_begin(out,
		    "Ratios of medians (candidate / baseline) with 95\\,\\% percentile "
		    "bootstrap intervals; Wilcoxon rank-sum $p$, Holm-adjusted over all "
		    "comparisons.",
		    "llllllr",
		    "Metric & Application & Variant & Fixed & Comparison & Ratio [95\\,\\% CI] & "
		    "$p_\\mathrm{Holm}$");
	for (size_t i = 0; i < s->comparisons.nr; i++) {
		comparison_row(out, &s->comparisons.items[i]);
		export_pause(text);
	}
	table_end(out);
}
