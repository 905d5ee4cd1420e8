/* YAML inventories: the hosts section of an experiment file, alone. */
#include "spec/inventory_yaml.h"
#include "common/strbuf.h"
#include "spec/hosts.h"
#include "spec/schema.h"

#include <stdio.h>
#include <stdlib.h>

static const struct key inventory_keys[] = {
	KEY("ssh_config", SCALAR, "a file", OPTIONAL, set_ssh_config, 0),
	KEY("hosts", LIST, "a list of hosts", REQUIRED, set_hosts, 0),
	END_OF_KEYS,
};

static const struct section inventory_section = {.noun = "inventory", .keys = inventory_keys};

int inventory_yaml_load(const char *file, const char *text, size_t len, struct spec_host **hosts,
			size_t *nr)
{
	struct strbuf why = STRBUF_INIT;
	struct experiment tmp = {0};
	yaml_document_t doc;
	struct loader ld = {.doc = &doc, .file = file, .exp = &tmp, .inventory = 1};
	yaml_node_t *root;

	if (yamldoc_load_strict(&doc, text, len, &why) < 0) {
		fprintf(stderr, "%s:%s\n", file, why.buf);
		strbuf_release(&why);
		return -1;
	}
	root = yamldoc_root(&doc);
	if (!root || root->type != YAML_MAPPING_NODE)
		schema_report_at(
			&ld, root ? schema_pos(root).line : 1, root ? schema_pos(root).col : 1,
			"expected a mapping with \"hosts\" (a list of hosts) at the top level");
	else
		schema_walk_section(&ld, root, &inventory_section, &tmp);
	yaml_document_delete(&doc);
	free(ld.ssh_config);
	if (schema_print_diags(&ld, file)) {
		spec_free_hosts(tmp.hosts, tmp.nr_hosts);
		return -1;
	}
	*hosts = tmp.hosts;
	*nr = tmp.nr_hosts;
	return 0;
}
