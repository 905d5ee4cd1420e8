#include "common/xalloc.h"
#include "orchestrator/workload/workload.h"

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
