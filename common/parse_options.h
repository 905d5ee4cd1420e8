#ifndef CRBENCH_PARSE_OPTIONS_H
#define CRBENCH_PARSE_OPTIONS_H

#include <stdio.h>

/*
 * Command-line options declared as an array (after git's parse-options):
 * the parser and the --help text are generated from the same table.
 */
enum option_type {
	OPTION_END,
	OPTION_BOOL,	    /* int *, set to 1 */
	OPTION_STRING,	    /* const char **, points into argv */
	OPTION_INT,	    /* int *, non-negative */
	OPTION_ULONG,	    /* unsigned long * */
	OPTION_STRING_LIST, /* struct strvec *, one entry per use */
};

struct option_spec {
	enum option_type type;
	int short_name; /* 0 for none */
	const char *long_name;
	void *value;
	const char *argh; /* name of the argument in --help */
	const char *help;
};

#define OPT_BOOL(s, l, v, h)                                                                       \
	{                                                                                          \
		OPTION_BOOL, (s), (l), (v), NULL, (h)                                              \
	}
#define OPT_STRING(s, l, v, a, h)                                                                  \
	{                                                                                          \
		OPTION_STRING, (s), (l), (v), (a), (h)                                             \
	}
#define OPT_INT(s, l, v, a, h)                                                                     \
	{                                                                                          \
		OPTION_INT, (s), (l), (v), (a), (h)                                                \
	}
#define OPT_ULONG(s, l, v, a, h)                                                                   \
	{                                                                                          \
		OPTION_ULONG, (s), (l), (v), (a), (h)                                              \
	}
#define OPT_STRING_LIST(s, l, v, a, h)                                                             \
	{                                                                                          \
		OPTION_STRING_LIST, (s), (l), (v), (a), (h)                                        \
	}
#define OPT_END()                                                                                  \
	{                                                                                          \
		OPTION_END, 0, NULL, NULL, NULL, NULL                                              \
	}

/*
 * Parse options anywhere in argv[1..argc-1]; positional arguments are moved
 * to argv[0..n-1] and n is returned. "--" ends option parsing. -h/--help
 * prints the usage to stdout and exits 0; a bad option prints the problem
 * and the usage to stderr and exits 2.
 * `usage` is NULL-terminated: first line is the synopsis, the rest is text.
 */
int parse_options(int argc, const char **argv, const struct option_spec *opts,
		  const char *const *usage);
void print_usage(FILE *out, const char *const *usage, const struct option_spec *opts);

#endif
