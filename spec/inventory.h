#ifndef CRBENCH_INVENTORY_H
#define CRBENCH_INVENTORY_H

#include "spec/spec.h"

#include <stddef.h>

/*
 * Where hosts come from: an inventory YAML, an Ansible INI inventory or an
 * experiment file (its hosts). `crbench hosts check` and `crbench exec`
 * take any of them.
 */
struct inventory {
	struct spec_host *hosts;
	size_t nr_hosts;
	struct experiment exp; /* when the file was an experiment; then hosts point into it */
	int is_experiment;
};

#define INVENTORY_INIT                                                                             \
	{                                                                                          \
		.hosts = NULL                                                                      \
	}

/* Problems are printed as "file:line(:col): message"; then -1. */
int inventory_load(struct inventory *inv, const char *path);
/*
 * For `crbench exec`: the inventory `path`, or (path NULL) a single ssh
 * host `alias` looked up in the ssh_config file `ssh_config` (NULL:
 * ~/.ssh/config). `ssh_config` is also the default of the loaded hosts.
 */
int inventory_load_or_alias(struct inventory *inv, const char *path, const char *ssh_config,
			    const char *alias);
const struct spec_host *inventory_find(const struct inventory *inv, const char *name);
void inventory_free(struct inventory *inv);

#endif
