/*
 * crbench analyze DIR: samples.csv -> per-group statistics in
 * DIR/analysis/ (summary.csv, summary.json) and a table on stdout.
 * Rerunnable alone and from an archive: it reads only DIR/samples.csv.
 */
#include "analysis/groups.h"
#include "analysis/samples_reader.h"
#include "analysis/summary.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/parse_options.h"
#include "common/strbuf.h"
#include "orchestrator/commands.h"

#include <stdio.h>

static const char *const analyze_usage[] = {
	"crbench analyze DIR",
	"",
	"Read DIR/samples.csv and compute, per host type, runtime, application,",
	"variant and metric: n, failed repetitions, min, quartiles (as R's",
	"quantile(type = 7)), max, mean and sd. Writes DIR/analysis/summary.csv and",
	"DIR/analysis/summary.json and prints a table.",
	NULL,
};

/* DIR + "/" + name, without doubling a slash the user typed. */
static void path_in(struct strbuf *out, const char *dir, const char *name)
{
	strbuf_addstr(out, dir);
	while (out->len > 1 && out->buf[out->len - 1] == '/')
		strbuf_setlen(out, out->len - 1);
	strbuf_addf(out, "/%s", name);
}

static int analyze(const char *dir)
{
	struct samples_table table = SAMPLES_TABLE_INIT;
	struct group_set groups = GROUP_SET_INIT;
	struct summary summary = {0};
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	int ret = -1;

	if (!is_directory(dir)) {
		error("'%s' is not a run directory (no such directory)", dir);
		goto out;
	}
	path_in(&path, dir, "samples.csv");
	if (samples_read(path.buf, &table) < 0 || groups_build(&table, &groups) < 0)
		goto out;
	summary_compute(table.nr ? table.rows[0].s.run_id : NULL, &groups, &summary);
	strbuf_reset(&path);
	path_in(&path, dir, "analysis");
	if (summary_write(&summary, path.buf) < 0)
		goto out;
	summary_format_table(&summary, &out);
	fputs(out.buf, stdout);
	ret = 0;
out:
	summary_clear(&summary);
	groups_clear(&groups);
	samples_table_clear(&table);
	strbuf_release(&path);
	strbuf_release(&out);
	return ret;
}

int cmd_analyze(int argc, const char **argv)
{
	const struct option_spec options[] = {OPT_END()};
	int npos = parse_options(argc, argv, options, analyze_usage);

	if (npos != 1) {
		error("analyze needs exactly one run directory, got %d arguments", npos);
		print_usage(stderr, analyze_usage, options);
		return EXIT_USAGE;
	}
	return analyze(argv[0]) < 0 ? EXIT_USAGE : EXIT_OK;
}
