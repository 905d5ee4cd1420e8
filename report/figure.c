#include "report/figure.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "report/summary_reader.h"

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

static void push_unique(struct strvec *sv, const char *s)
{
	if (index_of(sv, s) == sv->nr)
		strvec_push(sv, s);
}

/* Orders of first appearance, the orders to draw in. */
struct orders {
	struct strvec applications, metrics, runtimes;
};

static void orders_collect(struct orders *o, struct figure *fig, const struct summary *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		push_unique(&fig->host_types, s->rows[i].host_type);
		push_unique(&o->applications, s->rows[i].application);
		push_unique(&o->metrics, s->rows[i].metric);
		push_unique(&o->runtimes, s->rows[i].runtime);
	}
}

static void orders_clear(struct orders *o)
{
	strvec_clear(&o->applications);
	strvec_clear(&o->metrics);
	strvec_clear(&o->runtimes);
}

static int row_in_panel(const struct summary_row *row, const struct panel *p)
{
	return !strcmp(row->application, p->application) && !strcmp(row->metric, p->metric);
}

/* The first row of the panel gives unit and direction; the others must agree. */
static int check_consistent(const struct summary *s, const struct summary_row *first,
			    const struct summary_row *row)
{
	if (strcmp(first->unit, row->unit))
		return error("%s:%d: %s/%s: unit '%s' differs from '%s' on line %d", s->path,
			     row->line, row->application, row->metric, row->unit, first->unit,
			     first->line);
	if (strcmp(first->better, row->better))
		return error("%s:%d: %s/%s: better '%s' differs from '%s' on line %d", s->path,
			     row->line, row->application, row->metric, row->better, first->better,
			     first->line);
	return 0;
}

static void box_set(struct box *b, const struct summary_row *row)
{
	b->present = 1;
	b->n = row->n;
	b->n_failed = row->n_failed;
	b->min = row->min;
	b->q1 = row->q1;
	b->median = row->median;
	b->q3 = row->q3;
	b->max = row->max;
}

static struct slot *slot_add(struct panel *p, const char *runtime, const char *variant,
			     int show_variant)
{
	struct slot *slot;

	ALLOC_GROW(p->slots, p->nr_slots + 1, p->alloc_slots);
	slot = &p->slots[p->nr_slots++];
	if (show_variant && *variant) {
		struct strbuf label = STRBUF_INIT;
		strbuf_addf(&label, "%s %s", runtime, variant);
		slot->label = strbuf_detach(&label, NULL);
	} else {
		slot->label = xstrdup(runtime);
	}
	slot->boxes = xcalloc(p->nr_boxes, sizeof(*slot->boxes));
	return slot;
}

static void panel_add_slots(struct panel *p, const struct figure *fig, const struct orders *o,
			    const struct strvec *variants, const struct summary *s)
{
	for (size_t r = 0; r < o->runtimes.nr; r++) {
		for (size_t v = 0; v < variants->nr; v++) {
			struct slot *slot = NULL;
			for (size_t i = 0; i < s->nr; i++) {
				const struct summary_row *row = &s->rows[i];
				if (!row_in_panel(row, p) ||
				    strcmp(row->runtime, o->runtimes.v[r]) ||
				    strcmp(row->variant, variants->v[v]))
					continue;
				if (!slot)
					slot = slot_add(p, row->runtime, row->variant,
							variants->nr > 1);
				box_set(&slot->boxes[index_of(&fig->host_types, row->host_type)],
					row);
			}
		}
	}
}

static int panel_fill(struct panel *p, const struct figure *fig, const struct orders *o,
		      const struct summary *s)
{
	struct strvec variants = STRVEC_INIT;
	const struct summary_row *first = NULL;
	int ret = 0;

	for (size_t i = 0; i < s->nr && !ret; i++) {
		if (!row_in_panel(&s->rows[i], p))
			continue;
		if (!first)
			first = &s->rows[i];
		ret = check_consistent(s, first, &s->rows[i]);
		push_unique(&variants, s->rows[i].variant);
	}
	if (!ret) {
		p->unit = xstrdup(first->unit);
		p->better = strcmp(first->better, "higher") ? BETTER_LOWER : BETTER_HIGHER;
		panel_add_slots(p, fig, o, &variants, s);
	}
	strvec_clear(&variants);
	return ret;
}

static int has_panel(const struct summary *s, const char *application, const char *metric)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->rows[i].application, application) &&
		    !strcmp(s->rows[i].metric, metric))
			return 1;
	return 0;
}

int figure_build(struct figure *fig, const struct summary *s)
{
	struct orders o = {STRVEC_INIT, STRVEC_INIT, STRVEC_INIT};
	int ret = 0;

	memset(fig, 0, sizeof(*fig));
	orders_collect(&o, fig, s);
	for (size_t a = 0; a < o.applications.nr && !ret; a++) {
		for (size_t m = 0; m < o.metrics.nr && !ret; m++) {
			struct panel *p;
			if (!has_panel(s, o.applications.v[a], o.metrics.v[m]))
				continue;
			ALLOC_GROW(fig->panels, fig->nr_panels + 1, fig->alloc_panels);
			p = &fig->panels[fig->nr_panels++];
			memset(p, 0, sizeof(*p));
			p->application = xstrdup(o.applications.v[a]);
			p->metric = xstrdup(o.metrics.v[m]);
			p->nr_boxes = fig->host_types.nr;
			ret = panel_fill(p, fig, &o, s);
		}
	}
	orders_clear(&o);
	if (ret)
		figure_release(fig);
	return ret;
}

static void panel_release(struct panel *p)
{
	for (size_t i = 0; i < p->nr_slots; i++) {
		free(p->slots[i].label);
		free(p->slots[i].boxes);
	}
	free(p->slots);
	free(p->application);
	free(p->metric);
	free(p->unit);
}

void figure_release(struct figure *fig)
{
	for (size_t i = 0; i < fig->nr_panels; i++)
		panel_release(&fig->panels[i]);
	free(fig->panels);
	strvec_clear(&fig->host_types);
	memset(fig, 0, sizeof(*fig));
}

void panel_axis_label(const struct panel *p, struct strbuf *out)
{
	strbuf_addstr(out, p->metric);
	if (*p->unit)
		strbuf_addf(out, " (%s)", p->unit);
}

int panel_data_range(const struct panel *p, double *lo, double *hi)
{
	int any = 0;

	*lo = *hi = 0;
	for (size_t i = 0; i < p->nr_slots; i++) {
		for (size_t j = 0; j < p->nr_boxes; j++) {
			const struct box *b = &p->slots[i].boxes[j];
			if (!b->present || b->n == 0)
				continue;
			if (!any || b->min < *lo)
				*lo = b->min;
			if (!any || b->max > *hi)
				*hi = b->max;
			any = 1;
		}
	}
	return any;
}
