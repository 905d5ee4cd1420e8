#ifndef CRBENCH_TEST_ENGINE_RUN_H
#define CRBENCH_TEST_ENGINE_RUN_H

/*
 * Running the real engine as `crbench run -q` and `crbench resume -q` do
 * (cli/cmd_run.c, cli/cmd_resume.c), without their command lines, in run
 * directories under a scratch directory, for the engine's tests
 * (test_engine.c, test_engine_plan.c).
 */
#include "cli/run_setup.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "orchestrator/engine/engine.h"
#include "orchestrator/engine/rundir.h"
#include "spec/load.h"
#include "spec/matrix.h"

#include <string.h>

/* The test's scratch directory, made by main() with mkdtemp(). */
static char tmpdir[] = "/tmp/crbench-test-engine.XXXXXX";

/* `crbench run -q EXP -o DIR`; -2 when the experiment or directory is refused. */
static inline int run_new(const char *yaml, const char *dir, struct engine_result *r)
{
	struct run_options opts = {.quiet = 1, .progress_interval = 30};
	struct experiment exp;
	struct matrix m;
	struct rundir rd = {0};
	int ret = -2;

	memset(r, 0, sizeof(*r));
	if (spec_load(yaml, &exp) < 0)
		return ret;
	if (matrix_build(&exp, &opts.only, exp.repetitions, exp.seed, &m) == 0) {
		if (rundir_create(&rd, dir) == 0)
			ret = engine_run(&exp, &m, &rd, &opts, 0, r);
		rundir_release(&rd);
		matrix_free(&m);
	}
	spec_free(&exp);
	return ret;
}

/* `crbench resume -q DIR`; -2 when the directory is refused. */
static inline int run_resume(const char *dir, struct engine_result *r)
{
	struct run_options opts = {.quiet = 1, .progress_interval = 30};
	struct experiment exp;
	struct matrix m;
	struct rundir rd = {0};
	int ret = -2;

	memset(r, 0, sizeof(*r));
	if (rundir_open(&rd, dir) == 0 && setup_from_rundir(rd.path, &opts, &exp, &m) == 0) {
		ret = engine_run(&exp, &m, &rd, &opts, 1, r);
		strvec_clear(&opts.only);
		matrix_free(&m);
		spec_free(&exp);
	}
	rundir_release(&rd);
	return ret;
}

/* A fresh run directory for one case: TMP/<name>/run (the run id is "run" in each). */
static inline char *case_dir(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s/run", tmpdir, name);
	return strbuf_detach(&sb, NULL);
}

#endif
