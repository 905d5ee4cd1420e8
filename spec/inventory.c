/* Loading hosts from whichever file `hosts check` or `exec` was given. */
#include "spec/inventory.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "common/yamldoc.h"
#include "spec/host_file.h"
#include "spec/load.h"

#include <stdlib.h>
#include <string.h>

/* An experiment says what to run; an inventory only where. */
static int looks_like_experiment(const char *path)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	yaml_document_t doc;
	int ret = 0;

	if (!host_file_is_yaml(path))
		return 0;
	if (read_file(path, &text, READ_LIMIT_CONFIG) == 0 &&
	    yamldoc_load(&doc, text.buf, text.len, &why) == 0) {
		yaml_node_t *root = yamldoc_root(&doc);
		ret = yamldoc_map_get(&doc, root, "runtimes") ||
		      yamldoc_map_get(&doc, root, "applications");
		yaml_document_delete(&doc);
	}
	strbuf_release(&text);
	strbuf_release(&why);
	return ret;
}

int inventory_load(struct inventory *inv, const char *path)
{
	memset(inv, 0, sizeof(*inv));
	if (!looks_like_experiment(path))
		return spec_load_hosts(path, &inv->hosts, &inv->nr_hosts);
	if (spec_load(path, &inv->exp) < 0)
		return -1;
	inv->is_experiment = 1;
	inv->hosts = inv->exp.hosts;
	inv->nr_hosts = inv->exp.nr_hosts;
	return 0;
}

int inventory_load_or_alias(struct inventory *inv, const char *path, const char *ssh_config,
			    const char *alias)
{
	struct spec_host *h;

	if (path) {
		if (inventory_load(inv, path) < 0)
			return -1;
		for (size_t i = 0; ssh_config && i < inv->nr_hosts; i++)
			if (!inv->hosts[i].ssh_config)
				inv->hosts[i].ssh_config = expand_home(ssh_config);
		return 0;
	}
	memset(inv, 0, sizeof(*inv));
	h = inv->hosts = xcalloc(1, sizeof(*h));
	inv->nr_hosts = 1;
	h->name = xstrdup(alias);
	h->transport = xstrdup("ssh");
	h->host_type = xstrdup("bare-metal");
	h->ssh_config = ssh_config ? expand_home(ssh_config) : NULL;
	return 0;
}

const struct spec_host *inventory_find(const struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->nr_hosts; i++)
		if (!strcmp(inv->hosts[i].name, name))
			return &inv->hosts[i];
	return NULL;
}

void inventory_free(struct inventory *inv)
{
	if (inv->is_experiment)
		spec_free(&inv->exp);
	else
		spec_free_hosts(inv->hosts, inv->nr_hosts);
	memset(inv, 0, sizeof(*inv));
}
