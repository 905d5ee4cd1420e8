#ifndef CRBENCH_REPETITION_H
#define CRBENCH_REPETITION_H

#include "common/strbuf.h"
#include "spec/matrix.h"
#include "orchestrator/engine/rundir.h"
#include "orchestrator/transport/transport.h"
#include "orchestrator/driver/driver.h"

struct experiment;

/* What one repetition produced, for the progress line and the journal. */
struct rep_outcome {
	char status[32]; /* "ok" or the first failure word */
	int interrupted; /* stopped by Ctrl-C: neither ok nor failed, rerun on resume */
	int exit_status;
	double seconds;	       /* wall time of the whole repetition */
	double step_seconds;   /* of which in the runtime's commands (run, clean-up) */
	struct strbuf summary; /* "deploy 85 ms, cpu_bogo_ops_per_s 1846" */
	struct strbuf detail;  /* why it failed: the parser's reason or stderr's last lines */
	struct strbuf rows;    /* the samples.csv rows written to raw/<cell>/<rep>/samples.csv */
};

#define REP_OUTCOME_INIT                                                                           \
	{                                                                                          \
		.summary = STRBUF_INIT, .detail = STRBUF_INIT, .rows = STRBUF_INIT                 \
	}
void rep_outcome_release(struct rep_outcome *o);

/*
 * Run one plan entry on its host: the container through the runtime's
 * driver, then raw/<cell>/<rep>/ (run/{command,stdout,stderr,exit_status,
 * timings.json}, output/ with every file the container wrote) and
 * raw/<cell>/<rep>/samples.csv with one row per metric, failed ones too
 * (warm-up repetitions: status "warmup", values kept).
 * Returns -1 only when the run directory cannot be written.
 */
int repetition_run(const struct experiment *exp, const struct rundir *rd, struct host_state *host,
		   const struct plan_entry *e, int attempt, const char *id_prefix,
		   struct rep_outcome *out);

#endif
