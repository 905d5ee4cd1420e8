#ifndef CRBENCH_COMPARE_H
#define CRBENCH_COMPARE_H

#include "analysis/comparison.h"

#include <stddef.h>

struct summary;

/* Building the comparisons (comparison.h) of a summary from its groups. */
struct compare_options {
	const char *baseline; /* a runtime; NULL: the first runtime of the groups */
	size_t bootstrap_b;   /* resamples per group; 0 skips the interval */
	unsigned long seed;
};

/* Whether some group of `s` has this runtime. */
int summary_has_runtime(const struct summary *s, const char *runtime);

/*
 * Build and compute every comparison of `s` into `out` (empty). Fails
 * (with error()) when opts->baseline names no runtime of `s`.
 */
int compare_build(const struct summary *s, const struct compare_options *opts,
		  struct comparison_set *out);

/*
 * Fill in every comparison's own numbers (all but p_holm), on as many
 * threads as there are processors (compare_compute.c).
 */
void compare_compute(struct comparison_set *set, const struct summary *s,
		     const struct compare_options *opts);

/* "runtime" or "host_type", as comparisons.csv writes the kind. */
const char *comparison_kind_name(enum comparison_kind kind);
/* The names compared: runtimes, or host types. */
const char *comparison_baseline_name(const struct comparison *c);
const char *comparison_candidate_name(const struct comparison *c);

#endif
