#include "common/parse_options.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/strvec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void print_usage(FILE *out, const char *const *usage, const struct option_spec *opts)
{
	fprintf(out, "usage: %s\n", usage[0]);
	for (int i = 1; usage[i]; i++)
		fprintf(out, "%s%s\n", *usage[i] ? "   " : "", usage[i]);
	fputc('\n', out);
	for (; opts->type != OPTION_END; opts++) {
		struct strbuf left = STRBUF_INIT;
		if (opts->short_name)
			strbuf_addf(&left, "-%c, ", opts->short_name);
		else
			strbuf_addstr(&left, "    ");
		strbuf_addf(&left, "--%s", opts->long_name);
		if (opts->argh)
			strbuf_addf(&left, " %s", opts->argh);
		fprintf(out, "    %-26s %s\n", left.buf, opts->help);
		strbuf_release(&left);
	}
	fprintf(out, "    %-26s %s\n", "-h, --help", "show this help");
}

static const struct option_spec *find_long(const struct option_spec *opts, const char *name,
					   size_t len)
{
	for (; opts->type != OPTION_END; opts++)
		if (strlen(opts->long_name) == len && !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct option_spec *find_short(const struct option_spec *opts, int c)
{
	for (; opts->type != OPTION_END; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

static int parse_number(const struct option_spec *opt, const char *arg)
{
	char *end;
	errno = 0;
	if (opt->type == OPTION_INT) {
		long v = strtol(arg, &end, 10);
		if (errno || end == arg || *end || v < 0 || v > 1000000000)
			return error("option --%s expects a non-negative integer, not '%s'",
				     opt->long_name, arg);
		*(int *)opt->value = (int)v;
	} else {
		if (*arg == '-')
			return error("option --%s expects a non-negative integer, not '%s'",
				     opt->long_name, arg);
		unsigned long v = strtoul(arg, &end, 10);
		if (errno || end == arg || *end)
			return error("option --%s expects a non-negative integer, not '%s'",
				     opt->long_name, arg);
		*(unsigned long *)opt->value = v;
	}
	return 0;
}

static int apply(const struct option_spec *opt, const char *arg)
{
	switch (opt->type) {
	case OPTION_BOOL:
		*(int *)opt->value = 1;
		return 0;
	case OPTION_STRING:
		*(const char **)opt->value = arg;
		return 0;
	case OPTION_INT:
	case OPTION_ULONG:
		return parse_number(opt, arg);
	case OPTION_STRING_LIST:
		strvec_push(opt->value, arg);
		return 0;
	case OPTION_END:
		break;
	}
	return error("internal: bad option type");
}

static void fail(const char *const *usage, const struct option_spec *opts)
{
	fputc('\n', stderr);
	print_usage(stderr, usage, opts);
	exit(EXIT_USAGE);
}

/* Handles argv[*i]; may consume argv[*i + 1] as the option's argument. */
static int parse_one(int argc, const char **argv, int *i, const struct option_spec *opts)
{
	const char *arg = argv[*i], *value = NULL;
	const struct option_spec *opt;

	if (arg[1] == '-') {
		const char *name = arg + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		opt = find_long(opts, name, len);
		if (!opt)
			return error("unknown option '--%.*s'", (int)len, name);
		if (eq && opt->type == OPTION_BOOL)
			return error("option '--%s' takes no value", opt->long_name);
		value = eq ? eq + 1 : NULL;
	} else {
		opt = find_short(opts, arg[1]);
		if (!opt)
			return error("unknown option '-%c'", arg[1]);
		if (arg[2] && opt->type == OPTION_BOOL)
			return error("option '-%c' takes no value", arg[1]);
		value = arg[2] ? arg + 2 : NULL;
	}
	if (opt->type != OPTION_BOOL && !value) {
		if (*i + 1 >= argc)
			return error("option '--%s' needs a value (%s)", opt->long_name, opt->argh);
		value = argv[++*i];
	}
	return apply(opt, value);
}

int parse_options(int argc, const char **argv, const struct option_spec *opts,
		  const char *const *usage)
{
	int npos = 0, only_positional = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (only_positional || arg[0] != '-' || !arg[1]) {
			argv[npos++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_positional = 1;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			print_usage(stdout, usage, opts);
			exit(EXIT_OK);
		}
		if (parse_one(argc, argv, &i, opts) < 0)
			fail(usage, opts);
	}
	argv[npos] = NULL;
	return npos;
}
