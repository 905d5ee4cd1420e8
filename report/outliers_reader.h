#ifndef CRBENCH_OUTLIERS_READER_H
#define CRBENCH_OUTLIERS_READER_H

struct value_sets;

/*
 * The outliers of every group, from DIR/analysis/summary.json (jansson):
 * exactly the values analysis found beyond the whiskers, so the figure
 * shows what the statistics say. A malformed file is an error naming it.
 */
int outliers_read(const char *path, struct value_sets *out);

#endif
