#ifndef CRBENCH_STEP_H
#define CRBENCH_STEP_H

#include <stddef.h>

struct container_run;
struct exec_result;
struct rundir;
struct strbuf;
struct strvec;

/*
 * The steps of a repetition: commands run on its host, each recorded in
 * raw/<cell>/<rep>/<step>/ (command, stdout, stderr, exit_status,
 * timings.json). The repetition, a server's steps and the idle-memory step
 * share them, and they call nothing above them.
 */

/*
 * The status of a script that starts a container detached when the runtime
 * could not start it (scripts/start_detached.sh).
 */
#define STEP_START_FAILED 90
/* The function start_detached (scripts/start_detached.sh), first in a script. */
void step_start_detached(struct strbuf *sh);

/* raw/<cell>/<rep>/NAME (dir: raw/<cell>/<rep>) */
int step_write_raw(const struct rundir *rd, const char *dir, const char *name, const char *data,
		   size_t len);
/* raw/<cell>/<rep>/<step>/{command,stdout,stderr,exit_status,timings.json} of one command. */
int step_write(const struct rundir *rd, const char *dir, const char *step,
	       const struct strbuf *command, const struct exec_result *res, double timeout,
	       const char *started_at);
/*
 * Run `argv` on the run's host as step `name` of the repetition, recorded
 * as above, into run->command and run->res. Returns -1 unless it ran and
 * exited 0.
 */
int step_exec(struct container_run *run, const struct rundir *rd, const char *dir, const char *name,
	      const struct strvec *argv, double timeout, const char *started_at);
/*
 * One word for how a step ended: "ok", "interrupted", "deploy-error" (not
 * `started`), "timeout", "signal-N" or "exit-N".
 */
void step_failure_word(const struct exec_result *res, int started, char out[32]);
/* The last lines of stderr: they say most about a failure. */
void step_stderr_tail(struct strbuf *out, const struct strbuf *err);

#endif
