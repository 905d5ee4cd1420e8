/* Helpers shared by the workload parsers: numbers, files, JSON, text lines. */
#include "orchestrator/workload/output.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "orchestrator/workload/workload.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int output_number(const char *text, double *value)
{
	char *end;

	errno = 0;
	*value = strtod(text, &end);
	return end == text || *end || errno || !isfinite(*value) ? -1 : 0;
}

int output_read(const char *rep_dir, const char *name, struct strbuf *text, struct strbuf *why)
{
	struct strbuf path = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&path, "%s/%s", rep_dir, name);
	if (!file_exists(path.buf)) {
		strbuf_addf(why, "%s was not written", name);
		ret = -1;
	} else if (read_file(path.buf, text, READ_LIMIT_DATA) < 0) {
		strbuf_addf(why, "cannot read %s", name);
		ret = -1;
	}
	strbuf_release(&path);
	return ret;
}

json_t *output_json(const char *text, const char *what, struct strbuf *why)
{
	const char *start = strchr(text, '{');
	json_error_t err;
	json_t *root;

	if (!start) {
		strbuf_addf(why, "%s holds no JSON object", what);
		return NULL;
	}
	/* Trailing text (another warning) does not spoil a complete object. */
	root = json_loads(start, JSON_DISABLE_EOF_CHECK, &err);
	if (!root) {
		strbuf_addf(why, "%s is not valid JSON: %s (line %d)", what, err.text, err.line);
		return NULL;
	}
	if (!json_is_object(root)) {
		strbuf_addf(why, "%s is not a JSON object", what);
		json_decref(root);
		return NULL;
	}
	return root;
}

int output_json_number(json_t *node, const char *path, double *value, struct strbuf *why)
{
	const char *p = path;

	while (node && *p) {
		size_t len = strcspn(p, "/");
		node = json_object_getn(node, p, len);
		p += len + (p[len] == '/');
	}
	if (!json_is_number(node)) {
		strbuf_addf(why, "no number at %s", path);
		return -1;
	}
	*value = json_number_value(node);
	if (!isfinite(*value)) {
		strbuf_addf(why, "%s is not finite", path);
		return -1;
	}
	return 0;
}

/* The start of the first line of `text` that begins with `prefix`, or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *line = text; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, prefix, n))
			return line;
	}
	return NULL;
}

int output_line_number(const char *text, const char *prefix, const char *suffix, double *value,
		       struct strbuf *why)
{
	const char *line = find_line(text, prefix), *start;
	char *end;

	if (!line) {
		strbuf_addf(why, "no line starting with \"%s\"", prefix);
		return -1;
	}
	start = line + strlen(prefix);
	errno = 0;
	*value = strtod(start, &end);
	if (end == start || errno || !isfinite(*value) || strncmp(end, suffix, strlen(suffix))) {
		size_t len = strcspn(line, "\n");
		strbuf_addf(why, "cannot read a number from \"%.*s\"", (int)len, line);
		return -1;
	}
	return 0;
}
