#include "common/error.h"
#include "orchestrator/commands.h"

int cmd_hosts(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	return EXIT_USAGE;
}
