#include "common/error.h"
#include "common/parse_options.h"
#include "cli/commands.h"
#include "orchestrator/engine/rundir.h"
#include "cli/run_setup.h"

#include <stdio.h>

static const char *const resume_usage[] = {
	"crbench resume [options] DIR",
	"",
	"Continue a run that was stopped (Ctrl-C, kill, power loss, full disk) in the",
	"same plan order: nothing recorded is run again, nothing finished is lost, and",
	"a repetition that was in flight is rerun from scratch with its partial raw",
	"output kept beside it as raw/<cell>/<rep>.partial-N.",
	"",
	"A damaged journal (a line that is not the last with a NUL byte, invalid JSON",
	"or an event naming no plan entry) stops resume with exit status 2 before",
	"anything changes. --set-aside-damaged moves such lines, with their line",
	"numbers, into journal.damaged-N.jsonl and goes on: what they recorded runs",
	"again. A torn last line (no newline: a crash mid-write) is always cut.",
	NULL,
};

int cmd_resume(int argc, const char **argv)
{
	struct run_options opts = {.progress_interval = 30};
	struct option_spec options[] = {
		PROGRESS_OPTIONS(&opts),
		OPT_BOOL(0, "set-aside-damaged", &opts.set_aside_damaged,
			 "move damaged journal lines into journal.damaged-N.jsonl and go on"),
		OPT_END(),
	};
	struct rundir rd = {0};
	struct experiment exp;
	struct matrix m;
	struct engine_result result;
	int ret;

	if (parse_options(argc, argv, options, resume_usage) != 1) {
		error("expected exactly one run directory");
		print_usage(stderr, resume_usage, options);
		return EXIT_USAGE;
	}
	if (rundir_open(&rd, argv[0]) < 0)
		return EXIT_USAGE;
	if (setup_from_rundir(rd.path, &opts, &exp, &m) < 0) {
		rundir_release(&rd);
		return EXIT_USAGE;
	}
	if (!opts.quiet)
		printf("resuming %s (%zu repetitions in the plan)\n", rd.path, m.nr_plan);
	engine_run(&exp, &m, &rd, &opts, 1, &result);
	ret = setup_finish(&rd, &m, &result);
	strvec_clear(&opts.only);
	matrix_free(&m);
	spec_free(&exp);
	rundir_release(&rd);
	return ret;
}
