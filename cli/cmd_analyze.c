/*
 * crbench analyze DIR: samples.csv -> per-group statistics and comparisons
 * in DIR/analysis/ (summary.csv, comparisons.csv, summary.json,
 * summary.tex) and tables on stdout. Rerunnable alone and from an archive:
 * it reads only DIR/samples.csv and, if present, DIR/experiment.yaml.
 */
#include "analysis/compare.h"
#include "analysis/groups.h"
#include "analysis/run_settings.h"
#include "analysis/samples_reader.h"
#include "analysis/summary.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/parse_options.h"
#include "common/strbuf.h"
#include "cli/commands.h"

#include <limits.h>
#include <stdio.h>

/* No user seed can be this value: it marks "--seed not given". */
#define SEED_UNSET	  ULONG_MAX
#define DEFAULT_SEED	  1
#define DEFAULT_BOOTSTRAP 10000

static const char *const analyze_usage[] = {
	"crbench analyze [--baseline RUNTIME] [--bootstrap B] [--seed N] DIR",
	"",
	"Read DIR/samples.csv and compute, per host type, runtime, application,",
	"variant and metric: n, failed and warm-up repetitions, min, quartiles (as",
	"R's quantile(type = 7)), max, mean, sd, IQR, coefficient of variation,",
	"Tukey whiskers and outliers, and a 95 % order-statistic CI of the median.",
	"Compare every runtime with the baseline runtime, and nested-vm with",
	"bare-metal: ratio of medians with a seeded percentile-bootstrap CI,",
	"Wilcoxon rank-sum test (as R's wilcox.test), Hodges-Lehmann shift, and",
	"Holm's adjustment over all comparisons. Writes summary.csv,",
	"comparisons.csv, summary.json and summary.tex to DIR/analysis/ and prints",
	"tables. The baseline and seed default to DIR/experiment.yaml's, else to",
	"the first runtime of samples.csv and seed 1.",
	NULL,
};

/* DIR + "/" + name, without doubling a slash the user typed. */
static void path_in(struct strbuf *out, const char *dir, const char *name)
{
	strbuf_reset(out);
	strbuf_addstr(out, dir);
	while (out->len > 1 && out->buf[out->len - 1] == '/')
		strbuf_setlen(out, out->len - 1);
	strbuf_addf(out, "/%s", name);
}

struct analyze_options {
	const char *baseline; /* --baseline */
	int bootstrap;
	unsigned long seed;
};

/*
 * Options first, then experiment.yaml. An experiment baseline that this
 * run has no samples of (e.g. a run restricted with --only) is a warning:
 * the comparisons then use the first runtime; an explicit one is an error.
 */
static int resolve(const struct analyze_options *o, const struct run_settings *rs,
		   const struct summary *s, struct compare_options *out)
{
	out->bootstrap_b = (size_t)o->bootstrap;
	out->seed = o->seed != SEED_UNSET ? o->seed : rs->has_seed ? rs->seed : DEFAULT_SEED;
	out->baseline = o->baseline;
	if (out->baseline || !rs->baseline)
		return 0;
	if (summary_has_runtime(s, rs->baseline))
		out->baseline = rs->baseline;
	else if (s->nr)
		warning("baseline '%s' of experiment.yaml has no samples; comparing with '%s'",
			rs->baseline, s->items[0].group->key[GK_RUNTIME]);
	return 0;
}

static int analyze(const char *dir, const struct analyze_options *o)
{
	struct group_set groups = GROUP_SET_INIT;
	struct summary summary = {0};
	struct run_settings rs = {0};
	struct compare_options copts;
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	int ret = -1;

	if (!is_directory(dir)) {
		error("'%s' is not a run directory (no such directory)", dir);
		goto out;
	}
	path_in(&path, dir, "samples.csv");
	if (samples_read(path.buf, &groups) < 0)
		goto out;
	path_in(&path, dir, "experiment.yaml");
	if (run_settings_read(path.buf, &rs) < 0)
		goto out;
	summary_compute(groups.run_id, &groups, &summary);
	if (resolve(o, &rs, &summary, &copts) < 0 ||
	    compare_build(&summary, &copts, &summary.comparisons) < 0)
		goto out;
	path_in(&path, dir, "analysis");
	if (summary_export(&summary, path.buf, &out) < 0)
		goto out;
	fputs(out.buf, stdout);
	ret = 0;
out:
	summary_clear(&summary);
	groups_clear(&groups);
	run_settings_clear(&rs);
	strbuf_release(&path);
	strbuf_release(&out);
	return ret;
}

int cmd_analyze(int argc, const char **argv)
{
	struct analyze_options o = {NULL, DEFAULT_BOOTSTRAP, SEED_UNSET};
	const struct option_spec options[] = {
		OPT_STRING(0, "baseline", &o.baseline, "RUNTIME",
			   "the runtime others are compared with"),
		OPT_INT(0, "bootstrap", &o.bootstrap, "B",
			"bootstrap resamples per group (default 10000; 0: no interval)"),
		OPT_ULONG(0, "seed", &o.seed, "N", "bootstrap seed (default: the experiment's)"),
		OPT_END(),
	};
	int npos = parse_options(argc, argv, options, analyze_usage);

	if (npos != 1) {
		error("analyze needs exactly one run directory, got %d arguments", npos);
		print_usage(stderr, analyze_usage, options);
		return EXIT_USAGE;
	}
	return analyze(argv[0], &o) < 0 ? EXIT_USAGE : EXIT_OK;
}
