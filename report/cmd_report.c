/*
 * crbench report DIR: draw what analysis computed. Reads only
 * DIR/analysis/summary.csv; writes DIR/report/report.pdf (or -o FILE) and
 * DIR/report/figures/<application>-<metric>.pdf.
 */
#include "common/error.h"
#include "common/fsutil.h"
#include "common/parse_options.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "orchestrator/commands.h"
#include "report/document.h"
#include "report/figure.h"
#include "report/summary_reader.h"
#include "report/text.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

static const char *const report_usage[] = {
	"crbench report [-o FILE] DIR",
	"",
	"Draw the figures of the run in DIR from DIR/analysis/summary.csv (written",
	"by 'crbench analyze DIR'): one boxplot panel per application and metric,",
	"one box per runtime, into DIR/report/report.pdf, and each panel alone",
	"into DIR/report/figures/<application>-<metric>.pdf.",
	NULL,
};

/* The run id is the run directory's name, "results/x/" as well as "results/x". */
static char *run_id_of(const char *dir)
{
	char *copy = xstrdup(dir), *id;
	size_t len = strlen(copy);

	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	id = xstrdup(basename(copy));
	free(copy);
	return id;
}

static int load_figure(const char *dir, struct figure *fig, struct strbuf *summary_path)
{
	struct summary s;
	int ret;

	strbuf_addf(summary_path, "%s/analysis/summary.csv", dir);
	if (!is_directory(dir))
		return error("'%s' is not a run directory", dir);
	if (!file_exists(summary_path->buf))
		return error("no %s: run 'crbench analyze %s' first", summary_path->buf, dir);
	if (summary_read(summary_path->buf, &s) < 0)
		return -1;
	if (s.nr == 0)
		ret = error("%s: no groups to draw (is the run empty?)", summary_path->buf);
	else
		ret = figure_build(fig, &s);
	summary_release(&s);
	return ret;
}

static int write_outputs(const char *dir, const char *output, const struct figure *fig,
			 const struct report_info *info)
{
	struct strbuf path = STRBUF_INIT;
	char *parent = xstrdup(output);
	int ret;

	ret = mkdir_p(dirname(parent), 0755);
	if (!ret)
		ret = document_write_report(fig, info, output);
	if (!ret) {
		strbuf_addf(&path, "%s/report/figures", dir);
		ret = document_write_figures(fig, path.buf);
	}
	free(parent);
	strbuf_release(&path);
	return ret;
}

int cmd_report(int argc, const char **argv)
{
	const char *output = NULL;
	const struct option_spec options[] = {
		OPT_STRING('o', "output", &output, "FILE",
			   "the report (default DIR/report/report.pdf)"),
		OPT_END(),
	};
	struct strbuf summary_path = STRBUF_INIT, default_output = STRBUF_INIT;
	struct figure fig = FIGURE_INIT;
	struct report_info info;
	char *run_id;
	int ret;

	if (parse_options(argc, argv, options, report_usage) != 1) {
		error("report needs exactly one run directory");
		print_usage(stderr, report_usage, options);
		return EXIT_USAGE;
	}
	if (load_figure(argv[0], &fig, &summary_path) < 0) {
		strbuf_release(&summary_path);
		return EXIT_USAGE;
	}
	if (!output) {
		strbuf_addf(&default_output, "%s/report/report.pdf", argv[0]);
		output = default_output.buf;
	}
	run_id = run_id_of(argv[0]);
	info.run_id = run_id;
	info.source = "analysis/summary.csv";
	ret = write_outputs(argv[0], output, &fig, &info);
	text_release_fonts();
	figure_release(&fig);
	free(run_id);
	strbuf_release(&summary_path);
	strbuf_release(&default_output);
	return ret < 0 ? EXIT_USAGE : EXIT_OK;
}
