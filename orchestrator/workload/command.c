/*
 * command: any command run inside the container with /bin/sh -c; its
 * headline value is taken from stdout by a POSIX extended regular
 * expression (the first parenthesised group, else the whole match) or by
 * an RFC 6901 JSON pointer. Unit and direction are declared by the user.
 */
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/workload.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

static const char *const directions[] = {"higher", "lower", NULL};

static const struct param_decl params[] = {
	{"command", PARAM_STRING, NULL, 0, 0, NULL, "shell command run inside the container"},
	{"metric", PARAM_STRING, "value", 0, 0, NULL, "name of the measured value"},
	{"unit", PARAM_STRING, "1", 0, 0, NULL, "unit of the value"},
	{"better", PARAM_STRING, "higher", 0, 0, directions, "which direction is better"},
	{"regex", PARAM_STRING, "", 0, 0, NULL,
	 "extended regex over stdout; the first group (or the match) is the value"},
	{"json_pointer", PARAM_STRING, "", 0, 0, NULL, "RFC 6901 pointer into stdout's JSON"},
	{"estimate", PARAM_DURATION, "1s", 0, 0, NULL, "expected duration, for plan estimates"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

/* One value, named, measured and judged as the parameters say. */
static const struct output_metric metrics[] = {
	{"{metric}", NULL, "{unit}", "{better}",
	 "the value `regex` or `json_pointer` picks from stdout"},
	{NULL, NULL, NULL, NULL, NULL},
};

static double estimate(const struct params *p)
{
	return params_number(p, "estimate");
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	(void)outdir;
	strvec_pushv(argv, (const char *const[]){"/bin/sh", "-c", params_text(p, "command"), NULL});
}

static int to_number(const char *text, size_t len, double *value, struct strbuf *why)
{
	char *copy = strndup(text, len), *end;
	int ret = 0;

	errno = 0;
	*value = strtod(copy, &end);
	if (end == copy || *end || errno || !isfinite(*value)) {
		strbuf_addf(why, "extracted text \"%s\" is not a number", copy);
		ret = -1;
	}
	free(copy);
	return ret;
}

/* The default: the first number in the output (its groups are not the value). */
#define FIRST_NUMBER "[-+]?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?"

static int by_regex(const char *pattern, const char *text, double *value, struct strbuf *why)
{
	int whole_match = !strcmp(pattern, FIRST_NUMBER);
	regex_t re;
	regmatch_t m[2];
	int rc = regcomp(&re, pattern, REG_EXTENDED);

	if (rc) {
		char msg[128];
		regerror(rc, &re, msg, sizeof(msg));
		strbuf_addf(why, "regex \"%s\": %s", pattern, msg);
		return -1;
	}
	rc = regexec(&re, text, 2, m, 0);
	regfree(&re);
	if (rc) {
		strbuf_addf(why, "regex \"%s\" does not match the output", pattern);
		return -1;
	}
	if (whole_match || m[1].rm_so < 0)
		m[1] = m[0];
	return to_number(text + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so), value, why);
}

/* One reference token of a JSON pointer, with ~1 -> / and ~0 -> ~ undone. */
static json_t *step(json_t *node, const char *token, size_t len)
{
	struct strbuf key = STRBUF_INIT;
	json_t *next = NULL;

	for (size_t i = 0; i < len; i++) {
		if (token[i] == '~' && i + 1 < len && (token[i + 1] == '0' || token[i + 1] == '1'))
			strbuf_addch(&key, token[++i] == '0' ? '~' : '/');
		else
			strbuf_addch(&key, token[i]);
	}
	if (json_is_object(node)) {
		next = json_object_get(node, key.buf);
	} else if (json_is_array(node) && key.len && strspn(key.buf, "0123456789") == key.len) {
		next = json_array_get(node, strtoul(key.buf, NULL, 10));
	}
	strbuf_release(&key);
	return next;
}

static int by_json_pointer(const char *pointer, const char *text, double *value, struct strbuf *why)
{
	json_error_t err;
	json_t *root = json_loads(text, JSON_DISABLE_EOF_CHECK, &err), *node = root;
	const char *p = pointer;

	if (!root) {
		strbuf_addf(why, "stdout is not JSON: %s (line %d)", err.text, err.line);
		return -1;
	}
	while (node && *p == '/') {
		const char *next = strchrnul(p + 1, '/');
		node = step(node, p + 1, (size_t)(next - p - 1));
		p = next;
	}
	if (!node || *p || !json_is_number(node)) {
		strbuf_addf(why, "JSON pointer \"%s\" does not lead to a number", pointer);
		json_decref(root);
		return -1;
	}
	*value = json_number_value(node);
	json_decref(root);
	return 0;
}

static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	const char *regex = params_text(p, "regex"), *pointer = params_text(p, "json_pointer");
	double value;
	int ret;

	(void)rep_dir;
	if (*pointer)
		ret = by_json_pointer(pointer, stdout_text, &value, why);
	else
		ret = by_regex(*regex ? regex : FIRST_NUMBER, stdout_text, &value, why);
	return ret ? ret : metric_list_set(out, params_text(p, "metric"), value);
}

const struct workload_ops workload_command = {
	.name = "command",
	.summary = "any command; the value from stdout by regex or JSON pointer",
	.params = params,
	.version_command = NULL,
	.metrics = metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.parse = parse,
};
