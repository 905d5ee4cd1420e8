#ifndef CRBENCH_REPETITION_H
#define CRBENCH_REPETITION_H

#include "orchestrator/engine/engine.h"
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

/*
 * raw/<cell>/<rep>/<step>/{command,stdout,stderr,exit_status,timings.json}
 * of one command of a repetition.
 */
int repetition_write_step(const struct rundir *rd, const char *dir, const char *step,
			  const struct strbuf *command, const struct exec_result *res,
			  double timeout, const char *started_at);
/*
 * Run `argv` on the run's host as step `name` of the repetition, recorded
 * as above, into run->command and run->res. Returns -1 unless it ran and
 * exited 0.
 */
int repetition_exec_step(struct container_run *run, const struct rundir *rd, const char *dir,
			 const char *name, const struct strvec *argv, double timeout,
			 const char *started_at);
/*
 * One word for how a step ended: "ok", "interrupted", "deploy-error" (not
 * `started`), "timeout", "signal-N" or "exit-N".
 */
void repetition_failure_word(const struct exec_result *res, int started, char out[32]);
/* The last lines of stderr: they say most about a failure. */
void repetition_stderr_tail(struct strbuf *out, const struct strbuf *err);

#endif
