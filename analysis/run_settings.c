#include "analysis/run_settings.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "common/yamldoc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int read_seed(const char *path, const char *text, struct run_settings *out)
{
	char *end;

	errno = 0;
	out->seed = strtoul(text, &end, 10);
	if (!*text || *end || errno || strspn(text, "0123456789") != strlen(text))
		return error("%s: seed '%s' is not a non-negative integer", path, text);
	out->has_seed = 1;
	return 0;
}

static int read_keys(const char *path, yaml_document_t *doc, struct run_settings *out)
{
	yaml_node_t *root = yamldoc_root(doc);
	const char *baseline = yamldoc_scalar(yamldoc_map_get(doc, root, "baseline"));
	const char *seed = yamldoc_scalar(yamldoc_map_get(doc, root, "seed"));

	if (baseline && *baseline)
		out->baseline = xstrdup(baseline);
	return seed ? read_seed(path, seed, out) : 0;
}

int run_settings_read(const char *path, struct run_settings *out)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	yaml_document_t doc;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!file_exists(path))
		return 0;
	if (read_file(path, &text, READ_LIMIT_CONFIG) < 0) {
		strbuf_release(&text);
		return -1;
	}
	if (yamldoc_load(&doc, text.buf, text.len, &why) < 0) {
		ret = error("%s:%s", path, why.buf);
	} else {
		ret = read_keys(path, &doc, out);
		yaml_document_delete(&doc);
	}
	strbuf_release(&text);
	strbuf_release(&why);
	return ret;
}

void run_settings_clear(struct run_settings *rs)
{
	free(rs->baseline);
	memset(rs, 0, sizeof(*rs));
}
