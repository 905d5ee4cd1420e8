#ifndef CRBENCH_RUN_INFO_H
#define CRBENCH_RUN_INFO_H

#include "spec/spec.h"

#include <jansson.h>
#include <stddef.h>

/*
 * What the title page says about a run: run.json (version, digest, start),
 * the experiment as run (DIR/experiment.yaml, through spec_load, which also
 * gives the figures and the baseline) and the facts of every host, at the
 * start (hosts/<host>.json) and at the end (hosts/<host>.end.json) where
 * the orchestrator recorded them. Each part is optional: a run directory
 * copied without them still gets its figures.
 */
struct host_info {
	char *name;
	json_t *facts, *end_facts; /* NULL when absent */
};

struct run_info {
	char *dir, *run_id;
	json_t *run; /* run.json, NULL when absent */
	struct experiment exp;
	int have_experiment;
	struct host_info *hosts;
	size_t nr_hosts;
};

/* Errors only for files that exist and are malformed; absent ones are left out. */
int run_info_read(const char *dir, struct run_info *info);
void run_info_release(struct run_info *info);

/* run.json's `key` as text, or "unknown". */
const char *run_info_get(const struct run_info *info, const char *key);

#endif
