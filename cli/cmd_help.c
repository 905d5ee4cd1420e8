/*
 * crbench help workloads|workload NAME|drivers|transports: what the
 * plug-in tables declare (name, summary, parameters with type, default,
 * allowed values and help, metrics with unit and better), as text or, with
 * --markdown, as the reference section of docs/workloads.md.
 */
#include "cli/commands.h"
#include "common/error.h"
#include "common/parse_options.h"
#include "common/plugin.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/transport/transport.h"
#include "orchestrator/workload/workload.h"

#include <stdio.h>
#include <string.h>

static const char *const help_usage[] = {
	"crbench help [--markdown] workloads | workload NAME | drivers | transports",
	"",
	"Describe the plug-ins built into crbench: the workloads an application",
	"may name, with their parameters and metrics; the drivers a runtime may",
	"name; the transports a host may name. 'crbench help' alone lists the",
	"commands.",
	NULL,
};

static const char *const type_names[] = {
	[PARAM_STRING] = "string",     [PARAM_INT] = "integer", [PARAM_NUMBER] = "number",
	[PARAM_DURATION] = "duration", [PARAM_SIZE] = "size",	[PARAM_BOOL] = "bool",
	[PARAM_LIST] = "list",
};

/* The values a parameter accepts beyond its type: choices or a range; empty if any. */
static void allowed(const struct param_decl *d, struct strbuf *out)
{
	const char *unit = d->type == PARAM_DURATION ? " s" : d->type == PARAM_SIZE ? " bytes" : "";

	if (d->choices) {
		strbuf_addstr(out, d->type == PARAM_LIST ? "items of: " : "one of: ");
		for (int i = 0; d->choices[i]; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", d->choices[i]);
	} else if (d->min != 0 || d->max != 0) {
		strbuf_addf(out, "%.15g to %.15g%s", d->min, d->max, unit);
	}
}

/* A default as a reader can see it: an empty one is "". */
static const char *default_text(const struct param_decl *d)
{
	return *d->default_value ? d->default_value : "\"\"";
}

static const char *server_or_batch(const struct workload_ops *w)
{
	return w->client_argv ? "server" : "batch";
}

/*
 * What the metric table cannot say in its rows, and whether crbench runs
 * on the host, each line after `lead` (an indent, or a paragraph break).
 */
static void print_notes(const struct workload_ops *w, const char *lead)
{
	struct strbuf notes = STRBUF_INIT;

	for (const struct output_metric *m = w->metrics; m->name; m++)
		if (strchr(m->name, '{') || strchr(m->unit, '{') || strchr(m->better, '{')) {
			strbuf_addstr(&notes,
				      "{PARAM} stands for the parameter's value; in a name, "
				      "one metric per item of a list. ");
			break;
		}
	if (w->yields)
		strbuf_addstr(&notes, "A repetition yields those its parameters select.");
	strbuf_rtrim(&notes);
	if (notes.len)
		printf("%s%s\n", lead, notes.buf);
	if (w->crbench_step)
		printf("\nIts %s step runs crbench on the target host.\n", w->crbench_step);
	strbuf_release(&notes);
}

static void text_workload(const struct workload_ops *w)
{
	struct strbuf sb = STRBUF_INIT;

	printf("workload %s (%s): %s\n\nparameters:\n", w->name, server_or_batch(w), w->summary);
	for (const struct param_decl *d = w->params; d->name; d++) {
		strbuf_reset(&sb);
		allowed(d, &sb);
		printf("   %-14s %s, %s%s%s%s\n", d->name, type_names[d->type],
		       d->default_value ? "default " : "required",
		       d->default_value ? default_text(d) : "", sb.len ? "; " : "", sb.buf);
		printf("   %-14s %s\n", "", d->help);
	}
	printf("\nmetrics:\n");
	for (const struct output_metric *m = w->metrics; m->name; m++)
		printf("   %-26s %s, %s is better: %s\n", m->name, m->unit, m->better, m->help);
	print_notes(w, "   ");
	strbuf_release(&sb);
}

/* A table cell: '|' escaped, so that no value splits a row. */
static void cell(struct strbuf *row, const char *text, int code)
{
	const char *quote = code && *text ? "`" : "";

	strbuf_addf(row, " %s", quote);
	for (; *text; text++) {
		if (*text == '|')
			strbuf_addch(row, '\\');
		strbuf_addch(row, *text);
	}
	strbuf_addf(row, "%s |", quote);
}

static void markdown_workload(const struct workload_ops *w)
{
	struct strbuf row = STRBUF_INIT, range = STRBUF_INIT;

	printf("### `%s` (%s)\n\n%s.\n\n", w->name, server_or_batch(w), w->summary);
	printf("| parameter | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
	for (const struct param_decl *d = w->params; d->name; d++) {
		strbuf_reset(&row);
		strbuf_reset(&range);
		allowed(d, &range);
		strbuf_addch(&row, '|');
		cell(&row, d->name, 1);
		cell(&row, type_names[d->type], 0);
		cell(&row, d->default_value ? default_text(d) : "(required)", !!d->default_value);
		cell(&row, range.buf, 0);
		cell(&row, d->help, 0);
		printf("%s\n", row.buf);
	}
	printf("\n| metric | unit | better | meaning |\n|---|---|---|---|\n");
	for (const struct output_metric *m = w->metrics; m->name; m++) {
		strbuf_reset(&row);
		strbuf_addch(&row, '|');
		cell(&row, m->name, 1);
		cell(&row, m->unit, 0);
		cell(&row, m->better, 0);
		cell(&row, m->help, 0);
		printf("%s\n", row.buf);
	}
	print_notes(w, "\n");
	strbuf_release(&row);
	strbuf_release(&range);
}

static void list_workloads(int markdown)
{
	for (int i = 0; workload_table[i]; i++) {
		if (!markdown) {
			printf("   %-12s %s\n", workload_table[i]->name,
			       workload_table[i]->summary);
			continue;
		}
		if (i)
			putchar('\n');
		markdown_workload(workload_table[i]);
	}
	if (!markdown)
		printf("\n'crbench help workload NAME' lists its parameters and metrics.\n");
}

static void list_drivers(void)
{
	struct strbuf programs = STRBUF_INIT;

	for (int i = 0; driver_table[i]; i++) {
		const struct driver_ops *d = driver_table[i];
		printf("   %-12s %s\n", d->name, d->summary);
		if (d->default_handler)
			printf("   %-12s default handler: %s\n", "", d->default_handler);
		strbuf_reset(&programs);
		for (int j = 0; d->programs && d->programs[j]; j++)
			strbuf_addf(&programs, "%s%s", j ? ", " : "", d->programs[j]);
		if (programs.len)
			printf("   %-12s programs: %s\n", "", programs.buf);
	}
	strbuf_release(&programs);
}

static void list_transports(void)
{
	for (int i = 0; transport_table[i]; i++)
		printf("   %-12s %s\n", transport_table[i]->name, transport_table[i]->summary);
}

/* An unknown plug-in name: usage error, naming those there are. */
static int unknown(const char *what, const char *name, const void *table)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf known = STRBUF_INIT;

	plugin_names(table, &names);
	for (size_t i = 0; i < names.nr; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "", names.v[i]);
	error("no %s \"%s\"; known: %s", what, name, known.buf);
	strvec_clear(&names);
	strbuf_release(&known);
	return EXIT_USAGE;
}

static int show_workload(const char *name, int markdown)
{
	const struct workload_ops *w = workload_find(name);

	if (!w)
		return unknown("workload", name, workload_table);
	if (markdown)
		markdown_workload(w);
	else
		text_workload(w);
	return EXIT_OK;
}

int cmd_help(int argc, const char **argv)
{
	int markdown = 0, n;
	const struct option_spec opts[] = {
		OPT_BOOL(0, "markdown", &markdown, "print workloads as Markdown tables"),
		OPT_END(),
	};

	n = parse_options(argc, argv, opts, help_usage);
	if (n == 2 && !strcmp(argv[0], "workload"))
		return show_workload(argv[1], markdown);
	if (n != 1) {
		print_usage(stderr, help_usage, opts);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "workloads"))
		list_workloads(markdown);
	else if (!strcmp(argv[0], "drivers"))
		list_drivers();
	else if (!strcmp(argv[0], "transports"))
		list_transports();
	else
		return error("no help on \"%s\"; see 'crbench help --help'", argv[0]), EXIT_USAGE;
	return EXIT_OK;
}
