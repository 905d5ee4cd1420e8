#ifndef CRBENCH_ENGINE_H
#define CRBENCH_ENGINE_H

#include "common/strbuf.h"
#include "common/strvec.h"
#include "spec/spec.h"

struct run_options {
	const char *output; /* run directory; NULL: results/<name>-<timestamp> */
	int reps;	    /* 0: as in the experiment */
	unsigned long seed;
	struct strvec only; /* KEY=V[,V] filters */
	int dry_run;
	int quick; /* experiment_make_quick() before anything else */
	int quiet;
	int progress_interval; /* seconds between progress lines when not on a terminal */
	int set_aside_damaged; /* resume: move damaged journal lines aside instead of stopping */
};

struct matrix;
struct rundir;

struct engine_result {
	int failed;	  /* entries recorded as failed after every retry */
	size_t remaining; /* entries not recorded (interrupted or stopped) */
	int interrupted;  /* Ctrl-C / SIGTERM */
	int stopped;	  /* a host or the run directory failed */
	int damaged;	  /* DAMAGED_*: resume found damage and changed nothing */
};

enum { DAMAGED_JOURNAL = 1, DAMAGED_ROWS }; /* journal.jsonl, a raw samples.csv */

/*
 * Run every plan entry not yet recorded into the run directory: a new run
 * writes experiment.yaml, plan.tsv and run.json first; `resume` replays
 * the journal instead. Returns -1 when the run could not go on (host
 * unreachable, run directory not writable); `result` says what happened.
 */
int engine_run(const struct experiment *exp, const struct matrix *m, struct rundir *rd,
	       const struct run_options *opts, int resume, struct engine_result *result);

#endif
