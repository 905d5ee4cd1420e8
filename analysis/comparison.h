#ifndef CRBENCH_COMPARISON_H
#define CRBENCH_COMPARISON_H

#include "analysis/wilcoxon.h"

#include <stddef.h>

struct group_summary;

/*
 * The comparisons of a run as the summary holds them, apart from the code
 * that builds them (compare.h), which reads the summary's groups: the
 * summary needs these types, not that code.
 *
 * Every runtime against the baseline runtime within (host_type,
 * application, variant, metric), and nested-vm against bare-metal within
 * (runtime, application, variant, metric). One family: the Holm
 * adjustment runs over all of them.
 */
enum comparison_kind { COMPARE_RUNTIME, COMPARE_HOST_TYPE };

struct comparison {
	enum comparison_kind kind;
	const struct group_summary *baseline, *candidate; /* borrowed from the summary */
	double ratio;	 /* median(candidate) / median(baseline); NaN when undefined */
	double slowdown; /* the ratio oriented by `better`: > 1 is always worse */
	double ratio_ci_low, ratio_ci_high; /* percentile bootstrap, 95 % */
	size_t bootstrap_b;		    /* 0: not computed (NaN above) */
	struct wilcoxon_result test;	    /* candidate (x) against baseline (y) */
	double p_holm;
};

struct comparison_set {
	struct comparison *items; /* runtime comparisons first, each kind in the groups' order */
	size_t nr, alloc;
	const char *baseline; /* the baseline runtime used; NULL without groups */
};

void comparison_set_clear(struct comparison_set *set);

#endif
