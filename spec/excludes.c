/* The combinations an experiment leaves out of the matrix (`exclude:`). */
#include "spec/excludes.h"

#include <string.h>

/* An item without a name was reported already; an exclusion cannot name it. */
static void push_name(struct strvec *known, const char *name)
{
	if (name)
		strvec_push(known, name);
}

/* The names the experiment has along `d`, for checking an exclusion against. */
static void dimension_values(const struct experiment *exp, enum spec_dimension d,
			     struct strvec *known)
{
	for (size_t i = 0; d == DIM_HOST && i < exp->nr_hosts; i++)
		push_name(known, exp->hosts[i].name);
	if (d == DIM_HOST_TYPE) {
		strvec_push(known, "bare-metal");
		strvec_push(known, "nested-vm");
	}
	for (size_t i = 0; d == DIM_RUNTIME && i < exp->nr_runtimes; i++)
		push_name(known, exp->runtimes[i].name);
	for (size_t i = 0; d == DIM_APPLICATION && i < exp->nr_apps; i++)
		push_name(known, exp->apps[i].name);
}

static void add_dimension_value(struct loader *ld, yaml_node_t *item, const struct key *k,
				const struct strvec *known, struct strvec *values)
{
	const char *text = yamldoc_scalar(item);

	if (!text)
		schema_report(ld, item, "expected a %s name, not %s", k->name, yamldoc_kind(item));
	else if (strvec_has(known, text))
		strvec_push(values, text);
	else if (known->nr) /* none: every item lacks its name, reported already */
		schema_report_unknown(ld, item, k->name, text, known, 1);
}

/* One name or a list of names, each one the experiment has along the key's dimension. */
static void set_dimension(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec *values = FIELD(obj, k, struct strvec), known = STRVEC_INIT;
	yaml_node_item_t *it = v->data.sequence.items.start, *end = v->data.sequence.items.top;
	enum spec_dimension d = DIM_HOST;

	while (strcmp(spec_dimension_name(d), k->name))
		d++;
	dimension_values(ld->exp, d, &known);
	if (v->type == YAML_SCALAR_NODE)
		add_dimension_value(ld, v, k, &known, values);
	else if (v->type == YAML_SEQUENCE_NODE && it < end)
		for (; it < end; it++)
			add_dimension_value(ld, schema_node(ld, *it), k, &known, values);
	else
		schema_report(ld, v, "\"%s\" takes a name or a list of names", k->name);
	strvec_clear(&known);
}

static void exclude_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	(void)obj;
	if (map->data.mapping.pairs.start == map->data.mapping.pairs.top)
		schema_report(
			ld, map,
			"an exclusion names at least one of host, host_type, runtime, application");
}

#define DIMENSION_KEY(name, d)                                                                     \
	KEY(name, YAML_NO_NODE, "a name or a list of names", OPTIONAL, set_dimension,              \
	    offsetof(struct spec_exclude, values) + (d) * sizeof(struct strvec))

static const struct key exclude_keys[] = {
	DIMENSION_KEY("host", DIM_HOST),
	DIMENSION_KEY("host_type", DIM_HOST_TYPE),
	DIMENSION_KEY("runtime", DIM_RUNTIME),
	DIMENSION_KEY("application", DIM_APPLICATION),
	END_OF_KEYS,
};

static const struct section exclude_section = {
	.noun = "exclusion",
	.keys = exclude_keys,
	.finish = exclude_finish,
	.size = sizeof(struct spec_exclude),
	.name_off = NO_NAME,
	.pos_off = offsetof(struct spec_exclude, pos),
};

void set_excludes(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	/* a top-level key: the matrix reports there when the exclusions leave nothing */
	exp->exclude_pos = schema_pos(schema_key(ld, yamldoc_root(ld->doc), k->name));
	exp->excludes = schema_walk_list(ld, v, &exclude_section, &exp->nr_excludes);
}
