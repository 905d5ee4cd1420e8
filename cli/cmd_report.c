/*
 * crbench report DIR: draw what analysis computed. Reads DIR/analysis/
 * (summary.csv, summary.json for outliers, comparisons.csv), samples.csv
 * (raw points, failed repetitions), run.json, experiment.yaml (figures,
 * baseline) and hosts/; writes DIR/report/report.pdf (or -o FILE) and every
 * figure alone under DIR/report/figures/.
 */
#include "common/error.h"
#include "common/fsutil.h"
#include "common/parse_options.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "cli/commands.h"
#include "report/comparisons_reader.h"
#include "report/document.h"
#include "report/figure.h"
#include "report/outliers_reader.h"
#include "report/run_info.h"
#include "report/samples_view.h"
#include "report/summary_reader.h"
#include "report/surface.h"
#include "report/text.h"
#include "report/value_sets.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DPI 300

static const char *const report_usage[] = {
	"crbench report [-o FILE] [--format pdf|svg|png] [--width single|double|W] [--dpi N] "
	"[--greyscale] DIR",
	"",
	"Draw the figures of the run in DIR from DIR/analysis (written by 'crbench",
	"analyze DIR'): boxplots as the experiment's `figures:` say (by default one",
	"figure per metric kind, a panel per application, a box per runtime), into",
	"DIR/report/report.pdf with a title page, tables and comparisons, and each",
	"figure alone into DIR/report/figures/<name>.{pdf,svg,png}.",
	NULL,
};

struct report_options {
	const char *output, *format, *width, *dpi;
	int greyscale;
	unsigned formats;
	double width_in, dpi_value;
};

/* Everything read from the run directory. */
struct inputs {
	struct run_info info;
	struct summary summary;
	struct value_sets outliers, points;
	struct comparison_rows comparisons;
	struct failed_reps failed;
	struct experiment defaults; /* figures when there is no experiment.yaml */
	const struct spec_figure *specs;
	size_t nr_specs;
	const char *baseline;
};

static int check_options(struct report_options *o)
{
	enum surface_format f;
	char *end;
	double h;

	o->formats = (1u << NR_FORMATS) - 1;
	if (o->format) {
		if (surface_format_parse(o->format, &f) < 0)
			return error("--format must be pdf, svg or png, not '%s'", o->format);
		o->formats = 1u << f;
	}
	if (o->width && spec_figure_size(o->width, &o->width_in, &h) < 0) {
		o->width_in = strtod(o->width, &end);
		if (*end || !(o->width_in >= 1 && o->width_in <= 20))
			return error("--width must be single, double or inches (1 to 20), not '%s'",
				     o->width);
	}
	o->dpi_value = DEFAULT_DPI;
	if (o->dpi) {
		o->dpi_value = strtod(o->dpi, &end);
		if (*end || !(o->dpi_value >= 20 && o->dpi_value <= 2400))
			return error("--dpi must be a number from 20 to 2400, not '%s'", o->dpi);
	}
	return 0;
}

static int read_optional(const char *dir, const char *rel, struct strbuf *path)
{
	strbuf_reset(path);
	strbuf_addf(path, "%s/%s", dir, rel);
	return file_exists(path->buf);
}

static int wants_points(const struct inputs *in)
{
	for (size_t i = 0; i < in->nr_specs; i++)
		if (in->specs[i].points)
			return 1;
	return 0;
}

/* The baseline: the experiment's, else the comparisons', else the first runtime drawn. */
static void choose_baseline(struct inputs *in)
{
	if (in->info.have_experiment)
		in->baseline = in->info.exp.baseline;
	else if (in->comparisons.nr)
		in->baseline = in->comparisons.v[0].text[CMP_BASELINE];
	else if (in->summary.nr)
		in->baseline = in->summary.rows[0].runtime;
}

static void choose_specs(struct inputs *in)
{
	if (in->info.have_experiment) {
		in->specs = in->info.exp.figures;
		in->nr_specs = in->info.exp.nr_figures;
		return;
	}
	in->defaults.metrics = METRIC_DEPLOY_TIME | METRIC_PERFORMANCE;
	spec_default_figures(&in->defaults);
	in->specs = in->defaults.figures;
	in->nr_specs = in->defaults.nr_figures;
}

static int read_analysis(const char *dir, struct inputs *in, struct strbuf *path)
{
	if (!read_optional(dir, "analysis/summary.csv", path))
		return error("no %s: run 'crbench analyze %s' first", path->buf, dir);
	if (summary_read(path->buf, &in->summary) < 0)
		return -1;
	if (in->summary.nr == 0)
		return error("%s: no groups to draw (is the run empty?)", path->buf);
	if (read_optional(dir, "analysis/summary.json", path) &&
	    outliers_read(path->buf, &in->outliers) < 0)
		return -1;
	if (read_optional(dir, "analysis/comparisons.csv", path) &&
	    comparisons_read(path->buf, &in->comparisons) < 0)
		return -1;
	return 0;
}

