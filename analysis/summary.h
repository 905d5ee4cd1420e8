#ifndef CRBENCH_SUMMARY_H
#define CRBENCH_SUMMARY_H

#include "analysis/comparison.h"
#include "analysis/stats.h"

#include <stddef.h>

struct export_text;
struct group_set;
struct sample_group;
struct strbuf;

/*
 * The summary of a run: the statistics of every group, in the groups'
 * order, the comparisons between groups, and their exports
 * (analysis/summary.csv, comparisons.csv, summary.json, summary.tex and
 * the table `crbench analyze` prints). Exports only format what
 * summary_compute() and compare_build() stored, so they agree with each
 * other by construction.
 */
struct group_summary {
	const struct sample_group *group; /* borrowed; its values sorted */
	struct stats_summary stats;
	size_t n_failed, n_warmup, n_outliers; /* copied here for the column table */
};

struct summary {
	const char *run_id; /* borrowed; NULL for a run without samples */
	struct group_summary *items;
	size_t nr;
	struct comparison_set comparisons;
};

/* Sorts each group's values in place, then describes it. */
void summary_compute(const char *run_id, struct group_set *gs, struct summary *out);
void summary_clear(struct summary *s);

/* The exports: a file's text goes out a chunk at a time (export_text.h). */
void summary_format_csv(const struct summary *s, struct export_text *out);
void comparisons_format_csv(const struct summary *s, struct export_text *out);
/* -1 (with error()) when a string is not UTF-8, which JSON cannot carry. */
int summary_format_json(const struct summary *s, struct export_text *out);
void summary_format_tex(const struct summary *s, struct export_text *out);
void summary_format_table(const struct summary *s, struct strbuf *out);

/*
 * Write summary.csv, comparisons.csv, summary.json and summary.tex into
 * DIR atomically (creates DIR), and append the table to `table`.
 */
int summary_export(const struct summary *s, const char *dir, struct strbuf *table);

#endif
