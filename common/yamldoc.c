#include "common/yamldoc.h"
#include "common/strbuf.h"

#include <string.h>

static void add_mark(struct strbuf *why, const yaml_mark_t *m)
{
	strbuf_addf(why, "%zu:%zu: ", m->line + 1, m->column + 1);
}

static void add_parser_problem(struct strbuf *why, const yaml_parser_t *parser)
{
	add_mark(why, parser->problem ? &parser->problem_mark : &parser->context_mark);
	strbuf_addstr(why, parser->problem ? parser->problem : "invalid YAML");
	if (parser->context)
		strbuf_addf(why, " %s", parser->context);
}

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
	if (!ok)
		add_parser_problem(why, &parser);
	yaml_parser_delete(&parser);
	return ok ? 0 : -1;
}

/* 0 to go on, -1 (with the reason in `why`) for what the strict loader refuses. */
static int check_event(const yaml_event_t *ev, int *documents, struct strbuf *why)
{
	if (ev->type == YAML_DOCUMENT_START_EVENT && ++*documents > 1) {
		add_mark(why, &ev->start_mark);
		strbuf_addstr(why, "more than one YAML document (one experiment per file)");
		return -1;
	}
	/* every reader takes a scalar as a C string, which a NUL would cut short */
	if (ev->type == YAML_SCALAR_EVENT &&
	    memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
		add_mark(why, &ev->start_mark);
		strbuf_addstr(why, "a NUL byte (\\0) in a value is not supported");
		return -1;
	}
	if (ev->type == YAML_ALIAS_EVENT) {
		add_mark(why, &ev->start_mark);
		strbuf_addf(why, "aliases (*%s) are not supported; write the value out",
			    (const char *)ev->data.alias.anchor);
		return -1;
	}
	return 0;
}

/*
 * The document loader resolves aliases and stops after one document, so
 * what the strict loader refuses is only visible in the event stream: one
 * cheap pass over it first.
 */
static int check_events(const char *text, size_t len, struct strbuf *why)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int documents = 0, ret = 0, done = 0;

	if (!yaml_parser_initialize(&parser)) {
		strbuf_addstr(why, "cannot initialise the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done && !ret) {
		if (!yaml_parser_parse(&parser, &ev)) {
			add_parser_problem(why, &parser);
			ret = -1;
			break;
		}
		ret = check_event(&ev, &documents, why);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ret;
}

int yamldoc_load_strict(yaml_document_t *doc, const char *text, size_t len, struct strbuf *why)
{
	if (check_events(text, len, why) < 0)
		return -1;
	return yamldoc_load(doc, text, len, why);
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

const char *yamldoc_kind(const yaml_node_t *node)
{
	if (!node)
		return "nothing";
	switch (node->type) {
	case YAML_SCALAR_NODE:
		return "a single value";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_NO_NODE:
		break;
	}
	return "nothing";
}
