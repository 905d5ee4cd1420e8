/*
 * The experiment as a data model: defaults that every stage shares (the
 * figures of a report without experiment), lookups and freeing. It names
 * no plug-in, so that the plug-in contracts may include spec/spec.h.
 */
#include "spec/spec.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

double spec_step_timeout(const struct spec_application *app, const char *step)
{
	const struct spec_step_timeouts *t = &app->timeouts;
	double v = !strcmp(step, "run")	     ? t->run
		   : !strcmp(step, "deploy") ? t->deploy
		   : !strcmp(step, "setup")  ? t->setup
		   : !strcmp(step, "client") ? t->client
					     : 0;
	return v > 0 ? v : app->timeout;
}

void spec_default_figures(struct experiment *exp)
{
	for (unsigned m = METRIC_DEPLOY_TIME; m <= METRIC_IDLE_MEMORY; m <<= 1) {
		struct spec_figure *f;
		if (!(exp->metrics & m))
			continue;
		exp->figures = xrealloc(exp->figures, (exp->nr_figures + 1) * sizeof(*f));
		f = &exp->figures[exp->nr_figures++];
		memset(f, 0, sizeof(*f));
		f->name = xstrdup(spec_metric_name(m));
		f->metric = xstrdup(spec_metric_name(m));
		f->size = xstrdup("auto");
	}
}

int spec_figure_size(const char *text, double *width_in, double *height_in)
{
	char *end;
	double w, h;

	*width_in = *height_in = 0;
	if (!strcmp(text, "auto"))
		return 0;
	if (!strcmp(text, "single") || !strcmp(text, "double")) {
		*width_in = text[0] == 's' ? FIGURE_SINGLE_IN : FIGURE_DOUBLE_IN;
		return 0;
	}
	errno = 0;
	w = strtod(text, &end);
	if (end == text || *end != 'x' || errno)
		return -1;
	text = end + 1;
	h = strtod(text, &end);
	if (end == text || *end || errno || !(w >= 1 && w <= 20 && h >= 1 && h <= 20))
		return -1;
	*width_in = w;
	*height_in = h;
	return 0;
}

/* ---- combinations left out of the matrix ---- */

static const char *const dimension_names[DIM_N] = {"host", "host_type", "runtime", "application"};

const char *spec_dimension_name(enum spec_dimension d)
{
	return dimension_names[d];
}

static void free_runtime(struct spec_runtime *rt)
{
	free(rt->name);
	free(rt->driver);
	free(rt->handler);
	strvec_clear(&rt->options);
}

static void free_app(struct spec_application *app)
{
	free(app->name);
	free(app->workload);
	params_free(&app->params);
}

void spec_free_hosts(struct spec_host *hosts, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct spec_host *h = &hosts[i];
		free(h->name);
		free(h->transport);
		free(h->host_type);
		free(h->address);
		free(h->user);
		free(h->ssh_alias);
		free(h->ssh_config);
		free(h->known_hosts);
		free(h->identity);
		strvec_clear(&h->labels);
		free(h->crbench);
	}
	free(hosts);
}

static void free_figures(struct experiment *exp)
{
	for (size_t i = 0; i < exp->nr_figures; i++) {
		free(exp->figures[i].name);
		free(exp->figures[i].metric);
		free(exp->figures[i].size);
	}
	free(exp->figures);
}

static void free_excludes(struct experiment *exp)
{
	for (size_t i = 0; i < exp->nr_excludes; i++)
		for (int d = 0; d < DIM_N; d++)
			strvec_clear(&exp->excludes[i].values[d]);
	free(exp->excludes);
}

void spec_free(struct experiment *exp)
{
	free_figures(exp);
	free_excludes(exp);
	spec_free_hosts(exp->hosts, exp->nr_hosts);
	for (size_t i = 0; i < exp->nr_runtimes; i++)
		free_runtime(&exp->runtimes[i]);
	for (size_t i = 0; i < exp->nr_apps; i++)
		free_app(&exp->apps[i]);
	free(exp->runtimes);
	free(exp->apps);
	free(exp->file);
	free(exp->name);
	free(exp->description);
	free(exp->baseline);
	memset(exp, 0, sizeof(*exp));
}

const char *const spec_ssh_keys[] = {"address",	   "user",	  "port",     "ssh_alias",
				     "ssh_config", "known_hosts", "identity", NULL};

const char *spec_order_name(enum spec_order o)
{
	return o == ORDER_SEQUENTIAL ? "sequential" : "randomized";
}

const char *spec_grouping_name(enum figure_grouping g)
{
	return g == GROUP_BY_METRIC ? "metric" : "application";
}

const char *spec_scale_name(enum figure_scale s)
{
	return s == SCALE_LOG ? "log" : "linear";
}

const char *spec_metric_name(enum spec_metric m)
{
	switch (m) {
	case METRIC_DEPLOY_TIME:
		return "deploy_time";
	case METRIC_PERFORMANCE:
		return "performance";
	case METRIC_IDLE_MEMORY:
		return "idle_memory";
	}
	return "?";
}
