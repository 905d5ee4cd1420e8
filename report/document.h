#ifndef CRBENCH_DOCUMENT_H
#define CRBENCH_DOCUMENT_H

#include <stddef.h>

struct comparison_rows;
struct failed_reps;
struct figure;
struct run_info;
struct summary;

/* Everything the report shows, read and built by cmd_report. */
struct report_data {
	const struct run_info *info;
	const struct summary *summary;
	const struct comparison_rows *comparisons; /* empty when analysis wrote none */
	const struct failed_reps *failed;
	const struct figure *figures;
	size_t nr_figures;
	int greyscale;
	double width_in; /* > 0: every figure this wide (--width) */
	double dpi;	 /* of PNG figures */
};

/*
 * report.pdf on A4: a title page (run, experiment and its digest, hosts
 * with facts, versions and drift between start and end), the summary
 * table, one page per figure at its printed size with its caption, the
 * comparisons (ratio, CI, adjusted p) and the failed repetitions.
 * Written atomically: a reader never sees half a PDF.
 */
int document_write_report(const struct report_data *d, const char *path);

/*
 * Each figure alone, at its printed size, as `dir`/<name>.<format> for
 * every format whose bit (1 << enum surface_format) is set in `formats`.
 */
int document_write_figures(const struct report_data *d, const char *dir, unsigned formats);

#endif
