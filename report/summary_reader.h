#ifndef CRBENCH_SUMMARY_READER_H
#define CRBENCH_SUMMARY_READER_H

#include <stddef.h>

/*
 * One row of DIR/analysis/summary.csv: the statistics of one group
 * (host_type, runtime, application, variant, metric). Numbers written `NA`
 * by analysis are NAN here. Rows keep the file's order, which is the order
 * to draw (the experiment's declared order of runtimes and applications).
 */
struct summary_row {
	char *host_type, *runtime, *application, *variant, *metric, *unit, *better;
	int n, n_failed;
	double min, q1, median, q3, max, mean, sd;
	/* Tukey whiskers as analysis drew them; min and max in a 16-column file */
	double whisker_low, whisker_high;
	int n_outliers;
	int line; /* where the row starts in the file, for later error messages */
};

struct summary {
	char *path; /* as given, for messages */
	struct summary_row *rows;
	size_t nr, alloc;
};

#define SUMMARY_INIT                                                                               \
	{                                                                                          \
		NULL, NULL, 0, 0                                                                   \
	}

/* The header analysis writes; anything else is refused (no guessing). */
extern const char summary_header[];

/*
 * Read and check a whole summary. Errors (printed with error()) name
 * `FILE:LINE: what`; `out` is left empty then.
 */
int summary_read(const char *path, struct summary *out);
/* The same on text already in memory; `name` is used in messages. */
int summary_parse(const char *name, const char *text, size_t len, struct summary *out);
void summary_release(struct summary *s);

#endif
