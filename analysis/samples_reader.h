#ifndef CRBENCH_SAMPLES_READER_H
#define CRBENCH_SAMPLES_READER_H

#include "common/samples.h"

struct group_set;

/*
 * Strict reader of samples.csv (the contract of common/samples.h). Analysis
 * refuses anything the orchestrator would not have written instead of
 * guessing, so a damaged file cannot quietly change a published number.
 */

/*
 * Read and validate `path`, adding each record to its group in `gs` (which
 * must be empty) as it is read: a million rows keep only their values.
 * On a bad record prints "PATH:LINE: why" with error() and returns -1;
 * `gs` must be cleared either way.
 */
int samples_read(const char *path, struct group_set *gs);
/*
 * The same, also calling `each` on every valid row as it is read (for
 * readers that need rows, not statistics: the report's raw points and
 * failed repetitions). The row's strings live as long as `gs`.
 */
typedef void (*samples_row_fn)(const struct sample *s, void *ctx);
int samples_read_each(const char *path, struct group_set *gs, samples_row_fn each, void *ctx);

#endif
