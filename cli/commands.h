#ifndef CRBENCH_COMMANDS_H
#define CRBENCH_COMMANDS_H

/*
 * Every subcommand is `int cmd_<name>(int argc, const char **argv)`, with
 * argv[0] the command's name; the return value is the exit status.
 */
int cmd_plan(int argc, const char **argv);
int cmd_run(int argc, const char **argv);
int cmd_resume(int argc, const char **argv);
int cmd_status(int argc, const char **argv);
int cmd_analyze(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_exec(int argc, const char **argv);
int cmd_hosts(int argc, const char **argv);
int cmd_http_load(int argc, const char **argv);
int cmd_help(int argc, const char **argv);

#endif
