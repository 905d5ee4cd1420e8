/*
 * The host entries of an experiment or inventory file: how each host is
 * reached (transport, ssh settings), its type and labels.
 */
#include "spec/hosts.h"
#include "common/fsutil.h"
#include "common/names.h"
#include "common/xalloc.h"
#include "common/plugin.h"
#include "orchestrator/transport/transport.h"

#include <stdlib.h>
#include <string.h>

static void set_transport(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	if (!transport_find(text)) {
		plugin_names(transport_table, &known);
		schema_report_unknown(ld, v, "transport", text, &known, 1);
		strvec_clear(&known);
	}
	set_string(ld, v, obj, k);
}

static void set_host_type(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v);

	if (strcmp(text, "bare-metal") && strcmp(text, "nested-vm"))
		schema_report(ld, v, "\"host_type\" must be bare-metal or nested-vm, not \"%s\"",
			      text);
	set_string(ld, v, obj, k);
}

static void set_label(struct loader *ld, yaml_node_t *key, yaml_node_t *value, struct strvec *sv)
{
	const char *k = yamldoc_scalar(key), *v = value ? yamldoc_scalar(value) : "";

	if (!k || !v)
		schema_report(ld, !k ? key : value, "a label is a single value, not %s",
			      yamldoc_kind(!k ? key : value));
	else if (value)
		strvec_pushf(sv, "%s=%s", k, v);
	else
		strvec_push(sv, k);
}

/* `labels`: a mapping (key: value) or a list of words. */
static void set_labels(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec *labels = FIELD(obj, k, struct strvec);

	if (v->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
		     p < v->data.mapping.pairs.top; p++)
			set_label(ld, schema_node(ld, p->key), schema_node(ld, p->value), labels);
	} else if (v->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++)
			set_label(ld, schema_node(ld, *it), NULL, labels);
	} else {
		schema_report(ld, v,
			      "expected a mapping or a list of labels for \"labels\", not %s",
			      yamldoc_kind(v));
	}
}

static void set_program(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v), *problem = program_problem(text);

	if (problem)
		schema_report(ld, v, "\"%s\" %s", k->name, problem);
	else
		set_string(ld, v, obj, k);
}

static void host_init(struct loader *ld, void *obj)
{
	struct spec_host *host = obj;

	host->transport = xstrdup(ld && ld->inventory ? "ssh" : "local");
	host->host_type = xstrdup("bare-metal");
}

/* A host with ssh settings is an ssh host unless it says otherwise; a local one has none. */
static void host_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	struct spec_host *host = obj;
	yaml_node_t *first = NULL;

	for (int i = 0; spec_ssh_keys[i] && !first; i++)
		first = yamldoc_map_get(ld->doc, map, spec_ssh_keys[i]);
	if (first && !yamldoc_map_get(ld->doc, map, "transport"))
		schema_replace_str(&host->transport, "ssh");
	else if (first && !strcmp(host->transport, "local"))
		schema_report(ld, first,
			      "ssh settings (address, user, port, ...) need \"transport: ssh\"");
	if (!host->ssh_config && ld->ssh_config && !strcmp(host->transport, "ssh"))
		host->ssh_config = xstrdup(ld->ssh_config);
}

static const struct key host_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct spec_host, name)),
	KEY("transport", SCALAR, "a transport name", OPTIONAL, set_transport,
	    AT(struct spec_host, transport)),
	KEY("host_type", SCALAR, "bare-metal or nested-vm", OPTIONAL, set_host_type,
	    AT(struct spec_host, host_type)),
	KEY("address", SCALAR, "a host name or address", OPTIONAL, set_string,
	    AT(struct spec_host, address)),
	KEY("user", SCALAR, "a user name", OPTIONAL, set_string, AT(struct spec_host, user)),
	{"port", SCALAR, "a port number", OPTIONAL, set_int, AT(struct spec_host, port), 1, 65535,
	 NULL},
	KEY("ssh_alias", SCALAR, "a Host of ssh_config", OPTIONAL, set_string,
	    AT(struct spec_host, ssh_alias)),
	KEY("ssh_config", SCALAR, "a file", OPTIONAL, set_path, AT(struct spec_host, ssh_config)),
	KEY("known_hosts", SCALAR, "a file", OPTIONAL, set_path, AT(struct spec_host, known_hosts)),
	KEY("identity", SCALAR, "a private key file", OPTIONAL, set_path,
	    AT(struct spec_host, identity)),
	KEY("labels", YAML_NO_NODE, "a mapping or list", OPTIONAL, set_labels,
	    AT(struct spec_host, labels)),
	KEY("crbench", SCALAR, "a path or a name in PATH", OPTIONAL, set_program,
	    AT(struct spec_host, crbench)),
	END_OF_KEYS,
};

static const struct section host_section = {
	.noun = "host",
	.keys = host_keys,
	.init = host_init,
	.finish = host_finish,
	.size = sizeof(struct spec_host),
	.name_off = offsetof(struct spec_host, name),
	.pos_off = offsetof(struct spec_host, pos),
};

void set_hosts(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->hosts = schema_walk_list(ld, v, &host_section, &exp->nr_hosts);
}

void set_ssh_config(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	(void)obj;
	(void)k;
	free(ld->ssh_config);
	ld->ssh_config = schema_path(ld, v);
}

void hosts_add_local(struct loader *ld, struct experiment *exp)
{
	exp->hosts = xcalloc(1, sizeof(*exp->hosts));
	exp->nr_hosts = 1;
	exp->hosts[0].name = xstrdup("local");
	host_init(ld, &exp->hosts[0]);
}
