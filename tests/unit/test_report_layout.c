/*
 * Unit tests of the figure layout (report/figure.c, draw.c, draw_figure.c):
 * many runtimes with long names, two host types, empty groups and gaps,
 * both groupings, single and double column, colour and greyscale: every
 * text Pango placed is measured back and no two may overlap, nor leave the
 * figure.
 */
#include "common/strbuf.h"
#include "report/canvas.h"
#include "report/draw.h"
#include "report/figure.h"
#include "report/label_boxes.h"
#include "report/summary_reader.h"
#include "report/text.h"
#include "tests/unit/tap.h"

#include <math.h>

#define NR_RUNTIMES 10

static void add_row(struct strbuf *csv, const char *host, int rt, const char *app,
		    const char *metric, int n, double base)
{
	if (n == 0) {
		strbuf_addf(csv,
			    "%s,kata-qemu-nested-virtualization-%d,%s,default,%s,s,lower,0,10,"
			    "NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,0,NA,NA,NA,0\n",
			    host, rt, app, metric);
		return;
	}
	strbuf_addf(csv,
		    "%s,kata-qemu-nested-virtualization-%d,%s,default,%s,s,lower,%d,0,%g,%g,%g,%g,"
		    "%g,%g,1,1,0.1,%g,%g,0,NA,NA,NA,0\n",
		    host, rt, app, metric, n, base, base * 1.2, base * 1.3, base * 1.4, base * 3,
		    base * 1.3, base, base * 2);
}

/* 3 applications x 10 runtimes x 2 host types; one group empty, one missing. */
static void make_summary(struct summary *s)
{
	static const char *const apps[] = {"teastore-recommender-with-training", "redis", "spark"};
	struct strbuf csv = STRBUF_INIT;

	strbuf_addf(&csv, "%s\n", summary_header);
	for (int a = 0; a < 3; a++) {
		for (int rt = 0; rt < NR_RUNTIMES; rt++) {
			add_row(&csv, "bare-metal", rt, apps[a], "deploy_time", rt == 3 ? 0 : 10,
				1 + rt + a);
			if (rt != 5) /* a gap: no nested-vm row for runtime 5 */
				add_row(&csv, "nested-vm", rt, apps[a], "deploy_time", 10,
					2 + rt * 100 + a);
		}
	}
	if (summary_parse("test.csv", csv.buf, csv.len, s) < 0)
		abort();
	strbuf_release(&csv);
}

static void check_layout(const struct summary *s, enum figure_grouping g, double width_in,
			 int greyscale, enum figure_scale scale)
{
	struct spec_figure spec = {.name = "f",
				   .metric = "deploy_time",
				   .grouping = g,
				   .scale = scale,
				   .width_in = width_in};
	struct figure_source src = {s, NULL, NULL, "kata-qemu-nested-virtualization-0"};
	struct label_boxes lb = LABEL_BOXES_INIT;
	struct figure fig;
	cairo_surface_t *surface;
	struct canvas c;
	double w, h;
	size_t a, b, outside = 0;
	const char *what = g == GROUP_BY_APPLICATION ? "per application" : "per metric";

	if (!CHECK(figure_build(&fig, &src, &spec) == 0, "%s, %.2f in: figure built", what,
		   width_in))
		return;
	draw_figure_size(&fig, 0, &w, &h);
	surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	c = (struct canvas){cairo_create(surface), greyscale, &lb};
	draw_figure(&c, &fig, (struct rect){0, 0, w, h});
	CHECK(cairo_status(c.cr) == CAIRO_STATUS_SUCCESS && lb.nr > 20,
	      "%s, %.2f in%s: drawn, %zu texts measured", what, width_in,
	      greyscale ? ", greyscale" : "", lb.nr);
	if (!CHECK(!label_boxes_overlap(&lb, 0.25, &a, &b), "%s, %.2f in%s: no two texts overlap",
		   what, width_in, greyscale ? ", greyscale" : ""))
		printf("#   '%s' [%.1f %.1f %.1f %.1f] and '%s' [%.1f %.1f %.1f %.1f]\n",
		       lb.v[a].text, lb.v[a].x0, lb.v[a].y0, lb.v[a].x1, lb.v[a].y1, lb.v[b].text,
		       lb.v[b].x0, lb.v[b].y0, lb.v[b].x1, lb.v[b].y1);
	for (size_t i = 0; i < lb.nr; i++)
		outside += lb.v[i].x0 < -0.5 || lb.v[i].y0 < -0.5 || lb.v[i].x1 > w + 0.5 ||
			   lb.v[i].y1 > h + 0.5;
	CHECK(outside == 0, "%s, %.2f in: every text inside the %.0f x %.0f pt figure", what,
	      width_in, w, h);
	cairo_destroy(c.cr);
	cairo_surface_destroy(surface);
	label_boxes_release(&lb);
	figure_release(&fig);
}

static void test_model(const struct summary *s)
{
	struct spec_figure spec = {.name = "f", .metric = "performance"};
	struct spec_figure dep = {.name = "d", .metric = "deploy_time", .normalize = 1};
	struct figure_source src = {s, NULL, NULL, "kata-qemu-nested-virtualization-0"};
	struct figure fig;
	const struct box *b;

	CHECK(figure_build(&fig, &src, &spec) == 0 && fig.nr_panels == 0,
	      "a figure whose metric has no rows has no panels");
	figure_release(&fig);
	if (!CHECK(figure_build(&fig, &src, &dep) == 0, "normalised figure built"))
		return;
	CHECK(fig.nr_panels == 3 && fig.nr_positions == 2 && fig.panels[0].nr_slots == 10 &&
		      fig.series.nr == 2,
	      "per application: 3 panels, 10 slots, 2 host types side by side");
	b = &fig.panels[0].slots[0].boxes[0];
	CHECK(fabs(b->median - 1) < 1e-12, "the baseline's median becomes 1");
	b = &fig.panels[0].slots[1].boxes[0];
	CHECK(fabs(b->median - 2 * 1.3 / 1.3) < 1e-12 && fabs(b->q1 - 2 * 1.2 / 1.3) < 1e-12,
	      "others are divided by the baseline median of their host type");
	CHECK(fig.panels[0].slots[3].boxes[0].present && fig.panels[0].slots[3].boxes[0].n == 0,
	      "an empty group is present with n=0");
	CHECK(!fig.panels[0].slots[5].boxes[1].present, "a missing group leaves a gap");
	figure_release(&fig);
}

int main(void)
{
	struct summary s;

	make_summary(&s);
	test_model(&s);
	check_layout(&s, GROUP_BY_APPLICATION, FIGURE_SINGLE_IN, 0, SCALE_LINEAR);
	check_layout(&s, GROUP_BY_APPLICATION, FIGURE_DOUBLE_IN, 1, SCALE_LOG);
	check_layout(&s, GROUP_BY_METRIC, FIGURE_SINGLE_IN, 0, SCALE_LOG);
	check_layout(&s, GROUP_BY_METRIC, FIGURE_DOUBLE_IN, 1, SCALE_LINEAR);
	summary_release(&s);
	text_release_fonts();
	return tap_done();
}
