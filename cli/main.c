/*
 * crbench: the command table and dispatcher (after git.c). Each command
 * lives in its own cmd_*.c file; only this file exits the process.
 */
#include "common/error.h"
#include "cli/commands.h"
#include "common/version.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv); /* NULL: not implemented yet */
	const char *summary;
	const char *issue; /* where the missing command is tracked */
};

static const struct command commands[] = {
	{"plan", cmd_plan, "validate an experiment, print its cells and an estimated duration",
	 NULL},
	{"run", cmd_run, "execute an experiment; results under results/", NULL},
	{"resume", cmd_resume, "continue a stopped run", NULL},
	{"status", cmd_status, "show what is done, failed and left in a run", NULL},
	{"analyze", cmd_analyze, "compute statistics into DIR/analysis/", NULL},
	{"report", cmd_report, "draw the figures and DIR/report/report.pdf", NULL},
	{"archive", NULL, "pack a run as a BagIt archive for peer review", "a later issue"},
	{"verify", NULL, "check a BagIt archive", "a later issue"},
	{"hosts", cmd_hosts, "reach every host of an inventory and print its facts", NULL},
	{"provision", NULL, "install runtimes and create nested VMs on hosts", "a later issue"},
	{"help", cmd_help, "describe the workloads, drivers and transports", NULL},
	/* hidden (no summary): for tests and benchmarks */
	{"exec", cmd_exec, NULL, NULL},
	{"http-load", cmd_http_load, NULL, NULL}, /* the http workload's client and probe */
};

static void print_help(FILE *out)
{
	fprintf(out, "usage: crbench [--version] [--help] <command> [<args>]\n\n"
		     "What does a more secure container runtime cost? crbench runs the matrix\n"
		     "host type x runtime x application x repetition, keeps every raw output,\n"
		     "computes statistics and draws publication-ready figures.\n\n"
		     "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].summary)
			fprintf(out, "   %-10s %s%s\n", commands[i].name, commands[i].summary,
				commands[i].fn ? "" : " (not implemented yet)");
	fprintf(out, "\n'crbench <command> --help' describes a command and its options;\n"
		     "'crbench help workloads' lists the applications crbench can run.\n");
}

int main(int argc, const char **argv)
{
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    (!strcmp(argv[1], "help") && argc == 2)) {
		print_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("crbench %s\n", CRBENCH_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];
		if (strcmp(argv[1], c->name))
			continue;
		if (!c->fn) {
			error("'%s' is not implemented yet (tracked in %s)", c->name, c->issue);
			return EXIT_USAGE;
		}
		return c->fn(argc - 1, argv + 1);
	}
	error("'%s' is not a crbench command; see 'crbench --help'", argv[1]);
	return EXIT_USAGE;
}
