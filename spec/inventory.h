#ifndef CRBENCH_INVENTORY_H
#define CRBENCH_INVENTORY_H

#include "common/strbuf.h"
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

/*
 * Ansible INI inventories (inventory_ini.c): [group] sections of host lines
 * "name key=value ...", [group:vars] and [group:children]. Understood:
 * ansible_host, ansible_user, ansible_port, ansible_ssh_private_key_file
 * (and the older ansible_ssh_* names), crbench_host_type, crbench_known_hosts,
 * crbench_ssh_config; other variables are ignored. Every group of a host
 * becomes one of its labels, and a group named bare-metal/bare_metal or
 * nested-vm/nested_vm sets its host type. The first problem goes to `why`
 * as "file:line: message".
 */
int inventory_ini_parse(const char *file, const char *text, struct spec_host **hosts, size_t *nr,
			struct strbuf *why);
/* The same with the problem printed. */
int inventory_ini_load(const char *file, const char *text, struct spec_host **hosts, size_t *nr);

#endif
