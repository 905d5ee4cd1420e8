#ifndef CRBENCH_SAMPLES_VIEW_H
#define CRBENCH_SAMPLES_VIEW_H

#include <stddef.h>

struct value_sets;

/* A repetition that gave no value: what the report lists as failed. */
struct failed_rep {
	char *host, *host_type, *runtime, *application, *variant, *status;
	int repetition;
};

struct failed_reps {
	struct failed_rep *v;
	size_t nr, alloc;
};

#define FAILED_REPS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/*
 * What the report needs from DIR/samples.csv (read by analysis's strict
 * reader): the values of "ok" rows per group into `points` (NULL: not
 * wanted), and one entry per failed repetition (rows with a status other
 * than ok and warmup; several metrics of one repetition are one entry).
 */
int samples_view_read(const char *path, struct value_sets *points, struct failed_reps *failed);
void failed_reps_release(struct failed_reps *f);

#endif
