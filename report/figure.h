#ifndef CRBENCH_FIGURE_H
#define CRBENCH_FIGURE_H

#include "common/strvec.h"

#include <stddef.h>

struct strbuf;
struct summary;

/*
 * The data model of the figures (after fio's graph.c: data first, drawn
 * later by draw.c; nothing here knows about Cairo). A figure is a list of
 * panels, one per application × metric; a panel has one slot per runtime
 * (× variant when the panel has several), and a slot one box per host type
 * of the figure, at the same position in every slot so that colours and
 * places mean the same thing everywhere.
 */
enum better { BETTER_HIGHER, BETTER_LOWER };

struct box {
	int present; /* 0: no row for this host type and runtime */
	int n, n_failed;
	double min, q1, median, q3, max; /* NAN when n == 0 */
};

struct slot {
	char *label;	   /* the runtime, with the variant when the panel has several */
	struct box *boxes; /* figure->host_types.nr of them */
};

struct panel {
	char *application, *metric, *unit;
	enum better better;
	size_t nr_boxes; /* per slot: the figure's number of host types */
	struct slot *slots;
	size_t nr_slots, alloc_slots;
};

struct figure {
	struct strvec host_types; /* order of first appearance */
	struct panel *panels;
	size_t nr_panels, alloc_panels;
};

#define FIGURE_INIT                                                                                \
	{                                                                                          \
		STRVEC_INIT, NULL, 0, 0                                                            \
	}

/*
 * Build the figure from summary rows. Panels follow the order of first
 * appearance of applications, then of metrics; slots that of runtimes, so
 * every panel lists runtimes in the experiment's order. Rows of one panel
 * that disagree on unit or direction are an error naming the line.
 */
int figure_build(struct figure *fig, const struct summary *s);
void figure_release(struct figure *fig);

/* The y-axis label, "metric (unit)" or "metric" when there is no unit. */
void panel_axis_label(const struct panel *p, struct strbuf *out);
/* Smallest and largest value drawn in the panel; returns 0 when it has no data. */
int panel_data_range(const struct panel *p, double *lo, double *hi);

#endif
