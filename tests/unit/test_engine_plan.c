/*
 * How the engine executes a plan, without containers (the fake driver of
 * tests/unit/engine_fakes.h): retries with their doubling back-off and the
 * pause between repetitions (recorded by the interrupt_sleep() wrap, not
 * slept), a step's timeout (200 ms: it can only end late, never early),
 * the randomized order of plan.tsv, and warm-up rounds.
 */
#include "tests/unit/engine_checks.h"
#include "tests/unit/engine_fakes.h"
#include "tests/unit/engine_run.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

/* ---- retries, back-off, pause, timeout ---- */

/* `yaml` written as TMP/NAME, run; the run directory (TMP/NAME-run/run) in *dir. */
static int run_text(const char *name, const char *yaml, char **dir, struct engine_result *r)
{
	char *path = scratch_write(tmpdir, name, yaml);
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addf(&sb, "%s-run", name);
	*dir = case_dir(sb.buf);
	ret = run_new(path, *dir, r);
	strbuf_release(&sb);
	free(path);
	return ret;
}

static void sleeps_summary(struct strbuf *out)
{
	for (int i = 0; i < nr_sleeps; i++)
		strbuf_addf(out, "%s%g", i ? " " : "", sleeps[i]);
}

/* DIR/raw/<cell of app>/REL exists. */
static int raw_exists(const char *dir, const char *app, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/raw/%s/%s", dir, cell_name(dir, app), rel);
	ret = file_exists(path.buf);
	strbuf_release(&path);
	return ret;
}

/*
 * `flaky` fails its first attempt only, `bad` every one: each attempt is
 * journaled and kept, the back-off doubles from retry_backoff, and the
 * pause comes between entries, not between attempts.
 */
static void test_retries(void)
{
	const char *label = "retries";
	struct strbuf yaml = STRBUF_INIT, got = STRBUF_INIT;
	struct engine_result r;
	char *dir;
	int ret, torn;

	strbuf_addf(&yaml,
		    "name: retries\nrepetitions: 1\norder: sequential\nretries: 3\n"
		    "retry_backoff: 1s\npause: 5s\nmetrics: [performance]\n"
		    "runtimes: [{name: fake, driver: fake}]\napplications:\n"
		    "  - {name: flaky, workload: command, params: {command: \"test -e %s/flag && "
		    "echo 42 || { touch %s/flag; echo flaky >&2; exit 1; }\"}}\n"
		    "  - {name: bad, workload: command, params: {command: \"exit 3\"}}\n",
		    tmpdir, tmpdir);
	nr_sleeps = 0;
	ret = run_text("retries.yaml", yaml.buf, &dir, &r);
	CHECK(ret == 0 && r.failed == 1 && r.remaining == 0, "%s: one entry failed", label);
	journal_summary(dir, &got, &torn);
	check_same(label, "the journal: each attempt, then finished or failed", got.buf,
		   "run-started started:1@1 retry:1@1 started:1@2 finished:1@2 started:2@1 "
		   "retry:2@1 started:2@2 retry:2@2 started:2@3 retry:2@3 started:2@4 "
		   "failed:2@4 run-finished");
	strbuf_reset(&got);
	sleeps_summary(&got);
	check_same(label, "back-off 1 s, pause 5 s, back-off 1, 2, 4 s", got.buf, "1 5 1 2 4");
	CHECK(raw_exists(dir, "flaky", "1.attempt-1/run/stderr") &&
		      raw_exists(dir, "flaky", "1/run/stdout"),
	      "%s: the failed attempt is kept beside the one that counts", label);
	CHECK(raw_exists(dir, "bad", "1.attempt-3") && !raw_exists(dir, "bad", "1.attempt-4") &&
		      raw_exists(dir, "bad", "1/run/exit_status"),
	      "%s: 3 retries keep 3 attempts aside", label);
	strbuf_reset(&got);
	samples_of(dir, &got);
	check_same(label, "samples.csv: the final attempts", got.buf,
		   "flaky:1:42:ok bad:1::exit-3");
	strbuf_release(&yaml);
	strbuf_release(&got);
	free(dir);
}

