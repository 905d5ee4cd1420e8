#include "common/error.h"
#include "orchestrator/commands.h"

int cmd_report(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	return error("report: not implemented yet"), EXIT_USAGE;
}
