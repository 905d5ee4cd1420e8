#include "common/error.h"
#include "common/parse_options.h"
#include "cli/commands.h"
#include "orchestrator/engine/rundir.h"
#include "cli/run_setup.h"

#include <stdio.h>

static const char *const run_usage[] = {
	"crbench run [options] EXPERIMENT.yaml",
	"",
	"Execute every repetition of the experiment's matrix and record commands,",
	"outputs, host facts and samples.csv in the run directory. A failed repetition",
	"is retried (experiment keys retries, retry_backoff) and then recorded with its",
	"status; the run goes on. Ctrl-C stops the step in flight and leaves the run",
	"resumable with 'crbench resume DIR'; a second Ctrl-C stops at once.",
	"Exit status: 0 all repetitions ok, 1 some failed, 2 usage or input error,",
	"130 interrupted.",
	NULL,
};

static int execute(const struct experiment *exp, const struct matrix *m, const char *dir,
		   const struct run_options *opts)
{
	struct rundir rd = {0};
	struct engine_result result;
	int ret;

	if (rundir_create(&rd, dir) < 0)
		return EXIT_USAGE;
	if (!opts->quiet) {
		setup_print_plan(exp, m, dir);
		printf("\n");
	}
	engine_run(exp, m, &rd, opts, 0, &result);
	ret = setup_finish(&rd, m, &result);
	rundir_release(&rd);
	return ret;
}

int cmd_run(int argc, const char **argv)
{
	struct run_options opts = {.progress_interval = 30};
	struct option_spec extra[] = {
		PROGRESS_OPTIONS(&opts),
		OPT_END(),
	};
	struct experiment exp;
	struct matrix m;
	struct strbuf dir = STRBUF_INIT;
	int ret = setup_from_args(argc, argv, run_usage, extra, &opts, &exp, &m, &dir);

	if (ret)
		return ret;
	if (opts.dry_run)
		setup_print_plan(&exp, &m, dir.buf);
	else
		ret = execute(&exp, &m, dir.buf, &opts);
	setup_release(&opts, &exp, &m, &dir);
	return ret;
}
