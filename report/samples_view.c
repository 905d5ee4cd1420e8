#include "report/samples_view.h"
#include "analysis/groups.h"
#include "analysis/samples_reader.h"
#include "common/xalloc.h"
#include "report/value_sets.h"

#include <stdlib.h>
#include <string.h>

static int same_rep(const struct failed_rep *f, const struct sample *s)
{
	return f->repetition == s->repetition && !strcmp(f->host, s->host) &&
	       !strcmp(f->runtime, s->runtime) && !strcmp(f->application, s->application) &&
	       !strcmp(f->variant, s->variant);
}

static void add_failed(struct failed_reps *failed, const struct sample *s)
{
	struct failed_rep *f;

	/* the metrics of one repetition are consecutive rows */
	if (failed->nr && same_rep(&failed->v[failed->nr - 1], s))
		return;
	ALLOC_GROW(failed->v, failed->nr + 1, failed->alloc);
	f = &failed->v[failed->nr++];
	f->host = xstrdup(s->host);
	f->host_type = xstrdup(s->host_type);
	f->runtime = xstrdup(s->runtime);
	f->application = xstrdup(s->application);
	f->variant = xstrdup(s->variant);
	f->status = xstrdup(s->status);
	f->repetition = s->repetition;
}

struct view {
	struct value_sets *points;
	struct failed_reps *failed;
};

static void take_row(const struct sample *s, void *ctx)
{
	struct view *v = ctx;

	if (sample_is_ok(s) && v->points) {
		const char *key[VK_NKEYS] = {s->host_type, s->runtime, s->application, s->variant,
					     s->metric};
		value_set_add(value_sets_get(v->points, key, 1), s->value);
	} else if (!sample_is_ok(s) && !sample_is_warmup(s)) {
		add_failed(v->failed, s);
	}
}

int samples_view_read(const char *path, struct value_sets *points, struct failed_reps *failed)
{
	struct group_set gs = GROUP_SET_INIT;
	struct view v = {points, failed};
	int ret = samples_read_each(path, &gs, take_row, &v);

	groups_clear(&gs);
	return ret;
}

void failed_reps_release(struct failed_reps *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->v[i].host);
		free(f->v[i].host_type);
		free(f->v[i].runtime);
		free(f->v[i].application);
		free(f->v[i].variant);
		free(f->v[i].status);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}
