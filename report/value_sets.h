#ifndef CRBENCH_VALUE_SETS_H
#define CRBENCH_VALUE_SETS_H

#include <stddef.h>

/*
 * Values drawn beside a box but not part of summary.csv: the outliers
 * (from summary.json) and the raw points (from samples.csv), each list
 * under the key of its group (host_type, runtime, application, variant,
 * metric) as analysis forms groups.
 */
enum { VK_HOST_TYPE, VK_RUNTIME, VK_APPLICATION, VK_VARIANT, VK_METRIC, VK_NKEYS };

struct value_set {
	char *key[VK_NKEYS];
	double *v;
	size_t nr, alloc;
};

struct value_sets {
	struct value_set *sets;
	size_t nr, alloc;
	size_t last; /* the set found last: rows of one group come together */
};

#define VALUE_SETS_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

/* The set of `key`, created empty when `create`; NULL when absent otherwise. */
struct value_set *value_sets_get(struct value_sets *vs, const char *const key[VK_NKEYS],
				 int create);
void value_set_add(struct value_set *set, double v);
void value_sets_release(struct value_sets *vs);

#endif
