/* Matrix expansion, --only filters and the seeded, round-by-round plan order. */
#include "common/error.h"
#include "common/strbuf.h"
#include "orchestrator/driver/driver.h"
#include "spec/matrix.h"
#include "orchestrator/workload/workload.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

static struct spec_host hosts[] = {
	{.name = "h1", .transport = "local", .host_type = "bare-metal"},
	{.name = "h2", .transport = "local", .host_type = "nested-vm"},
};
static struct spec_runtime runtimes[3];
static struct spec_application apps[2];

static void make_experiment(struct experiment *exp)
{
	const char *rt_names[] = {"runc", "runsc", "crun"};

	for (int i = 0; i < 3; i++)
		runtimes[i] = (struct spec_runtime){.name = (char *)rt_names[i],
						    .driver = "oci",
						    .handler = (char *)rt_names[i],
						    .ops = driver_find("oci")};
	apps[0] = (struct spec_application){.name = "cpu", .ops = workload_find("stress-ng")};
	apps[1] = (struct spec_application){.name = "mem", .ops = workload_find("stress-ng")};
	for (int i = 0; i < 2; i++)
		params_set(&apps[i].params, "duration", "5s", 5);
	*exp = (struct experiment){.name = "t",
				   .repetitions = 4,
				   .hosts = hosts,
				   .nr_hosts = 2,
				   .runtimes = runtimes,
				   .nr_runtimes = 3,
				   .apps = apps,
				   .nr_apps = 2};
}

static int rounds_are_permutations(const struct matrix *m)
{
	for (int r = 0; r < m->repetitions; r++) {
		int *seen = calloc(m->nr_cells, sizeof(int));
		int ok = 1;
		for (size_t i = 0; i < m->nr_cells; i++) {
			const struct plan_entry *e = &m->plan[(size_t)r * m->nr_cells + i];
			ok &= plan_entry_round(m, e) == r + 1 && e->repetition == (uint32_t)r + 1 &&
			      !seen[e->cell->index];
			seen[e->cell->index] = 1;
		}
		free(seen);
		if (!ok)
			return 0;
	}
	return 1;
}

static int same_order(const struct matrix *a, const struct matrix *b)
{
	if (a->nr_plan != b->nr_plan)
		return 0;
	for (size_t i = 0; i < a->nr_plan; i++)
		if (a->plan[i].cell->index != b->plan[i].cell->index)
			return 0;
	return 1;
}

static void test_expansion(struct experiment *exp)
{
	struct strvec none = STRVEC_INIT;
	struct matrix m, again, other;

	CHECK(matrix_build(exp, &none, 4, 42, &m) == 0, "full matrix builds");
	CHECK(m.nr_cells == 12 && m.nr_plan == 48, "2 hosts x 3 runtimes x 2 apps x 4 reps");
	CHECK_STR(m.cells[0].name, "h1.runc.cpu.default", "first cell in declaration order");
	CHECK_STR(m.cells[11].name, "h2.crun.mem.default", "last cell in declaration order");
	CHECK(rounds_are_permutations(&m), "each round runs every cell exactly once");
	CHECK(matrix_build(exp, &none, 4, 42, &again) == 0 && same_order(&m, &again),
	      "same seed, same order");
	CHECK(matrix_build(exp, &none, 4, 43, &other) == 0 && !same_order(&m, &other),
	      "another seed, another order");
	CHECK(m.plan[0].cell->index != m.plan[1].cell->index || m.plan[1].cell->index != 1,
	      "order is not simply declaration order");
	CHECK(matrix_estimate(exp, &m, NULL) == 48 * (5 + REPETITION_OVERHEAD_SECONDS),
	      "estimate sums workload time and overhead");
	exp->metrics |= METRIC_IDLE_MEMORY;
	exp->apps[0].idle = 30;
	exp->apps[1].idle = 2;
	CHECK(matrix_estimate(exp, &m, NULL) ==
		      48 * (5 + REPETITION_OVERHEAD_SECONDS) + 24 * 30 + 24 * 2,
	      "measuring idle memory adds each application's idle period");
	CHECK(matrix_idle_seconds(exp, &m) == 24 * 30 + 24 * 2,
	      "the idle periods are also told apart from the workload time");
	exp->metrics &= ~(unsigned)METRIC_IDLE_MEMORY;
	CHECK(matrix_idle_seconds(exp, &m) == 0, "no idle time without the idle_memory metric");
	matrix_free(&m);
	matrix_free(&again);
	matrix_free(&other);
}

