#ifndef CRBENCH_FIGURE_H
#define CRBENCH_FIGURE_H

#include "common/strvec.h"
#include "spec/spec.h"

#include <stddef.h>

struct strbuf;
struct summary;
struct value_sets;

/*
 * The data model of the figures (after fio's graph.c: data first, drawn
 * later by draw.c; nothing here knows about Cairo). A figure is a list of
 * panels (one per application, or one per metric); a panel is a row of
 * slots along the x axis (runtimes, or applications), and a slot holds
 * boxes side by side at the same positions in every slot, so that places
 * and colours mean the same thing everywhere. A box's `series` is its
 * legend entry (colour, or shade and hatching in greyscale).
 */
enum better { BETTER_HIGHER, BETTER_LOWER };

struct box {
	int present; /* 0: no group here (a gap, nothing drawn) */
	int n, n_failed;
	/* as analysis computed them; NAN when n == 0; divided by the baseline when normalized */
	double min, q1, median, q3, max, whisker_low, whisker_high;
	double *outliers, *points; /* points: the raw values, when the figure shows them */
	size_t nr_outliers, nr_points;
	size_t series;
};

struct slot {
	char *label;
	struct box *boxes; /* figure->nr_positions of them */
};

struct panel {
	char *title, *metric, *unit;
	enum better better;
	struct slot *slots;
	size_t nr_slots, alloc_slots;
};

struct figure {
	char *name;
	struct strvec series; /* legend labels, in colour order */
	size_t nr_positions;  /* boxes per slot */
	struct panel *panels;
	size_t nr_panels, alloc_panels;
	enum figure_scale scale;
	int normalized; /* values are ratios to `baseline`'s median: a dashed line at 1 */
	char *baseline;
	int points;
	double width_in, height_in; /* 0: decided by the layout */
};

#define FIGURE_INIT                                                                                \
	{                                                                                          \
		0                                                                                  \
	}

/* What a figure is built from: analysis's summary and the optional value lists. */
struct figure_source {
	const struct summary *summary;
	struct value_sets *outliers; /* NULL: none drawn (whiskers still as analysis says) */
	struct value_sets *points;   /* NULL: no raw points */
	const char *baseline;	     /* the runtime `normalize` divides by */
};

/*
 * Build figure `spec` from `src`. Panels, slots and boxes follow the order
 * of first appearance in summary.csv, which is the experiment's order.
 * A figure whose metric matches no row has no panels (drawn as "no data").
 * Rows of one panel that disagree on unit or direction are an error naming
 * the line.
 */
int figure_build(struct figure *fig, const struct figure_source *src,
		 const struct spec_figure *spec);
void figure_release(struct figure *fig);

/* Whether summary metric `metric` belongs to a figure of `wanted` (a kind or a name). */
int figure_metric_matches(const char *wanted, const char *metric);

/* The y-axis label: "metric (unit)", "metric" without unit, "metric / runc" normalized. */
void panel_axis_label(const struct figure *fig, const struct panel *p, struct strbuf *out);
/*
 * Smallest and largest value drawn in the panel (whiskers, outliers,
 * points; 1 when normalized); returns 0 when it has no data. `positive`
 * keeps only values > 0 (a log axis).
 */
int panel_data_range(const struct figure *fig, const struct panel *p, int positive, double *lo,
		     double *hi);

#endif
