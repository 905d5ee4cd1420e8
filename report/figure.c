#include "report/figure.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "report/summary_reader.h"
#include "report/value_sets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t index_of(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return i;
	return sv->nr;
}

static size_t push_unique(struct strvec *sv, const char *s)
{
	size_t i = index_of(sv, s);

	if (i == sv->nr)
		strvec_push(sv, s);
	return i;
}

int figure_metric_matches(const char *wanted, const char *metric)
{
	/* "performance" is every workload figure: whatever is not another kind */
	if (!strcmp(wanted, spec_metric_name(METRIC_PERFORMANCE)))
		return strcmp(metric, spec_metric_name(METRIC_DEPLOY_TIME)) &&
		       strcmp(metric, spec_metric_name(METRIC_IDLE_MEMORY));
	return !strcmp(wanted, metric);
}

/* Where a summary row goes: its panel, slot, position in the slot and legend entry. */
struct place {
	struct strbuf panel_key, title, slot, position, series;
};

struct builder {
	struct figure *fig;
	const struct figure_source *src;
	const struct spec_figure *spec;
	int many_hosts, many_variants;
	struct strvec positions, panel_keys;
	struct place pl;
};

static int selected(const struct builder *b, const struct summary_row *row)
{
	return figure_metric_matches(b->spec->metric, row->metric);
}

/* Host types and variants decide what the labels must tell apart. */
static void survey(struct builder *b)
{
	struct strvec hosts = STRVEC_INIT, variants = STRVEC_INIT;
	const struct summary *s = b->src->summary;

	for (size_t i = 0; i < s->nr; i++) {
		if (!selected(b, &s->rows[i]))
			continue;
		push_unique(&hosts, s->rows[i].host_type);
		push_unique(&variants, s->rows[i].variant);
	}
	b->many_hosts = hosts.nr > 1;
	b->many_variants = variants.nr > 1;
	strvec_clear(&hosts);
	strvec_clear(&variants);
}

static void place_row(struct builder *b, const struct summary_row *row)
{
	struct place *pl = &b->pl;
	struct strbuf runtime = STRBUF_INIT;

	strbuf_addstr(&runtime, row->runtime);
	if (b->many_variants && *row->variant)
		strbuf_addf(&runtime, " %s", row->variant);
	strbuf_reset(&pl->panel_key);
	strbuf_reset(&pl->title);
	strbuf_reset(&pl->slot);
	strbuf_reset(&pl->position);
	strbuf_reset(&pl->series);
	if (b->spec->grouping == GROUP_BY_APPLICATION) {
		/* Fig. 2 and 3 of the study: a panel per application, a slot per runtime */
		strbuf_addf(&pl->panel_key, "%s\n%s", row->application, row->metric);
		strbuf_addstr(&pl->title, row->application);
		strbuf_addbuf(&pl->slot, &runtime);
		strbuf_addstr(&pl->position, row->host_type);
		strbuf_addstr(&pl->series, b->many_hosts ? row->host_type : runtime.buf);
	} else {
		strbuf_addstr(&pl->panel_key, row->metric);
		strbuf_addstr(&pl->title, row->metric);
		strbuf_addstr(&pl->slot, row->application);
		strbuf_addbuf(&pl->position, &runtime);
		if (b->many_hosts)
			strbuf_addf(&pl->position, ", %s", row->host_type);
		strbuf_addbuf(&pl->series, &pl->position);
	}
	strbuf_release(&runtime);
}

static struct panel *panel_for(struct builder *b, const struct summary_row *row)
{
	struct figure *fig = b->fig;
	size_t i = index_of(&b->panel_keys, b->pl.panel_key.buf);
	struct panel *p;

	if (i < fig->nr_panels)
		return &fig->panels[i];
	strvec_push(&b->panel_keys, b->pl.panel_key.buf);
	ALLOC_GROW(fig->panels, fig->nr_panels + 1, fig->alloc_panels);
	p = &fig->panels[fig->nr_panels++];
	memset(p, 0, sizeof(*p));
	p->title = xstrdup(b->pl.title.buf);
	p->metric = xstrdup(row->metric);
	p->unit = xstrdup(row->unit);
	p->better = strcmp(row->better, "higher") ? BETTER_LOWER : BETTER_HIGHER;
	return p;
}

