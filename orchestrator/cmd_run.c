#include "common/error.h"
#include "orchestrator/commands.h"
#include "orchestrator/rundir.h"
#include "orchestrator/setup.h"

#include <stdio.h>

static const char *const run_usage[] = {
	"crbench run [options] EXPERIMENT.yaml",
	"",
	"Execute every repetition of the experiment's matrix and record commands,",
	"outputs, host facts and samples.csv in the run directory.",
	"Exit status: 0 all repetitions ok, 1 some failed, 2 usage or input error.",
	NULL,
};

static int execute(const struct experiment *exp, const struct matrix *m, const char *dir)
{
	struct rundir rd = {0};
	int failed = 0, ret;

	if (rundir_create(&rd, dir) < 0)
		return EXIT_USAGE;
	setup_print_plan(exp, m, dir);
	printf("\n");
	ret = engine_run(exp, m, &rd, &failed);
	if (ret < 0) {
		error("run stopped; what was recorded is in %s", rd.path);
	} else {
		printf("\n%zu repetitions, %d failed; results in %s\n", m->nr_plan, failed,
		       rd.path);
		printf("next: crbench analyze %s && crbench report %s\n", rd.path, rd.path);
	}
	rundir_release(&rd);
	return ret < 0 || failed ? EXIT_CELLS_FAILED : EXIT_OK;
}

int cmd_run(int argc, const char **argv)
{
	struct run_options opts = {0};
	struct experiment exp;
	struct matrix m;
	struct strbuf dir = STRBUF_INIT;
	int ret = setup_from_args(argc, argv, run_usage, &opts, &exp, &m, &dir);

	if (ret)
		return ret;
	if (opts.dry_run)
		setup_print_plan(&exp, &m, dir.buf);
	else
		ret = execute(&exp, &m, dir.buf);
	setup_release(&opts, &exp, &m, &dir);
	return ret;
}