static int read_inputs(const char *dir, struct inputs *in)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	if (!is_directory(dir)) {
		strbuf_release(&path);
		return error("'%s' is not a run directory", dir);
	}
	ret = run_info_read(dir, &in->info);
	if (!ret)
		ret = read_analysis(dir, in, &path);
	if (!ret) {
		choose_specs(in);
		choose_baseline(in);
	}
	if (!ret && read_optional(dir, "samples.csv", &path))
		ret = samples_view_read(path.buf, wants_points(in) ? &in->points : NULL,
					&in->failed);
	strbuf_release(&path);
	return ret;
}

static void release_inputs(struct inputs *in)
{
	run_info_release(&in->info);
	summary_release(&in->summary);
	value_sets_release(&in->outliers);
	value_sets_release(&in->points);
	comparison_rows_release(&in->comparisons);
	failed_reps_release(&in->failed);
	spec_free(&in->defaults);
}

/*
 * Declared figures are all drawn ("no data" says what is missing); a
 * default one without rows is left out: nobody asked for it.
 */
static int build_figures(struct inputs *in, struct figure *figs, size_t *nr)
{
	int declared = in->info.have_experiment && in->info.exp.figures_declared;

	*nr = 0;
	for (size_t i = 0; i < in->nr_specs; i++) {
		const struct spec_figure *spec = &in->specs[i];
		struct figure_source src = {&in->summary, &in->outliers,
					    spec->points ? &in->points : NULL, in->baseline};
		if (figure_build(&figs[*nr], &src, spec) < 0)
			return -1;
		if (figs[*nr].nr_panels || declared)
			(*nr)++;
		else
			figure_release(&figs[*nr]);
	}
	return 0;
}

static int write_outputs(const char *dir, const char *output, const struct report_data *d,
			 unsigned formats)
{
	struct strbuf path = STRBUF_INIT;
	char *parent = xstrdup(output);
	int ret;

	ret = mkdir_p(dirname(parent), 0755);
	if (!ret)
		ret = document_write_report(d, output);
	if (!ret) {
		strbuf_addf(&path, "%s/report/figures", dir);
		ret = document_write_figures(d, path.buf, formats);
	}
	free(parent);
	strbuf_release(&path);
	return ret;
}

static int report(const char *dir, struct report_options *o)
{
	struct inputs in;
	struct figure *figs = NULL;
	struct strbuf default_output = STRBUF_INIT;
	size_t nr_figs = 0;
	int ret;

	memset(&in, 0, sizeof(in));
	ret = read_inputs(dir, &in);
	if (!ret) {
		figs = xcalloc(in.nr_specs + 1, sizeof(*figs));
		ret = build_figures(&in, figs, &nr_figs);
	}
	if (!ret) {
		struct report_data d = {.info = &in.info,
					.summary = &in.summary,
					.comparisons = &in.comparisons,
					.failed = &in.failed,
					.figures = figs,
					.nr_figures = nr_figs,
					.greyscale = o->greyscale,
					.width_in = o->width_in,
					.dpi = o->dpi_value};
		if (!o->output) {
			strbuf_addf(&default_output, "%s/report/report.pdf", dir);
			o->output = default_output.buf;
		}
		ret = write_outputs(dir, o->output, &d, o->formats);
	}
	for (size_t i = 0; i < nr_figs; i++)
		figure_release(&figs[i]);
	free(figs);
	release_inputs(&in);
	strbuf_release(&default_output);
	return ret;
}

int cmd_report(int argc, const char **argv)
{
	struct report_options o = {0};
	const struct option_spec options[] = {
		OPT_STRING('o', "output", &o.output, "FILE",
			   "the report (default DIR/report/report.pdf)"),
		OPT_STRING(0, "format", &o.format, "FORMAT",
			   "figures only as pdf, svg or png (default: all three)"),
		OPT_STRING(0, "width", &o.width, "WIDTH",
			   "every figure single (3.5 in) or double (7.16 in) column, or inches"),
		OPT_STRING(0, "dpi", &o.dpi, "N", "pixels per inch of PNG figures (default 300)"),
		OPT_BOOL(0, "greyscale", &o.greyscale,
			 "shades and hatching instead of colours, for greyscale print"),
		OPT_END(),
	};
	int ret;

	if (parse_options(argc, argv, options, report_usage) != 1) {
		error("report needs exactly one run directory");
		print_usage(stderr, report_usage, options);
		return EXIT_USAGE;
	}
	if (check_options(&o) < 0) {
		print_usage(stderr, report_usage, options);
		return EXIT_USAGE;
	}
	ret = report(argv[0], &o);
	text_release_fonts();
	return ret < 0 ? EXIT_USAGE : EXIT_OK;
}
