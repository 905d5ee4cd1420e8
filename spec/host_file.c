/*
 * Host files: an inventory, read by the reader its name calls for. This
 * sits above both readers (inventory_yaml.c, inventory_ini.c) and below
 * the experiment loader, whose `inventory:` key reads one.
 */
#include "spec/host_file.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "spec/inventory_ini.h"
#include "spec/inventory_yaml.h"

#include <string.h>
#include <strings.h>

/* Case-insensitive: hosts.YAML is YAML, not an INI inventory. */
int host_file_is_yaml(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml"));
}

int spec_load_hosts(const char *path, struct spec_host **hosts, size_t *nr)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	*hosts = NULL;
	*nr = 0;
	if (read_file(path, &text, READ_LIMIT_CONFIG) < 0)
		return -1;
	if (host_file_is_yaml(path))
		ret = inventory_yaml_load(path, text.buf, text.len, hosts, nr);
	else
		ret = inventory_ini_load(path, text.buf, text.len, hosts, nr);
	strbuf_release(&text);
	return ret;
}
