/* The setters of plain values that the key tables share (setters.h). */
#include "spec/setters.h"
#include "common/fsutil.h"
#include "common/names.h"
#include "common/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void set_string(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	(void)ld;
	schema_replace_str(FIELD(obj, k, char *), yamldoc_scalar(v));
}

void set_name(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v), *problem = name_problem(text);

	if (problem)
		schema_report(ld, v, "invalid name \"%s\": %s", text, problem);
	schema_replace_str(FIELD(obj, k, char *), text);
}

/* A whole number within [min, max] of `k`, in digits only (strtoul would take "-1"). */
static int whole_number(struct loader *ld, yaml_node_t *v, const struct key *k, unsigned long *out)
{
	const char *text = yamldoc_scalar(v);
	int ok = *text >= '0' && *text <= '9';
	char *end;

	if (ok) {
		errno = 0;
		*out = strtoul(text, &end, 10);
		ok = !*end && !errno;
	}
	if (!ok) {
		schema_report(ld, v, "\"%s\" must be a non-negative whole number, not \"%s\"",
			      k->name, text);
		return -1;
	}
	if ((k->min || k->max) && (*out < k->min || *out > k->max)) {
		schema_report(ld, v, "\"%s\" must be between %g and %g, not %s", k->name, k->min,
			      k->max, text);
		return -1;
	}
	return 0;
}

void set_ulong(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	unsigned long n;

	if (!whole_number(ld, v, k, &n))
		*FIELD(obj, k, unsigned long) = n;
}

void set_int(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	unsigned long n;

	/* the table bounds keep n within int */
	if (!whole_number(ld, v, k, &n))
		*FIELD(obj, k, int) = (int)n;
}

/* Shared end of the real-valued setters: store `value` if it parsed and is > 0. */
static void store_positive(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k,
			   double value, int parsed, const char *like)
{
	const char *text = yamldoc_scalar(v);

	if (!parsed)
		schema_report(ld, v, "\"%s\" must be %s, not \"%s\"", k->name, like, text);
	else if (!(value > 0))
		schema_report(ld, v, "\"%s\" must be greater than 0, not %s", k->name, text);
	else
		*FIELD(obj, k, double) = value;
}

void set_number(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v);
	char *end;
	double value;

	errno = 0;
	value = strtod(text, &end);
	store_positive(ld, v, obj, k, value, end != text && !*end && !errno && isfinite(value),
		       "a number");
}

void set_duration(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	double value = 0;
	int parsed = !parse_duration(yamldoc_scalar(v), &value);

	store_positive(ld, v, obj, k, value, parsed,
		       "a duration like 600, \"30s\", \"10m\", \"1h\"");
}

void set_size(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	double value = 0;
	int parsed = !parse_size(yamldoc_scalar(v), &value);

	store_positive(ld, v, obj, k, value, parsed, "a size like 4096, \"512MiB\", \"2GiB\"");
}

/* A nested mapping, walked along k->sub into the struct at k->offset. */
void set_section(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	schema_walk_section(ld, v, k->sub, FIELD(obj, k, char));
}

char *schema_path(struct loader *ld, yaml_node_t *v)
{
	struct strbuf why = STRBUF_INIT;
	char *path = path_beside(ld->file, yamldoc_scalar(v));

	if (access(path, F_OK) == 0 && check_regular(path, READ_LIMIT_CONFIG, &why) < 0)
		schema_report(ld, v, "%s", why.buf);
	strbuf_release(&why);
	return path;
}

/* A file named in the file being loaded: ~ expanded, relative to its directory. */
void set_path(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	char **field = FIELD(obj, k, char *);

	free(*field);
	*field = schema_path(ld, v);
}

/* A value that must be one of two names: its index, or -1 once reported. */
int schema_one_of_two(struct loader *ld, yaml_node_t *v, const char *key, const char *a,
		      const char *b)
{
	const char *text = yamldoc_scalar(v);

	if (!strcmp(text, a))
		return 0;
	if (!strcmp(text, b))
		return 1;
	schema_report(ld, v, "\"%s\" must be \"%s\" or \"%s\", not \"%s\"", key, a, b, text);
	return -1;
}

void set_bool(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = schema_one_of_two(ld, v, k->name, "false", "true");

	if (i >= 0)
		*FIELD(obj, k, int) = i;
}