static struct slot *slot_for(struct builder *b, struct panel *p)
{
	struct slot *slot;

	for (size_t i = 0; i < p->nr_slots; i++)
		if (!strcmp(p->slots[i].label, b->pl.slot.buf))
			return &p->slots[i];
	ALLOC_GROW(p->slots, p->nr_slots + 1, p->alloc_slots);
	slot = &p->slots[p->nr_slots++];
	slot->label = xstrdup(b->pl.slot.buf);
	slot->boxes = xcalloc(b->fig->nr_positions, sizeof(*slot->boxes));
	return slot;
}

/* The first row of a panel gives unit and direction; the others must agree. */
static int check_consistent(const struct builder *b, const struct panel *p,
			    const struct summary_row *row)
{
	const char *path = b->src->summary->path;

	if (strcmp(p->unit, row->unit))
		return error("%s:%d: %s/%s: unit '%s' differs from '%s' in the same panel", path,
			     row->line, row->application, row->metric, row->unit, p->unit);
	if ((p->better == BETTER_HIGHER) != !strcmp(row->better, "higher"))
		return error("%s:%d: %s/%s: better '%s' differs within the panel", path, row->line,
			     row->application, row->metric, row->better);
	return 0;
}

static double *copy_values(struct value_sets *vs, const struct summary_row *row, size_t *nr)
{
	const char *key[VK_NKEYS] = {row->host_type, row->runtime, row->application, row->variant,
				     row->metric};
	struct value_set *set = vs ? value_sets_get(vs, key, 0) : NULL;
	double *v;

	*nr = set ? set->nr : 0;
	if (!*nr)
		return NULL;
	v = xmalloc(*nr * sizeof(*v));
	memcpy(v, set->v, *nr * sizeof(*v));
	return v;
}

/* The baseline runtime's median for the same host type, application, variant and metric. */
static double baseline_median(const struct builder *b, const struct summary_row *row)
{
	const struct summary *s = b->src->summary;

	for (size_t i = 0; i < s->nr; i++) {
		const struct summary_row *r = &s->rows[i];
		if (!strcmp(r->runtime, b->src->baseline) &&
		    !strcmp(r->host_type, row->host_type) &&
		    !strcmp(r->application, row->application) &&
		    !strcmp(r->variant, row->variant) && !strcmp(r->metric, row->metric))
			return r->n > 0 ? r->median : NAN;
	}
	return NAN;
}

static void box_scale(struct box *bx, double by)
{
	double *v = &bx->min; /* min … whisker_high are consecutive */

	for (int i = 0; i < 7; i++)
		v[i] /= by;
	for (size_t i = 0; i < bx->nr_outliers; i++)
		bx->outliers[i] /= by;
	for (size_t i = 0; i < bx->nr_points; i++)
		bx->points[i] /= by;
}

static void box_fill(struct builder *b, struct box *bx, const struct summary_row *row)
{
	bx->present = 1;
	bx->n = row->n;
	bx->n_failed = row->n_failed;
	bx->min = row->min;
	bx->q1 = row->q1;
	bx->median = row->median;
	bx->q3 = row->q3;
	bx->max = row->max;
	bx->whisker_low = row->whisker_low;
	bx->whisker_high = row->whisker_high;
	bx->series = push_unique(&b->fig->series, b->pl.series.buf);
	if (row->n == 0)
		return;
	bx->outliers = copy_values(b->src->outliers, row, &bx->nr_outliers);
	bx->points = copy_values(b->src->points, row, &bx->nr_points);
	if (b->fig->normalized) {
		double by = baseline_median(b, row);
		if (by > 0)
			box_scale(bx, by);
		else
			bx->n = 0; /* nothing to divide by: drawn as "no data" */
	}
}

static int add_row(struct builder *b, const struct summary_row *row)
{
	struct panel *p;
	struct slot *slot;
	size_t pos;

	place_row(b, row);
	p = panel_for(b, row);
	if (check_consistent(b, p, row) < 0)
		return -1;
	slot = slot_for(b, p);
	pos = index_of(&b->positions, b->pl.position.buf);
	if (slot->boxes[pos].present)
		return error("%s:%d: two groups for one box of figure %s", b->src->summary->path,
			     row->line, b->spec->name);
	box_fill(b, &slot->boxes[pos], row);
	return 0;
}

