#ifndef CRBENCH_GROUPS_H
#define CRBENCH_GROUPS_H

#include "analysis/strpool.h"

#include <stddef.h>

struct sample;

/*
 * Grouping of samples: one group per (host_type, runtime, application,
 * variant, metric), the unit in which every statistic is computed and
 * every box is drawn.
 */
enum group_key { GK_HOST_TYPE, GK_RUNTIME, GK_APPLICATION, GK_VARIANT, GK_METRIC, GK_NKEYS };

/* The status the orchestrator gives warm-up repetitions. */
#define SAMPLE_STATUS_WARMUP "warmup"

/*
 * Whether a row was measured (status "ok"), is a warm-up repetition
 * (status "warmup": measured or not, never a statistic nor a failure), or
 * records a failure (any other status): what a group counts it as.
 */
int sample_is_ok(const struct sample *s);
int sample_is_warmup(const struct sample *s);

/* The column names of the keys, as in samples.csv and summary.csv. */
extern const char *const group_key_names[GK_NKEYS];

struct sample_group {
	const char *key[GK_NKEYS]; /* interned in the group_set's strings */
	const char *unit;	   /* the same on every row of the group (checked) */
	const char *better;	   /* likewise */
	double *values;		   /* values of the ok rows, in file order */
	size_t n, alloc;
	int in_slab;	 /* values are in one of the set's slabs, not a malloc of their own */
	size_t n_failed; /* rows with a failure status: counted, never used */
	size_t n_warmup; /* warm-up repetitions (status warmup): counted, never used */
	int first_line;
};

/* A row whose unit or better differs from its group's first row. */
struct group_disagreement {
	int line; /* 0: none */
	size_t group;
	const char *unit, *better;
};

struct group_set {
	struct sample_group *items; /* in order of first appearance in samples.csv */
	size_t nr, alloc;
	const char *run_id;	/* of the first row; NULL without rows */
	struct strpool strings; /* every name of the rows added, once */
	/* group number + 1 by a hash of the key pointers (0: free), half full at most */
	size_t *index;
	size_t index_alloc;
	size_t last;				/* the group of the previous row */
	struct group_disagreement disagreement; /* the earliest one */
	/*
	 * Blocks that hold the first values of groups whose rows come
	 * together, many groups a block: 10^6 values in 10^4 mallocs would
	 * fault their pages in one by one.
	 */
	double **slabs;
	size_t nr_slabs, alloc_slabs;
	size_t slab_size, slab_left; /* in values: of the last slab, and left in it */
};

#define GROUP_SET_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0, NULL, STRPOOL_INIT, NULL, 0, 0, {0, 0, NULL, NULL}, NULL, 0, 0, 0, 0   \
	}

/*
 * Add one validated row at `line`, in file order. Its strings must be
 * interned in gs->strings: equal names are equal pointers, so keys are
 * compared and hashed by address.
 */
void groups_add(struct group_set *gs, const struct sample *s, int line);

/*
 * Once every row is added: a unit or `better` that differs within a
 * group is an error "PATH:LINE: ..." naming the earliest offending row.
 */
int groups_check(const struct group_set *gs, const char *path);
void groups_clear(struct group_set *gs);

#endif
