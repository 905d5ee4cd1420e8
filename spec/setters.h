#ifndef CRBENCH_SPEC_SETTERS_H
#define CRBENCH_SPEC_SETTERS_H

#include "spec/schema.h"

/* Generic setters of the key tables: the field is at k->offset. */
set_fn set_string, set_name, set_ulong, set_int;
/* real values > 0: a number, a duration (seconds), a size (bytes) */
set_fn set_number, set_duration, set_size;
/* A nested mapping, walked along k->sub into the struct at k->offset. */
set_fn set_section;
/* A file named in the file being loaded: ~ expanded, relative to its directory. */
set_fn set_path;
/*
 * The path of set_path() (a new string), reported at `v` when it names what
 * crbench will not read (a device, a FIFO, a file over the limit): `plan`
 * finds it, not the first connection. A missing file is no error here:
 * known_hosts may be made by the run.
 */
char *schema_path(struct loader *ld, yaml_node_t *v);
/* "false" or "true" into an int */
set_fn set_bool;
/* A value that must be one of two names: its index, or -1 once reported. */
int schema_one_of_two(struct loader *ld, yaml_node_t *v, const char *key, const char *a,
		      const char *b);

#endif
