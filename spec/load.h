#ifndef CRBENCH_SPEC_LOAD_H
#define CRBENCH_SPEC_LOAD_H

#include "spec/spec.h"

#include <stddef.h>

/*
 * Load and validate `path`. Prints every problem found (not only the first)
 * to stderr as "path:line:col: message", sorted by position, and returns -1
 * if there was any; `exp` is then left empty (spec_free() is harmless).
 * YAML aliases (*name) and a second document are refused.
 */
int spec_load(const char *path, struct experiment *exp);

/*
 * The hosts of an inventory file: YAML (*.yaml, *.yml) with the same host
 * entries as an experiment under `hosts:` (and an optional `ssh_config:`),
 * or else an Ansible INI inventory. Hosts default to transport ssh.
 * Problems are printed as "path:line(:col): message"; then -1.
 */
int spec_load_hosts(const char *path, struct spec_host **hosts, size_t *nr);

#endif
