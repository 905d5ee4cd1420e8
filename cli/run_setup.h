#ifndef CRBENCH_RUN_SETUP_H
#define CRBENCH_RUN_SETUP_H

#include "orchestrator/engine/engine.h"
#include "spec/matrix.h"

/*
 * What `plan` and `run` share: the options of DESIGN.md, loading the
 * experiment, applying --reps/--seed, and expanding the matrix.
 */
#define RUN_OPTIONS(opts)                                                                          \
	OPT_STRING('o', "output", &(opts)->output, "DIR",                                          \
		   "run directory (default results/<name>-<UTC timestamp>)"),                      \
		OPT_INT(0, "reps", &(opts)->reps, "N", "override the number of repetitions"),      \
		OPT_ULONG(0, "seed", &(opts)->seed, "N", "override the seed of the plan order"),   \
		OPT_STRING_LIST(0, "only", &(opts)->only, "KEY=V[,V]",                             \
				"restrict a dimension: host, host_type, runtime, application"),    \
		OPT_BOOL(0, "quick", &(opts)->quick,                                               \
			 "smoke test: 2 repetitions, short workloads (minutes, not for "           \
			 "publication)"),                                                          \
		OPT_BOOL(0, "dry-run", &(opts)->dry_run, "print the plan, run nothing")

/* The options of commands that execute a plan (run, resume). */
#define PROGRESS_OPTIONS(opts)                                                                     \
	OPT_BOOL('q', "quiet", &(opts)->quiet, "print only failures and the final summary"),       \
		OPT_INT(0, "progress-interval", &(opts)->progress_interval, "SECONDS",             \
			"progress line period when output is not a terminal (default 30)")

struct option_spec;

/*
 * Parse argv (RUN_OPTIONS plus one experiment file), load the experiment,
 * apply --reps/--seed, build the matrix and settle the run directory
 * (`dir`: -o or results/<name>-<UTC timestamp>). Prints every problem.
 * Returns 0, or the exit status to use; on 0 the caller frees with
 * setup_release().
 */
int setup_from_args(int argc, const char **argv, const char *const *usage,
		    const struct option_spec *extra, struct run_options *opts,
		    struct experiment *exp, struct matrix *m, struct strbuf *dir);
/*
 * Load a run directory's experiment.yaml and rebuild its matrix with the
 * filters recorded in run.json; the plan must equal plan.tsv.
 */
int setup_from_rundir(const char *dir, struct run_options *opts, struct experiment *exp,
		      struct matrix *m);
/*
 * The end of run and resume: failures listed from the journal, what to do
 * next, and the exit status (0 all ok, 1 failures or stopped, 2 a damaged run
 * directory that resume left as it was, 130 interrupted).
 */
struct rundir;
int setup_finish(const struct rundir *rd, const struct matrix *m,
		 const struct engine_result *result);
void setup_release(struct run_options *opts, struct experiment *exp, struct matrix *m,
		   struct strbuf *dir);
/* Cells, totals and the estimated duration, for humans. */
void setup_print_plan(const struct experiment *exp, const struct matrix *m, const char *dir);

#endif
