#ifndef CRBENCH_SUMMARY_COLUMNS_H
#define CRBENCH_SUMMARY_COLUMNS_H

#include "analysis/summary.h"

#include <stddef.h>

/*
 * The per-group statistics, once, for every export (summary.csv,
 * summary.json): a name and where the value lives in struct group_summary.
 */
struct summary_column {
	const char *name;
	size_t offset;
	int is_count; /* a size_t count; otherwise a double (NaN: NA) */
};

#define SUMMARY_NUMBER(name, member)                                                               \
	{                                                                                          \
		(name), offsetof(struct group_summary, member), 0                                  \
	}
#define SUMMARY_COUNT(name, member)                                                                \
	{                                                                                          \
		(name), offsetof(struct group_summary, member), 1                                  \
	}

extern const struct summary_column summary_columns[];
extern const size_t summary_nr_columns;

double summary_column_value(const struct group_summary *gsum, size_t column);

#endif
