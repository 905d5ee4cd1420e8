#ifndef CRBENCH_COMPARISONS_READER_H
#define CRBENCH_COMPARISONS_READER_H

#include <stddef.h>

/*
 * The rows of DIR/analysis/comparisons.csv the report's table shows: what
 * is compared, the ratio of medians with its bootstrap CI and the
 * Holm-adjusted p. Columns are found by name in the header, so columns
 * analysis adds later do not break the report. NA is NAN.
 */
enum {
	CMP_KIND,
	CMP_HOST_TYPE,
	CMP_APPLICATION,
	CMP_VARIANT,
	CMP_METRIC,
	CMP_BASELINE,
	CMP_CANDIDATE,
	CMP_NTEXTS
};
enum { CMP_RATIO, CMP_CI_LOW, CMP_CI_HIGH, CMP_P_HOLM, CMP_NNUMBERS };

struct comparison_row {
	char *text[CMP_NTEXTS];
	double number[CMP_NNUMBERS];
};

struct comparison_rows {
	struct comparison_row *v;
	size_t nr, alloc;
};

#define COMPARISON_ROWS_INIT                                                                       \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

int comparisons_read(const char *path, struct comparison_rows *out);
void comparison_rows_release(struct comparison_rows *rows);

#endif