static void figure_init(struct figure *fig, const struct figure_source *src,
			const struct spec_figure *spec)
{
	memset(fig, 0, sizeof(*fig));
	fig->name = xstrdup(spec->name);
	fig->scale = spec->scale;
	fig->normalized = spec->normalize && src->baseline;
	fig->baseline = xstrdup(src->baseline ? src->baseline : "");
	fig->points = spec->points;
	fig->width_in = spec->width_in;
	fig->height_in = spec->height_in;
}

int figure_build(struct figure *fig, const struct figure_source *src,
		 const struct spec_figure *spec)
{
	const struct summary *s = src->summary;
	struct builder b;
	int ret = 0;

	memset(&b, 0, sizeof(b));
	b.fig = fig;
	b.src = src;
	b.spec = spec;
	figure_init(fig, src, spec);
	strbuf_init(&b.pl.panel_key, 0);
	strbuf_init(&b.pl.title, 0);
	strbuf_init(&b.pl.slot, 0);
	strbuf_init(&b.pl.position, 0);
	strbuf_init(&b.pl.series, 0);
	survey(&b);
	/* every slot has a box per position: know them all before the first slot */
	for (size_t i = 0; i < s->nr; i++) {
		if (!selected(&b, &s->rows[i]))
			continue;
		place_row(&b, &s->rows[i]);
		push_unique(&b.positions, b.pl.position.buf);
	}
	fig->nr_positions = b.positions.nr;
	for (size_t i = 0; i < s->nr && !ret; i++)
		if (selected(&b, &s->rows[i]))
			ret = add_row(&b, &s->rows[i]);
	strvec_clear(&b.positions);
	strvec_clear(&b.panel_keys);
	strbuf_release(&b.pl.panel_key);
	strbuf_release(&b.pl.title);
	strbuf_release(&b.pl.slot);
	strbuf_release(&b.pl.position);
	strbuf_release(&b.pl.series);
	if (ret)
		figure_release(fig);
	return ret;
}

static void panel_release(struct panel *p, size_t nr_positions)
{
	for (size_t i = 0; i < p->nr_slots; i++) {
		for (size_t j = 0; j < nr_positions; j++) {
			free(p->slots[i].boxes[j].outliers);
			free(p->slots[i].boxes[j].points);
		}
		free(p->slots[i].label);
		free(p->slots[i].boxes);
	}
	free(p->slots);
	free(p->title);
	free(p->metric);
	free(p->unit);
}

void figure_release(struct figure *fig)
{
	for (size_t i = 0; i < fig->nr_panels; i++)
		panel_release(&fig->panels[i], fig->nr_positions);
	free(fig->panels);
	free(fig->name);
	free(fig->baseline);
	strvec_clear(&fig->series);
	memset(fig, 0, sizeof(*fig));
}

void panel_axis_label(const struct figure *fig, const struct panel *p, struct strbuf *out)
{
	strbuf_addstr(out, p->metric);
	if (fig->normalized)
		strbuf_addf(out, " / %s median", fig->baseline);
	else if (*p->unit)
		strbuf_addf(out, " (%s)", p->unit);
}

static void widen(double v, int positive, int *any, double *lo, double *hi)
{
	if (isnan(v) || (positive && !(v > 0)))
		return;
	if (!*any || v < *lo)
		*lo = v;
	if (!*any || v > *hi)
		*hi = v;
	*any = 1;
}

int panel_data_range(const struct figure *fig, const struct panel *p, int positive, double *lo,
		     double *hi)
{
	int any = 0;

	*lo = *hi = 0;
	for (size_t i = 0; i < p->nr_slots; i++) {
		for (size_t j = 0; j < fig->nr_positions; j++) {
			const struct box *b = &p->slots[i].boxes[j];
			if (!b->present || b->n == 0)
				continue;
			/* min and max: points and outliers lie within them */
			widen(b->min, positive, &any, lo, hi);
			widen(b->max, positive, &any, lo, hi);
		}
	}
	if (any && fig->normalized)
		widen(1, positive, &any, lo, hi);
	return any;
}
