#ifndef CRBENCH_SAMPLES_READER_H
#define CRBENCH_SAMPLES_READER_H

#include "common/samples.h"
#include "common/strvec.h"

#include <stddef.h>

/*
 * Strict reader of samples.csv (the contract of common/samples.h). Analysis
 * refuses anything the orchestrator would not have written instead of
 * guessing, so a damaged file cannot quietly change a published number.
 */

/* One validated record; `s` points into `fields`, which the row owns. */
struct samples_row {
	struct sample s;
	struct strvec fields;
	int line; /* where the record starts, for FILE:LINE messages */
};

struct samples_table {
	char *path; /* as given to samples_read() */
	struct samples_row *rows;
	size_t nr, alloc;
};

#define SAMPLES_TABLE_INIT                                                                         \
	{                                                                                          \
		NULL, NULL, 0, 0                                                                   \
	}

/*
 * Read and validate `path` into `t` (which must be empty). On a bad record
 * prints "PATH:LINE: why" with error() and returns -1; `t` must be cleared
 * either way.
 */
int samples_read(const char *path, struct samples_table *t);
void samples_table_clear(struct samples_table *t);

/*
 * Whether a row was measured (status "ok"), is a warm-up repetition
 * (status "warmup": measured or not, never a statistic nor a failure), or
 * records a failure (any other status).
 */
int sample_is_ok(const struct sample *s);
int sample_is_warmup(const struct sample *s);

#endif
