/* The figures of the report (`figures:`): presentation only, never what is run. */
#include "spec/figures.h"
#include "common/xalloc.h"
#include "spec/applications.h"
#include "orchestrator/workload/workload.h"

#include <string.h>

static void set_grouping(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = schema_one_of_two(ld, v, k->name, spec_grouping_name(GROUP_BY_APPLICATION),
				  spec_grouping_name(GROUP_BY_METRIC));

	if (i >= 0)
		((struct spec_figure *)obj)->grouping = i ? GROUP_BY_METRIC : GROUP_BY_APPLICATION;
}

static void set_scale(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = schema_one_of_two(ld, v, k->name, spec_scale_name(SCALE_LINEAR),
				  spec_scale_name(SCALE_LOG));

	if (i >= 0)
		((struct spec_figure *)obj)->scale = i ? SCALE_LOG : SCALE_LINEAR;
}

static void set_figure_size(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct spec_figure *f = obj;
	const char *text = yamldoc_scalar(v);

	if (spec_figure_size(text, &f->width_in, &f->height_in) < 0)
		schema_report(
			ld, v,
			"\"size\" must be single, double, auto or WxH in inches (1 to 20, e.g. "
			"\"5x2.5\"), not \"%s\"",
			text);
	else
		set_string(ld, v, obj, k);
}

/* The metric kinds measured, and the metrics the applications' workloads declare. */
static void known_figure_metrics(const struct experiment *exp, struct strvec *known)
{
	for (unsigned m = METRIC_DEPLOY_TIME; m <= METRIC_IDLE_MEMORY; m <<= 1)
		if (exp->metrics & m)
			strvec_push(known, spec_metric_name(m));
	for (size_t i = 0; i < exp->nr_apps; i++) {
		const struct spec_application *app = &exp->apps[i];
		struct metric_list l = {0};
		/* a metric name can be made of a parameter; an invalid one is reported */
		if (!app_params_complete(app) || !(exp->metrics & METRIC_PERFORMANCE))
			continue;
		workload_declare_metrics(app->ops, &app->params, &l);
		for (size_t j = 0; j < l.nr; j++)
			if (!strvec_has(known, l.v[j].name))
				strvec_push(known, l.v[j].name);
		metric_list_free(&l);
	}
}

static void set_figure_metric(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec known = STRVEC_INIT;
	const char *text = yamldoc_scalar(v);

	known_figure_metrics(ld->exp, &known);
	if (!strvec_has(&known, text))
		schema_report_unknown(ld, v, "figure metric", text, &known, 1);
	strvec_clear(&known);
	set_string(ld, v, obj, k);
}

static void figure_init(struct loader *ld, void *obj)
{
	struct spec_figure *f = obj;

	(void)ld;
	f->size = xstrdup("auto");
}

static const struct key figure_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct spec_figure, name)),
	KEY("metric", SCALAR, "a metric", REQUIRED, set_figure_metric,
	    AT(struct spec_figure, metric)),
	KEY("grouping", SCALAR, "application or metric", OPTIONAL, set_grouping, 0),
	KEY("scale", SCALAR, "linear or log", OPTIONAL, set_scale, 0),
	KEY("normalize", SCALAR, "true or false", OPTIONAL, set_bool,
	    AT(struct spec_figure, normalize)),
	KEY("size", SCALAR, "single, double or WxH", OPTIONAL, set_figure_size,
	    AT(struct spec_figure, size)),
	KEY("points", SCALAR, "true or false", OPTIONAL, set_bool, AT(struct spec_figure, points)),
	END_OF_KEYS,
};

static const struct section figure_section = {
	.noun = "figure",
	.keys = figure_keys,
	.init = figure_init,
	.size = sizeof(struct spec_figure),
	.name_off = offsetof(struct spec_figure, name),
	.pos_off = offsetof(struct spec_figure, pos),
};

void set_figures(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->figures = schema_walk_list(ld, v, &figure_section, &exp->nr_figures);
	exp->figures_declared = 1;
}
