#ifndef CRBENCH_YAMLDOC_H
#define CRBENCH_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

struct strbuf;

/*
 * Small helpers over libyaml's document API, shared by the experiment
 * loader and workloads that parse YAML output (stress-ng --yaml).
 * Node marks are 0-based in libyaml; messages add 1.
 */

/*
 * Load the first document of `text`. On a syntax error returns -1 with
 * "LINE:COL: problem" in `why`. An empty text loads as a document without
 * a root node.
 */
int yamldoc_load(yaml_document_t *doc, const char *text, size_t len, struct strbuf *why);
/*
 * Like yamldoc_load(), for configuration files: also refuses a second
 * document (it would be silently ignored), aliases (they can make the
 * node graph cyclic, and a config file has no use for them) and values
 * with a NUL byte ("\0": yamldoc_scalar() would cut them short), each with
 * "LINE:COL: problem" in `why`. Anchors without aliases are harmless.
 */
int yamldoc_load_strict(yaml_document_t *doc, const char *text, size_t len, struct strbuf *why);
yaml_node_t *yamldoc_root(yaml_document_t *doc);
/* The value of `key` in mapping `map`, or NULL (also when map is not a mapping). */
yaml_node_t *yamldoc_map_get(yaml_document_t *doc, yaml_node_t *map, const char *key);
/* The scalar's text, or NULL when `node` is not a scalar. */
const char *yamldoc_scalar(const yaml_node_t *node);
/* "a single value", "a list" or "a mapping", for messages. */
const char *yamldoc_kind(const yaml_node_t *node);

#endif
