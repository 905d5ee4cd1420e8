#ifndef CRBENCH_SPEC_INVENTORY_INI_H
#define CRBENCH_SPEC_INVENTORY_INI_H

#include "spec/spec.h"

#include <stddef.h>

struct strbuf;

/*
 * Ansible INI inventories (inventory_ini.c): [group] sections of host lines
 * "name key=value ...", [group:vars] and [group:children]. Understood:
 * ansible_host, ansible_user, ansible_port, ansible_ssh_private_key_file
 * (and the older ansible_ssh_* names), crbench_host_type, crbench_known_hosts,
 * crbench_ssh_config; other variables are ignored. Every group of a host
 * becomes one of its labels, and a group named bare-metal/bare_metal or
 * nested-vm/nested_vm sets its host type. `text` is `len` bytes; a leading
 * UTF-8 byte order mark is skipped and a NUL byte is an error. The first
 * problem goes to `why` as "file:line: message" ("file:line:col:" for a NUL).
 */
int inventory_ini_parse(const char *file, const char *text, size_t len, struct spec_host **hosts,
			size_t *nr, struct strbuf *why);
/* The same with the problem printed. */
int inventory_ini_load(const char *file, const char *text, size_t len, struct spec_host **hosts,
		       size_t *nr);

#endif
