#include "common/error.h"
#include "cli/commands.h"
#include "cli/run_setup.h"

static const char *const plan_usage[] = {
	"crbench plan [options] EXPERIMENT.yaml",
	"",
	"Validate an experiment, expand its matrix host x runtime x application x",
	"repetition and print the cells, the totals and an estimated duration.",
	"'crbench run' with the same seed executes them in the order of its plan.tsv.",
	NULL,
};

int cmd_plan(int argc, const char **argv)
{
	struct run_options opts = {0};
	struct experiment exp;
	struct matrix m;
	struct strbuf dir = STRBUF_INIT;
	int ret = setup_from_args(argc, argv, plan_usage, NULL, &opts, &exp, &m, &dir);

	if (ret)
		return ret;
	setup_print_plan(&exp, &m, dir.buf);
	setup_release(&opts, &exp, &m, &dir);
	return EXIT_OK;
}
