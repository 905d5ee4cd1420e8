#include "common/error.h"
#include "orchestrator/commands.h"

int cmd_plan(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	return error("plan: not written yet"), EXIT_USAGE;
}

int cmd_run(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	return error("run: not written yet"), EXIT_USAGE;
}
