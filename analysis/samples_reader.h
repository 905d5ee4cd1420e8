#ifndef CRBENCH_SAMPLES_READER_H
#define CRBENCH_SAMPLES_READER_H

#include "analysis/strpool.h"
#include "common/samples.h"

#include <stddef.h>

/*
 * Strict reader of samples.csv (the contract of common/samples.h). Analysis
 * refuses anything the orchestrator would not have written instead of
 * guessing, so a damaged file cannot quietly change a published number.
 */

/*
 * One validated record. Its strings are interned in the table's pool:
 * equal texts are equal pointers, and a million rows share a few copies.
 */
struct samples_row {
	struct sample s;
	int line; /* where the record starts, for FILE:LINE messages */
};

struct samples_table {
	char *path; /* as given to samples_read() */
	struct samples_row *rows;
	size_t nr, alloc;
	struct strpool strings;
	const char *recent[SC_NCOLUMNS]; /* the previous row's strings: rows repeat them */
};

#define SAMPLES_TABLE_INIT                                                                         \
	{                                                                                          \
		NULL, NULL, 0, 0, STRPOOL_INIT,                                                    \
		{                                                                                  \
			NULL                                                                       \
		}                                                                                  \
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
