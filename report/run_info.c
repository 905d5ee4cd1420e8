#include "report/run_info.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/jsonfile.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"
#include "spec/load.h"

#include <dirent.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#define END_SUFFIX ".end.json"

static int load_json(const char *path, json_t **out)
{
	*out = NULL;
	if (!file_exists(path))
		return 0;
	if (json_read_file(path, READ_LIMIT_CONFIG, out) < 0)
		return -1;
	if (!json_is_object(*out))
		return error("%s: not a JSON object", path);
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && !strcmp(s + ls - lx, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The host names of hosts/<host>.json, sorted so the page is the same every time. */
static void host_names(const char *dir, struct strvec *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (has_suffix(e->d_name, ".json") && !has_suffix(e->d_name, END_SUFFIX))
			strvec_pushf(names, "%.*s", (int)(strlen(e->d_name) - 5), e->d_name);
	}
	if (d)
		closedir(d);
	if (names->nr)
		qsort(names->v, names->nr, sizeof(*names->v), cmp_str);
}

static int read_hosts(const char *dir, struct run_info *info)
{
	struct strbuf hosts = STRBUF_INIT, path = STRBUF_INIT;
	struct strvec names = STRVEC_INIT;
	int ret = 0;

	strbuf_addf(&hosts, "%s/hosts", dir);
	host_names(hosts.buf, &names);
	info->hosts = xcalloc(names.nr + 1, sizeof(*info->hosts));
	for (size_t i = 0; i < names.nr && !ret; i++) {
		struct host_info *h = &info->hosts[info->nr_hosts++];
		h->name = xstrdup(names.v[i]);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s.json", hosts.buf, h->name);
		ret = load_json(path.buf, &h->facts);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s" END_SUFFIX, hosts.buf, h->name);
		if (!ret)
			ret = load_json(path.buf, &h->end_facts);
	}
	strvec_clear(&names);
	strbuf_release(&hosts);
	strbuf_release(&path);
	return ret;
}

static char *base_name(const char *dir)
{
	char *copy = xstrdup(dir), *id;
	size_t len = strlen(copy);

	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	id = xstrdup(basename(copy));
	free(copy);
	return id;
}

int run_info_read(const char *dir, struct run_info *info)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	memset(info, 0, sizeof(*info));
	info->dir = xstrdup(dir);
	info->run_id = base_name(dir);
	strbuf_addf(&path, "%s/run.json", dir);
	ret = load_json(path.buf, &info->run);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/experiment.yaml", dir);
	if (!ret && file_exists(path.buf)) {
		ret = spec_load(path.buf, &info->exp);
		info->have_experiment = !ret;
	}
	if (!ret)
		ret = read_hosts(dir, info);
	strbuf_release(&path);
	return ret;
}

void run_info_release(struct run_info *info)
{
	for (size_t i = 0; i < info->nr_hosts; i++) {
		free(info->hosts[i].name);
		json_decref(info->hosts[i].facts);
		json_decref(info->hosts[i].end_facts);
	}
	free(info->hosts);
	json_decref(info->run);
	if (info->have_experiment)
		spec_free(&info->exp);
	free(info->dir);
	free(info->run_id);
	memset(info, 0, sizeof(*info));
}

const char *run_info_get(const struct run_info *info, const char *key)
{
	const char *v = json_string_value(json_object_get(info->run, key));

	return v ? v : "unknown";
}