/* A step that outlives its timeout is stopped and recorded as "timeout". */
static void test_timeout(void)
{
	const char *label = "timeout";
	struct strbuf got = STRBUF_INIT, path = STRBUF_INIT;
	struct engine_result r;
	json_t *timings;
	char *dir;
	int ret, torn;

	ret = run_text("timeout.yaml",
		       "name: timeout\nrepetitions: 1\nretries: 0\nmetrics: [performance]\n"
		       "runtimes: [{name: fake, driver: fake}]\napplications:\n"
		       "  - {name: slow, workload: command, timeouts: {run: 200ms},\n"
		       "     params: {command: \"sleep 600\"}}\n",
		       &dir, &r);
	CHECK(ret == 0 && r.failed == 1 && r.remaining == 0, "%s: the entry failed", label);
	journal_summary(dir, &got, &torn);
	check_same(label, "the journal: failed, not retried", got.buf,
		   "run-started started:1@1 failed:1@1 run-finished");
	strbuf_reset(&got);
	samples_of(dir, &got);
	check_same(label, "samples.csv says timeout", got.buf, "slow:1::timeout");
	strbuf_addf(&path, "%s/raw/%s/1/run/timings.json", dir, cell_name(dir, "slow"));
	timings = json_load_file(path.buf, 0, NULL);
	CHECK(json_is_true(json_object_get(timings, "timed_out")) &&
		      json_real_value(json_object_get(timings, "timeout_seconds")) == 0.2,
	      "%s: timings.json: timed out after the step's own 0.2 s", label);
	json_decref(timings);
	strbuf_release(&got);
	strbuf_release(&path);
	free(dir);
}

/* ---- order and warm-up ---- */

static const char order_yaml[] =
	"name: order\nseed: 11\nrepetitions: 3\norder: randomized\n"
	"retries: 0\nmetrics: [performance]\n"
	"runtimes: [{name: fake, driver: fake}]\napplications:\n"
	"  - {name: a, workload: command, params: {command: \"echo 1\"}}\n"
	"  - {name: b, workload: command, params: {command: \"echo 2\"}}\n"
	"  - {name: c, workload: command, params: {command: \"echo 3\"}}\n"
	"  - {name: d, workload: command, params: {command: \"echo 4\"}}\n";

/* plan.tsv of `yaml`'s experiment under `seed`, as matrix.c builds it. */
static void plan_for_seed(const char *yaml, unsigned long seed, struct strbuf *out)
{
	struct experiment exp;
	struct matrix m;
	struct strvec only = STRVEC_INIT;

	if (spec_load(yaml, &exp) < 0)
		return;
	if (matrix_build(&exp, &only, exp.repetitions, seed, &m) == 0) {
		matrix_format_plan(&m, out);
		matrix_free(&m);
	}
	spec_free(&exp);
}

/* Each round of plan.tsv runs each of the 4 cells once, with the round's repetition. */
static int rounds_are_permutations(const char *dir, int *in_declaration_order)
{
	static const int cols[] = {PLAN_ROUND, PLAN_REPETITION, PLAN_APPLICATION, -1};
	struct strbuf rows = STRBUF_INIT;
	unsigned seen = 0; /* a bit per cell run in this round */
	int n = 0, ok = 1, round, rep;
	char app, *save = NULL;

	plan_columns(dir, cols, &rows);
	*in_declaration_order = 1;
	for (char *row = strtok_r(rows.buf, " ", &save); row; row = strtok_r(NULL, " ", &save)) {
		int cell = sscanf(row, "%d:%d:%c", &round, &rep, &app) == 3 ? app - 'a' : -1;
		seen = n % 4 ? seen : 0;
		ok &= round == n / 4 + 1 && rep == round && cell >= 0 && cell < 4 &&
		      !(seen & 1u << cell);
		seen |= 1u << (cell & 3);
		*in_declaration_order &= cell == n++ % 4;
	}
	strbuf_release(&rows);
	return ok && n == 12;
}

