#ifndef CRBENCH_SPEC_HOST_FILE_H
#define CRBENCH_SPEC_HOST_FILE_H

#include "spec/spec.h"

#include <stddef.h>

/*
 * The hosts of an inventory file: YAML (*.yaml, *.yml) with the same host
 * entries as an experiment under `hosts:` (and an optional `ssh_config:`),
 * or else an Ansible INI inventory. Hosts default to transport ssh.
 * Problems are printed as "path:line(:col): message"; then -1.
 */
int spec_load_hosts(const char *path, struct spec_host **hosts, size_t *nr);
/* Whether `path` names a YAML file (*.yaml, *.yml in any case); other host files are INI. */
int host_file_is_yaml(const char *path);

#endif
