/* The metrics of a repetition: declared from the workload's table, then set by its parser. */
#include "orchestrator/workload/workload.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void metric_list_add(struct metric_list *l, const char *name, double value, const char *unit,
		     const char *better)
{
	ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = (struct metric_value){xstrdup(name), value, unit, better};
}

void metric_list_free(struct metric_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

int metric_list_set(struct metric_list *l, const char *name, double value)
{
	for (size_t i = 0; i < l->nr; i++) {
		if (!strcmp(l->v[i].name, name)) {
			l->v[i].value = value;
			return 0;
		}
	}
	return -1;
}

static int is_list(const struct workload_ops *w, const char *param)
{
	for (const struct param_decl *d = w->params; d->name; d++)
		if (!strcmp(d->name, param))
			return d->type == PARAM_LIST;
	return 0;
}

/* The names `tmpl` stands for: itself, or one per value of its "{PARAM}". */
static void expand_name(const struct workload_ops *w, const struct params *p, const char *tmpl,
			struct strvec *names)
{
	const char *open = strchr(tmpl, '{'), *close = open ? strchr(open, '}') : NULL;
	struct strvec values = STRVEC_INIT;
	char *param;

	if (!close) {
		strvec_push(names, tmpl);
		return;
	}
	param = xstrndup(open + 1, (size_t)(close - open - 1));
	if (is_list(w, param))
		params_list(p, param, &values);
	else
		strvec_push(&values, params_text(p, param));
	for (size_t i = 0; i < values.nr; i++)
		strvec_pushf(names, "%.*s%s%s", (int)(open - tmpl), tmpl, values.v[i], close + 1);
	strvec_clear(&values);
	free(param);
}

/* A unit or direction: as written, or the value of the parameter "{PARAM}" names. */
static const char *expand_word(const struct params *p, const char *text)
{
	size_t len = strlen(text);
	const char *value = text;

	if (len > 2 && text[0] == '{' && text[len - 1] == '}') {
		char *param = xstrndup(text + 1, len - 2);
		value = params_text(p, param);
		free(param);
	}
	return value;
}

void workload_declare_metrics(const struct workload_ops *w, const struct params *p,
			      struct metric_list *out)
{
	struct strvec names = STRVEC_INIT;

	for (const struct output_metric *m = w->metrics; m && m->name; m++) {
		expand_name(w, p, m->name, &names);
		for (size_t i = 0; i < names.nr; i++)
			if (!w->yields || w->yields(p, names.v[i]))
				metric_list_add(out, names.v[i], NAN, expand_word(p, m->unit),
						expand_word(p, m->better));
		strvec_clear(&names);
	}
}