/*
 * Randomized order: plan.tsv is the seeded plan, each round a permutation
 * of the cells; the engine runs it in that order; samples.csv still lists
 * the cells in declaration order.
 */
static void test_order(void)
{
	const char *label = "randomized order";
	char *yaml = scratch_write(tmpdir, "order.yaml", order_yaml), *dir = case_dir("order");
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT, other = STRBUF_INIT;
	struct engine_result r;
	int ret = run_new(yaml, dir, &r), torn, declared;

	CHECK(ret == 0 && r.failed == 0 && r.remaining == 0, "%s: the run completes", label);
	run_file(dir, "plan.tsv", &got);
	plan_for_seed(yaml, 11, &want);
	check_same(label, "plan.tsv is the plan of the seed", got.buf, want.buf);
	plan_for_seed(yaml, 12, &other);
	CHECK(strcmp(other.buf, want.buf), "%s: another seed gives another plan", label);
	CHECK(rounds_are_permutations(dir, &declared) && !declared,
	      "%s: every round runs each cell once, not all in declaration order", label);
	strbuf_reset(&got);
	strbuf_reset(&want);
	journal_summary(dir, &got, &torn);
	strbuf_addstr(&want, "run-started");
	for (int i = 1; i <= 12; i++)
		strbuf_addf(&want, " started:%d@1 finished:%d@1", i, i);
	strbuf_addstr(&want, " run-finished");
	check_same(label, "the engine runs plan.tsv's order", got.buf, want.buf);
	strbuf_reset(&got);
	samples_of(dir, &got);
	check_same(label, "samples.csv in declaration order", got.buf,
		   "a:1:1:ok a:2:1:ok a:3:1:ok b:1:2:ok b:2:2:ok b:3:2:ok c:1:3:ok c:2:3:ok "
		   "c:3:3:ok d:1:4:ok d:2:4:ok d:3:4:ok");
	strbuf_release(&got);
	strbuf_release(&want);
	strbuf_release(&other);
	free(yaml);
	free(dir);
}

/*
 * A warm-up round comes first, is recorded under raw/<cell>/warmup-N and
 * marked "warmup" in samples.csv, failed or not, before the cell's
 * measured rows.
 */
static void test_warmup(void)
{
	const char *label = "warm-up";
	struct strbuf got = STRBUF_INIT;
	struct engine_result r;
	char *dir;
	int ret = run_text("warmup.yaml",
			   "name: warmup\nseed: 3\nrepetitions: 2\nwarmup: 1\norder: randomized\n"
			   "retries: 0\nmetrics: [performance]\n"
			   "runtimes: [{name: fake, driver: fake}]\napplications:\n"
			   "  - {name: ok, workload: command, params: {command: \"echo 42\"}}\n"
			   "  - {name: bad, workload: command, params: {command: \"exit 3\"}}\n",
			   &dir, &r);

	CHECK(ret == 0 && r.remaining == 0 && r.failed == 3,
	      "%s: the run completes; bad's warm-up counts among the failed", label);
	plan_summary(dir, &got);
	CHECK(!strncmp(got.buf, "ok:1:warmup bad:1:warmup ", 25) ||
		      !strncmp(got.buf, "bad:1:warmup ok:1:warmup ", 25),
	      "%s: plan.tsv starts with the warm-up round", label);
	CHECK(!strstr(got.buf + 25, "warmup"), "%s: then measured rounds only", label);
	CHECK(raw_exists(dir, "ok", "warmup-1/entry.json") && raw_exists(dir, "ok", "2/entry.json"),
	      "%s: raw/<cell>/warmup-1 beside the measured repetitions", label);
	strbuf_reset(&got);
	samples_of(dir, &got);
	check_same(label, "samples.csv: warm-up rows marked, first in each cell", got.buf,
		   "ok:1:42:warmup ok:1:42:ok ok:2:42:ok bad:1::warmup bad:1::exit-3 "
		   "bad:2::exit-3");
	strbuf_release(&got);
	free(dir);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	test_retries();
	test_timeout();
	test_order();
	test_warmup();
	remove_tree(tmpdir);
	return tap_done();
}
