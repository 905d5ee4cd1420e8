#ifndef CRBENCH_SPEC_HOSTS_H
#define CRBENCH_SPEC_HOSTS_H

#include "spec/setters.h"

/*
 * The host entries of an experiment or inventory file (hosts.c): `hosts:`,
 * and `ssh_config:`, the file's default for its ssh hosts.
 */
set_fn set_hosts, set_ssh_config;
/* No `hosts:` nor `inventory:`: the one host "local", this machine. */
void hosts_add_local(struct loader *ld, struct experiment *exp);

#endif
