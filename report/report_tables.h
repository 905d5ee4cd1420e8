#ifndef CRBENCH_REPORT_TABLES_H
#define CRBENCH_REPORT_TABLES_H

struct comparison_rows;
struct failed_reps;
struct run_info;
struct summary;
struct table;

/*
 * The tables of report.pdf, as text: what each shows and how numbers are
 * written is decided here, where they go on the page in document.c.
 * Each initializes `t`.
 */
void tables_run(const struct run_info *info, struct table *t);
void tables_hosts(const struct run_info *info, struct table *t);
/* Runtime and tool versions of every host. */
void tables_versions(const struct run_info *info, struct table *t);
/* Facts that differ between hosts/<host>.json and <host>.end.json; no rows: no drift. */
void tables_drift(const struct run_info *info, struct table *t);
void tables_summary(const struct summary *s, struct table *t);
void tables_comparisons(const struct comparison_rows *c, struct table *t);
void tables_failed(const struct failed_reps *f, struct table *t);

#endif
