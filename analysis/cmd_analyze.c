#include "common/error.h"
#include "orchestrator/commands.h"

int cmd_analyze(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	return error("analyze: not implemented yet"), EXIT_USAGE;
}
