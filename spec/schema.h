#ifndef CRBENCH_SPEC_SCHEMA_H
#define CRBENCH_SPEC_SCHEMA_H

#include "common/strvec.h"
#include "common/yamldoc.h"
#include "spec/spec.h"

#include <stddef.h>

/*
 * The schema walker of the experiment file (schema.c). Every section of
 * the file (the experiment, limits, a host, a runtime, an application) is
 * one declarative table of keys; one walker checks the keys of a mapping
 * (unknown, duplicate, wrong kind, missing) and hands each value to its
 * setter. Keys are visited in table order, not file order, so a table
 * lists what a later key depends on first (an application inherits
 * `limits` and `timeout`, `baseline` names a runtime, `params` needs the
 * workload).
 *
 * Problems are collected, sorted by position and printed together as
 * "file:line:col: message", so one run of `crbench plan` shows them all.
 * What a message shows between quotes (the user's values) is cut to 80
 * bytes: a value may be megabytes long.
 */

struct strbuf;

/* One problem found in the file; printed once the whole file was read. */
struct diag {
	int line, col;
	size_t seq; /* keeps problems at one position in the order found */
	char *msg;
};

struct loader {
	yaml_document_t *doc;
	const char *file; /* relative paths in it are taken from its directory */
	struct experiment *exp;
	char *ssh_config; /* the file's `ssh_config:`, the default of its hosts */
	int inventory;	  /* an inventory file: hosts default to transport ssh */
	struct diag *diags;
	size_t nr_diags, alloc_diags;
};

/* ---- problems and their positions ---- */

struct spec_pos schema_pos(const yaml_node_t *node);
__attribute__((format(printf, 4, 5))) void schema_report_at(struct loader *ld, int line, int col,
							    const char *fmt, ...);
/* Record a problem at `node` (the key, the value or the enclosing mapping). */
__attribute__((format(printf, 3, 4))) void schema_report(struct loader *ld, const yaml_node_t *node,
							 const char *fmt, ...);
/*
 * `unknown KIND "word" (did you mean "x"?)`, or the known names when none is
 * close; `list_known` adds them anyway (plug-in names: the user may not know
 * which exist at all).
 */
void schema_report_unknown(struct loader *ld, const yaml_node_t *node, const char *kind,
			   const char *word, const struct strvec *known, int list_known);
/* "known: a, b, c" */
void schema_add_known(struct strbuf *sb, const struct strvec *known);
/* Print and forget every problem, sorted by position; returns how many there were. */
size_t schema_print_diags(struct loader *ld, const char *file);

yaml_node_t *schema_node(struct loader *ld, int index);
/* The first key `name` of mapping `map` (the key, for its position), or NULL. */
yaml_node_t *schema_key(struct loader *ld, yaml_node_t *map, const char *name);
void schema_replace_str(char **dst, const char *s);

/* ---- the key tables and the walker ---- */

struct key;
typedef void set_fn(struct loader *ld, yaml_node_t *value, void *obj, const struct key *k);

struct section;
struct key {
	const char *name;
	yaml_node_type_t type; /* what the value must be; YAML_NO_NODE: the setter checks */
	const char *what;      /* the expected value, for messages: "a list of runtimes" */
	int required;
	set_fn *set;		   /* NULL: the section's finish() reads it */
	size_t offset;		   /* of the field in the object, for generic setters */
	double min, max;	   /* bounds for generic numeric setters */
	const struct section *sub; /* the table of a nested mapping (set_section) */
};

struct section {
	const char *noun; /* "runtime", for messages */
	const struct key *keys;
	void (*init)(struct loader *ld, void *obj); /* defaults, before the walk */
	void (*finish)(struct loader *ld, yaml_node_t *map, void *obj);
	/* list items: element size and where their name (or NO_NAME) and position are */
	size_t size, name_off, pos_off;
};

#define NO_NAME ((size_t)-1)

#define FIELD(obj, k, type) ((type *)((char *)(obj) + (k)->offset))

/* Shorthands that keep each row of a key table on one line. */
#define SCALAR	 YAML_SCALAR_NODE
#define LIST	 YAML_SEQUENCE_NODE
#define MAP	 YAML_MAPPING_NODE
#define REQUIRED 1
#define OPTIONAL 0
#define AT	 offsetof
#define KEY(name, type, what, required, set, offset)                                               \
	{                                                                                          \
		name, type, what, required, set, offset, 0, 0, NULL                                \
	}
#define END_OF_KEYS                                                                                \
	{                                                                                          \
		.name = NULL                                                                       \
	}

/* Keys that are not single values, repeated, or not in `known`. */
void schema_check_keys(struct loader *ld, yaml_node_t *map, const struct strvec *known,
		       const char *kind);
/* Walk mapping `map` into `obj` along the table of `sec`. */
void schema_walk_section(struct loader *ld, yaml_node_t *map, const struct section *sec, void *obj);
/* A list of mappings walked along `sec` into a new array of sec->size elements. */
void *schema_walk_list(struct loader *ld, yaml_node_t *seq, const struct section *sec, size_t *nr);

#endif
