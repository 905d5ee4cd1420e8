/* The runtimes of an experiment: a driver of the driver table, a handler and options. */
#include "spec/runtimes.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "common/plugin.h"
#include "orchestrator/driver/driver.h"

static void set_driver(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct spec_runtime *rt = obj;
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	rt->ops = driver_find(text);
	if (!rt->ops) {
		plugin_names(driver_table, &known);
		schema_report_unknown(ld, v, "driver", text, &known, 1);
		strvec_clear(&known);
	}
	set_string(ld, v, obj, k);
}

static void set_options(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec *options = FIELD(obj, k, struct strvec);

	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = schema_node(ld, *it);
		if (item->type == YAML_SCALAR_NODE)
			strvec_push(options, yamldoc_scalar(item));
		else
			schema_report(ld, item,
				      "expected one flag (a single value) in \"%s\", not %s",
				      k->name, yamldoc_kind(item));
	}
}

/* The handler defaults to the driver's default or the name; then the driver checks the entry. */
static void runtime_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	struct spec_runtime *rt = obj;
	struct strbuf why = STRBUF_INIT;

	if (!rt->handler && rt->ops && rt->ops->default_handler)
		rt->handler = xstrdup(rt->ops->default_handler);
	if (!rt->handler && rt->name)
		rt->handler = xstrdup(rt->name);
	if (rt->ops && rt->ops->validate && rt->handler && rt->ops->validate(rt, &why) < 0)
		schema_report(ld, map, "%s", why.buf);
	strbuf_release(&why);
}

static const struct key runtime_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct spec_runtime, name)),
	KEY("driver", SCALAR, "a driver name", REQUIRED, set_driver,
	    AT(struct spec_runtime, driver)),
	KEY("handler", SCALAR, "a handler name", OPTIONAL, set_string,
	    AT(struct spec_runtime, handler)),
	KEY("options", LIST, "a list of flags", OPTIONAL, set_options,
	    AT(struct spec_runtime, options)),
	END_OF_KEYS,
};

static const struct section runtime_section = {
	.noun = "runtime",
	.keys = runtime_keys,
	.finish = runtime_finish,
	.size = sizeof(struct spec_runtime),
	.name_off = offsetof(struct spec_runtime, name),
	.pos_off = offsetof(struct spec_runtime, pos),
};

void set_runtimes(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->runtimes = schema_walk_list(ld, v, &runtime_section, &exp->nr_runtimes);
}
