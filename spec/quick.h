#ifndef CRBENCH_QUICK_H
#define CRBENCH_QUICK_H

struct experiment;

/*
 * `run --quick`: at most 2 repetitions, no warm-up rounds or pauses, an
 * idle period (before idle memory) of at most 1 s, and
 * each workload's quick parameter values (workload_ops.quick) where they
 * are smaller than the experiment's.
 */
void experiment_make_quick(struct experiment *exp);

#endif