static void test_only(struct experiment *exp)
{
	struct strvec only = STRVEC_INIT;
	struct matrix m;

	strvec_push(&only, "runtime=runc,crun");
	strvec_push(&only, "host_type=nested-vm");
	CHECK(matrix_build(exp, &only, 2, 1, &m) == 0, "--only filters build");
	CHECK(m.nr_cells == 4 && m.nr_plan == 8, "2 runtimes x 1 host x 2 apps x 2 reps");
	CHECK_STR(m.cells[0].name, "h2.runc.cpu.default", "filtered cells keep declaration order");
	CHECK(m.cells[3].index == 3, "filtered cells are renumbered");
	matrix_free(&m);
	strvec_clear(&only);

	strvec_push(&only, "runtime=kata");
	CHECK(matrix_build(exp, &only, 2, 1, &m) < 0, "unknown value refused");
	strvec_clear(&only);
	strvec_push(&only, "runtimes=runc");
	CHECK(matrix_build(exp, &only, 2, 1, &m) < 0, "unknown key refused");
	strvec_clear(&only);
	strvec_push(&only, "host=h1");
	strvec_push(&only, "host_type=nested-vm");
	CHECK(matrix_build(exp, &only, 2, 1, &m) < 0, "filters leaving no cell refused");
	strvec_clear(&only);
}

static void test_exclude(struct experiment *exp)
{
	struct strvec none = STRVEC_INIT;
	struct spec_exclude ex[2] = {0};
	struct strbuf err = STRBUF_INIT;
	struct matrix m;
	int runsc_cpu = 0;

	/* runsc x cpu anywhere, and everything on h2 */
	strvec_push(&ex[0].values[DIM_RUNTIME], "runsc");
	strvec_push(&ex[0].values[DIM_APPLICATION], "cpu");
	strvec_push(&ex[1].values[DIM_HOST], "h2");
	exp->excludes = ex;
	exp->nr_excludes = 2;
	CHECK(matrix_build(exp, &none, 1, 1, &m) == 0, "a matrix with exclusions builds");
	for (size_t i = 0; i < m.nr_cells; i++)
		runsc_cpu += !strcmp(m.cells[i].rt->name, "runsc") &&
			     !strcmp(m.cells[i].app->name, "cpu");
	CHECK(m.nr_cells == 5 && !runsc_cpu, "h1 only, without runsc x cpu: 6 - 1 cells");
	CHECK(m.cells[4].index == 4, "the cells left are numbered in order");
	matrix_free(&m);
	strvec_push(&ex[1].values[DIM_HOST], "h1");
	exp->file = "t.yaml";
	exp->exclude_pos = (struct spec_pos){7, 1};
	error_capture(&err);
	CHECK(matrix_build(exp, &none, 1, 1, &m) < 0, "exclusions leaving no cell refused");
	error_capture(NULL);
	CHECK(strstr(err.buf, "t.yaml:7:1: ") != NULL, "the refusal names the exclude: key");
	strbuf_release(&err);
	exp->excludes = NULL;
	exp->nr_excludes = 0;
	for (int i = 0; i < 2; i++)
		for (int d = 0; d < DIM_N; d++)
			strvec_clear(&ex[i].values[d]);
}

static void test_warmup_and_order(struct experiment *exp)
{
	struct strvec none = STRVEC_INIT;
	struct matrix m;
	int ok = 1;

	exp->warmup = 2;
	CHECK(matrix_build(exp, &none, 3, 5, &m) == 0, "plan with warm-up builds");
	CHECK(m.nr_plan == 12 * 5, "12 cells x (2 warm-up + 3 measured)");
	for (size_t i = 0; i < 24; i++)
		ok &= m.plan[i].warmup && m.plan[i].repetition == i / 12 + 1;
	for (size_t i = 24; i < m.nr_plan; i++)
		ok &= !m.plan[i].warmup && m.plan[i].repetition == i / 12 - 1;
	CHECK(ok, "warm-up rounds come first; measured repetitions count from 1 again");
	matrix_free(&m);

	exp->order = ORDER_SEQUENTIAL;
	CHECK(matrix_build(exp, &none, 3, 5, &m) == 0, "sequential plan builds");
	ok = 1;
	for (size_t i = 0; i < m.nr_plan; i++)
		ok &= m.plan[i].cell->index == i / 5 && m.plan[i].warmup == (i % 5 < 2);
	CHECK(ok, "sequential: declaration order, a cell's repetitions in a row, warm-ups first");
	matrix_free(&m);
	exp->order = ORDER_RANDOMIZED;
	exp->warmup = 0;
}

int main(void)
{
	struct experiment exp;

	make_experiment(&exp);
	test_expansion(&exp);
	test_only(&exp);
	test_exclude(&exp);
	test_warmup_and_order(&exp);
	for (int i = 0; i < 2; i++)
		params_free(&apps[i].params);
	return tap_done();
}
