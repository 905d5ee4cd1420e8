#ifndef CRBENCH_GROUPS_H
#define CRBENCH_GROUPS_H

#include <stddef.h>

struct samples_table;

/*
 * Grouping of samples: one group per (host_type, runtime, application,
 * variant, metric), the unit in which every statistic is computed and
 * every box is drawn.
 */
enum group_key { GK_HOST_TYPE, GK_RUNTIME, GK_APPLICATION, GK_VARIANT, GK_METRIC, GK_NKEYS };

/* The column names of the keys, as in samples.csv and summary.csv. */
extern const char *const group_key_names[GK_NKEYS];

struct sample_group {
	const char *key[GK_NKEYS]; /* borrowed from the samples_table */
	const char *unit;	   /* the same on every row of the group (checked) */
	const char *better;	   /* likewise */
	double *values;		   /* values of the ok rows, in file order */
	size_t n, alloc;
	size_t n_failed; /* rows with a failure status: counted, never used */
	size_t n_warmup; /* warm-up repetitions (status warmup): counted, never used */
	int first_line;
};

struct group_set {
	struct sample_group *items; /* in order of first appearance in samples.csv */
	size_t nr, alloc;
};

#define GROUP_SET_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/*
 * Group the rows of `t` into `gs` (which must be empty). A unit or `better`
 * that differs within a group is an error "PATH:LINE: ..." naming the
 * earliest offending row; `gs` must be cleared either way. `gs` borrows
 * strings from `t`, which must outlive it.
 */
int groups_build(const struct samples_table *t, struct group_set *gs);
void groups_clear(struct group_set *gs);

#endif
