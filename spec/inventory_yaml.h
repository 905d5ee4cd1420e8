#ifndef CRBENCH_SPEC_INVENTORY_YAML_H
#define CRBENCH_SPEC_INVENTORY_YAML_H

#include "spec/spec.h"

#include <stddef.h>

/*
 * A YAML inventory (inventory_yaml.c): the host entries of an experiment
 * under `hosts:`, and an optional `ssh_config:`, alone; hosts default to
 * transport ssh. Problems are printed as "file:line:col: message"; then -1.
 */
int inventory_yaml_load(const char *file, const char *text, size_t len, struct spec_host **hosts,
			size_t *nr);

#endif
