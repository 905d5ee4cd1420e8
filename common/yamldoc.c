#include "common/yamldoc.h"
#include "common/strbuf.h"

#include <string.h>

int yamldoc_load(yaml_document_t *doc, const char *text, size_t len, struct strbuf *why)
{
	yaml_parser_t parser;
	int ok;

	if (!yaml_parser_initialize(&parser)) {
		strbuf_addstr(why, "cannot initialise the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.context_mark;
		strbuf_addf(why, "%zu:%zu: %s", m->line + 1, m->column + 1,
			    parser.problem ? parser.problem : "invalid YAML");
		if (parser.context)
			strbuf_addf(why, " %s", parser.context);
	}
	yaml_parser_delete(&parser);
	return ok ? 0 : -1;
}

yaml_node_t *yamldoc_root(yaml_document_t *doc)
{
	return yaml_document_get_root_node(doc);
}

yaml_node_t *yamldoc_map_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *k = yamldoc_scalar(yaml_document_get_node(doc, p->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

const char *yamldoc_scalar(const yaml_node_t *node)
{
	if (!node || node->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)node->data.scalar.value;
}
