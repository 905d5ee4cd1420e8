/*
 * The experiment-file loader. Every section of the file (the experiment,
 * limits, a host, a runtime, an application) is one declarative table of
 * keys; one walker checks the keys of a mapping (unknown, duplicate, wrong
 * kind, missing) and hands each value to its setter. Keys are visited in
 * table order, not file order, so a table lists what a later key depends
 * on first (an application inherits `limits` and `timeout`, `baseline`
 * names a runtime, `params` needs the workload).
 *
 * Problems are collected, sorted by position and printed together as
 * "file:line:col: message", so one run of `crbench plan` shows them all.
 * Aliases are refused (yamldoc_load_strict): with them a node could be
 * reached twice or in a cycle, and an experiment has no need for them.
 */
#include "spec/load.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/names.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "common/yamldoc.h"
#include "orchestrator/driver/driver.h"
#include "spec/inventory.h"
#include "orchestrator/transport/transport.h"
#include "orchestrator/workload/workload.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SEED 1

#define DEFAULT_REPETITIONS 5

#define DEFAULT_TIMEOUT 600.0

#define DEFAULT_RETRIES 2

#define DEFAULT_BACKOFF 5.0

#define DEFAULT_IDLE 10.0

#define MAX_REPETITIONS 100000

#define DEFAULT_METRICS (METRIC_DEPLOY_TIME | METRIC_PERFORMANCE)

/* One problem found in the file; printed once the whole file was read. */
struct diag {
	int line, col;
	size_t seq; /* keeps problems at one position in the order found */
	char *msg;
};

struct loader {
	yaml_document_t *doc;
	const char *file; /* relative paths in it are taken from its directory */
	struct experiment *exp;
	char *ssh_config; /* the file's `ssh_config:`, the default of its hosts */
	int inventory;	  /* an inventory file: hosts default to transport ssh */
	struct diag *diags;
	size_t nr_diags, alloc_diags;
};

__attribute__((format(printf, 4, 0))) static void vreport_at(struct loader *ld, int line, int col,
							     const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;

	strbuf_vaddf(&msg, fmt, ap);
	ALLOC_GROW(ld->diags, ld->nr_diags + 1, ld->alloc_diags);
	ld->diags[ld->nr_diags] = (struct diag){line, col, ld->nr_diags, strbuf_detach(&msg, NULL)};
	ld->nr_diags++;
}

__attribute__((format(printf, 4, 5))) static void report_at(struct loader *ld, int line, int col,
							    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport_at(ld, line, col, fmt, ap);
	va_end(ap);
}

static struct spec_pos pos_of(const yaml_node_t *node)
{
	/* libyaml counts from 0, editors from 1 */
	return (struct spec_pos){(int)node->start_mark.line + 1, (int)node->start_mark.column + 1};
}

/* Record a problem at `node` (the key, the value or the enclosing mapping). */
__attribute__((format(printf, 3, 4))) static void report(struct loader *ld, const yaml_node_t *node,
							 const char *fmt, ...)
{
	struct spec_pos pos = pos_of(node);
	va_list ap;

	va_start(ap, fmt);
	vreport_at(ld, pos.line, pos.col, fmt, ap);
	va_end(ap);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Print and forget every problem; returns how many there were. */
static size_t print_diags(struct loader *ld, const char *file)
{
	size_t n = ld->nr_diags;

	if (n)
		qsort(ld->diags, n, sizeof(*ld->diags), diag_cmp);
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "%s:%d:%d: %s\n", file, ld->diags[i].line, ld->diags[i].col,
			ld->diags[i].msg);
		free(ld->diags[i].msg);
	}
	free(ld->diags);
	ld->diags = NULL;
	ld->nr_diags = ld->alloc_diags = 0;
	return n;
}

static yaml_node_t *node_at(struct loader *ld, int index)
{
	return yaml_document_get_node(ld->doc, index);
}

static void replace_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* ---- suggestions: "did you mean" and lists of known names ---- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d;
	size_t *row = xmalloc((lb + 1) * sizeof(*row));

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* The closest of `known` within 2 edits (and not a whole rewrite of `word`), or NULL. */
static const char *closest(const char *word, const struct strvec *known)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < known->nr; i++) {
		size_t d = edit_distance(word, known->v[i]);
		if (d < best_d && d < strlen(word)) {
			best = known->v[i];
			best_d = d;
		}
	}
	return best;
}

static int strvec_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

static void add_known(struct strbuf *sb, const struct strvec *known)
{
	strbuf_addstr(sb, "known: ");
	for (size_t i = 0; i < known->nr; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", known->v[i]);
}

/*
 * `unknown KIND "word" (did you mean "x"?)`, or the known names when none is
 * close; `list_known` adds them anyway (plug-in names: the user may not know
 * which exist at all).
 */
static void report_unknown(struct loader *ld, const yaml_node_t *node, const char *kind,
			   const char *word, const struct strvec *known, int list_known)
{
	const char *near = closest(word, known);
	struct strbuf hint = STRBUF_INIT;

	if (near)
		strbuf_addf(&hint, "did you mean \"%s\"?", near);
	if (near && list_known)
		strbuf_addstr(&hint, "; ");
	if (!near || list_known)
		add_known(&hint, known);
	report(ld, node, "unknown %s \"%s\" (%s)", kind, word, hint.buf);
	strbuf_release(&hint);
}

/* The plug-in tables differ in type, but every entry starts with its name. */
#define TABLE_NAMES(table, sv)                                                                     \
	do {                                                                                       \
		for (size_t i_ = 0; (table)[i_]; i_++)                                             \
			strvec_push((sv), (table)[i_]->name);                                      \
	} while (0)

/* ---- the walker ---- */

struct key;

typedef void set_fn(struct loader *ld, yaml_node_t *value, void *obj, const struct key *k);

struct section;

struct key {
	const char *name;
	yaml_node_type_t type; /* what the value must be; YAML_NO_NODE: the setter checks */
	const char *what;      /* the expected value, for messages: "a list of runtimes" */
	int required;
	set_fn *set;		   /* NULL: the section's finish() reads it */
	size_t offset;		   /* of the field in the object, for generic setters */
	double min, max;	   /* bounds for generic numeric setters */
	const struct section *sub; /* the table of a nested mapping (set_section) */
};

struct section {
	const char *noun; /* "runtime", for messages */
	const struct key *keys;
	void (*init)(struct loader *ld, void *obj); /* defaults, before the walk */
	void (*finish)(struct loader *ld, yaml_node_t *map, void *obj);
	/* list items: element size and where their name (or NO_NAME) and position are */
	size_t size, name_off, pos_off;
};

#define NO_NAME ((size_t)-1)

#define FIELD(obj, k, type) ((type *)((char *)(obj) + (k)->offset))

/* Shorthands that keep each row of a key table on one line. */
#define SCALAR YAML_SCALAR_NODE

#define LIST YAML_SEQUENCE_NODE

#define MAP YAML_MAPPING_NODE

#define REQUIRED 1

#define OPTIONAL 0

#define AT offsetof

#define KEY(name, type, what, required, set, offset)                                               \
	{                                                                                          \
		name, type, what, required, set, offset, 0, 0, NULL                                \
	}
#define END_OF_KEYS                                                                                \
	{                                                                                          \
		.name = NULL                                                                       \
	}

/* The first pair before `end` whose key is `name`, or NULL. */
static yaml_node_t *earlier_key(struct loader *ld, yaml_node_t *map, yaml_node_pair_t *end,
				const char *name)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < end; p++) {
		yaml_node_t *key = node_at(ld, p->key);
		const char *k = yamldoc_scalar(key);
		if (k && !strcmp(k, name))
			return key;
	}
	return NULL;
}

/* Keys that are not single values, repeated, or not in `known`. */
static void check_keys(struct loader *ld, yaml_node_t *map, const struct strvec *known,
		       const char *kind)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *key = node_at(ld, p->key), *first;
		const char *name = yamldoc_scalar(key);

		if (!name) {
			report(ld, key, "a %s must be a single value, not %s", kind,
			       yamldoc_kind(key));
			continue;
		}
		first = earlier_key(ld, map, p, name);
		if (first)
			report(ld, key, "duplicate key \"%s\" (first at %d:%d)", name,
			       pos_of(first).line, pos_of(first).col);
		else if (!strvec_has(known, name))
			report_unknown(ld, key, kind, name, known, 0);
	}
}

static void walk_key(struct loader *ld, yaml_node_t *map, const struct section *sec,
		     const struct key *k, void *obj)
{
	yaml_node_t *v = yamldoc_map_get(ld->doc, map, k->name);

	if (!v) {
		if (k->required)
			report(ld, map, "missing required key \"%s\" in this %s", k->name,
			       sec->noun);
		return;
	}
	if (k->type != YAML_NO_NODE && v->type != k->type) {
		report(ld, v, "expected %s for \"%s\", not %s", k->what, k->name, yamldoc_kind(v));
		return;
	}
	if (k->set)
		k->set(ld, v, obj, k);
}

/* Walk mapping `map` into `obj` along the table of `sec`. */
static void walk_section(struct loader *ld, yaml_node_t *map, const struct section *sec, void *obj)
{
	struct strvec known = STRVEC_INIT;

	for (const struct key *k = sec->keys; k->name; k++)
		strvec_push(&known, k->name);
	check_keys(ld, map, &known, "key");
	strvec_clear(&known);
	for (const struct key *k = sec->keys; k->name; k++)
		walk_key(ld, map, sec, k, obj);
	if (sec->finish)
		sec->finish(ld, map, obj);
}

static void check_unique_name(struct loader *ld, yaml_node_t *item, const struct section *sec,
			      char *array, size_t i)
{
	const char *name = *(char **)(array + i * sec->size + sec->name_off);

	for (size_t j = 0; name && j < i; j++) {
		const char *other = *(char **)(array + j * sec->size + sec->name_off);
		const struct spec_pos *first = (const void *)(array + j * sec->size + sec->pos_off);
		if (other && !strcmp(other, name)) {
			report(ld, yamldoc_map_get(ld->doc, item, "name"),
			       "duplicate %s name \"%s\" (first at %d:%d)", sec->noun, name,
			       first->line, first->col);
			return;
		}
	}
}

/* A list of mappings walked along `sec` into a new array of sec->size elements. */
static void *walk_list(struct loader *ld, yaml_node_t *seq, const struct section *sec, size_t *nr)
{
	yaml_node_item_t *items = seq->data.sequence.items.start;
	size_t n = (size_t)(seq->data.sequence.items.top - items);
	char *array;

	*nr = 0;
	if (!n) {
		report(ld, seq, "expected at least one %s", sec->noun);
		return NULL;
	}
	array = xcalloc(n, sec->size);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = node_at(ld, items[i]);
		void *obj = array + i * sec->size;

		*(struct spec_pos *)(array + i * sec->size + sec->pos_off) = pos_of(item);
		if (sec->init)
			sec->init(ld, obj);
		if (item->type != YAML_MAPPING_NODE) {
			report(ld, item, "expected a %s (a mapping), not %s", sec->noun,
			       yamldoc_kind(item));
			continue;
		}
		walk_section(ld, item, sec, obj);
		if (sec->name_off != NO_NAME)
			check_unique_name(ld, item, sec, array, i);
	}
	*nr = n;
	return array;
}

/* ---- generic setters: the field is at k->offset ---- */

static void set_string(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	(void)ld;
	replace_str(FIELD(obj, k, char *), yamldoc_scalar(v));
}

static void set_name(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v), *problem = name_problem(text);

	if (problem)
		report(ld, v, "invalid name \"%s\": %s", text, problem);
	replace_str(FIELD(obj, k, char *), text);
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
		report(ld, v, "\"%s\" must be a non-negative whole number, not \"%s\"", k->name,
		       text);
		return -1;
	}
	if ((k->min || k->max) && (*out < k->min || *out > k->max)) {
		report(ld, v, "\"%s\" must be between %g and %g, not %s", k->name, k->min, k->max,
		       text);
		return -1;
	}
	return 0;
}

static void set_ulong(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	unsigned long n;

	if (!whole_number(ld, v, k, &n))
		*FIELD(obj, k, unsigned long) = n;
}

static void set_int(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
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
		report(ld, v, "\"%s\" must be %s, not \"%s\"", k->name, like, text);
	else if (!(value > 0))
		report(ld, v, "\"%s\" must be greater than 0, not %s", k->name, text);
	else
		*FIELD(obj, k, double) = value;
}

static void set_number(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v);
	char *end;
	double value;

	errno = 0;
	value = strtod(text, &end);
	store_positive(ld, v, obj, k, value, end != text && !*end && !errno && isfinite(value),
		       "a number");
}

static void set_duration(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	double value = 0;
	int parsed = !parse_duration(yamldoc_scalar(v), &value);

	store_positive(ld, v, obj, k, value, parsed,
		       "a duration like 600, \"30s\", \"10m\", \"1h\"");
}

static void set_size(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	double value = 0;
	int parsed = !parse_size(yamldoc_scalar(v), &value);

	store_positive(ld, v, obj, k, value, parsed, "a size like 4096, \"512MiB\", \"2GiB\"");
}

/* A nested mapping, walked along k->sub into the struct at k->offset. */
static void set_section(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	walk_section(ld, v, k->sub, FIELD(obj, k, char));
}

/* ---- limits: the experiment's, and an application's overrides ---- */

static const struct key limit_keys[] = {
	KEY("cpus", SCALAR, "a number", OPTIONAL, set_number, AT(struct spec_limits, cpus)),
	KEY("memory", SCALAR, "a size", OPTIONAL, set_size, AT(struct spec_limits, memory_bytes)),
	END_OF_KEYS,
};

static const struct section limits_section = {.noun = "limits", .keys = limit_keys};

/* ---- per-step timeouts: the experiment's, and an application's overrides ---- */

static const struct key timeout_keys[] = {
	KEY("run", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, run)),
	KEY("deploy", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, deploy)),
	KEY("setup", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, setup)),
	KEY("client", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, client)),
	END_OF_KEYS,
};

static const struct section timeouts_section = {.noun = "timeouts", .keys = timeout_keys};

/* ---- hosts ---- */

static void set_transport(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	if (!transport_find(text)) {
		TABLE_NAMES(transport_table, &known);
		report_unknown(ld, v, "transport", text, &known, 1);
		strvec_clear(&known);
	}
	set_string(ld, v, obj, k);
}

static void set_host_type(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v);

	if (strcmp(text, "bare-metal") && strcmp(text, "nested-vm"))
		report(ld, v, "\"host_type\" must be bare-metal or nested-vm, not \"%s\"", text);
	set_string(ld, v, obj, k);
}

/* A file named in the file being loaded: ~ expanded, relative to its directory. */
static void set_path(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	char **field = FIELD(obj, k, char *);

	free(*field);
	*field = path_beside(ld->file, yamldoc_scalar(v));
}

static void set_label(struct loader *ld, yaml_node_t *key, yaml_node_t *value, struct strvec *sv)
{
	const char *k = yamldoc_scalar(key), *v = value ? yamldoc_scalar(value) : "";

	if (!k || !v)
		report(ld, !k ? key : value, "a label is a single value, not %s",
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
			set_label(ld, node_at(ld, p->key), node_at(ld, p->value), labels);
	} else if (v->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++)
			set_label(ld, node_at(ld, *it), NULL, labels);
	} else {
		report(ld, v, "expected a mapping or a list of labels for \"labels\", not %s",
		       yamldoc_kind(v));
	}
}

static void set_program(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	const char *text = yamldoc_scalar(v), *problem = program_problem(text);

	if (problem)
		report(ld, v, "\"%s\" %s", k->name, problem);
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
		replace_str(&host->transport, "ssh");
	else if (first && !strcmp(host->transport, "local"))
		report(ld, first,
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

/* ---- runtimes ---- */

static void set_driver(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct spec_runtime *rt = obj;
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	rt->ops = driver_find(text);
	if (!rt->ops) {
		TABLE_NAMES(driver_table, &known);
		report_unknown(ld, v, "driver", text, &known, 1);
		strvec_clear(&known);
	}
	set_string(ld, v, obj, k);
}

static void set_options(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec *options = FIELD(obj, k, struct strvec);

	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = node_at(ld, *it);
		if (item->type == YAML_SCALAR_NODE)
			strvec_push(options, yamldoc_scalar(item));
		else
			report(ld, item, "expected one flag (a single value) in \"%s\", not %s",
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
		report(ld, map, "%s", why.buf);
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

/* ---- applications ---- */

static void set_workload(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct spec_application *app = obj;
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	app->ops = workload_find(text);
	if (!app->ops) {
		TABLE_NAMES(workload_table, &known);
		report_unknown(ld, v, "workload", text, &known, 1);
		strvec_clear(&known);
	}
	set_string(ld, v, obj, k);
}

/* One declared parameter: the value given in `params`, or the default. */
static void resolve_param(struct loader *ld, struct spec_application *app,
			  const struct param_decl *d, yaml_node_t *params, yaml_node_t *app_map)
{
	yaml_node_t *v = params ? yamldoc_map_get(ld->doc, params, d->name) : NULL;
	struct strbuf why = STRBUF_INIT;
	const char *text = v ? yamldoc_scalar(v) : d->default_value;
	double number;

	if (v && !text)
		report(ld, v, "expected a single value for parameter \"%s\", not %s", d->name,
		       yamldoc_kind(v));
	else if (!text)
		report(ld, params ? params : app_map,
		       "missing required parameter \"%s\" of workload \"%s\"", d->name,
		       app->ops->name);
	else if (param_parse(d, text, &number, &why) < 0)
		report(ld, v ? v : app_map, "%s", why.buf);
	else
		params_set(&app->params, d->name, text, number);
	strbuf_release(&why);
}

/* The workload's own check, once every parameter has a valid value. */
static void check_workload_params(struct loader *ld, struct spec_application *app,
				  yaml_node_t *params, yaml_node_t *app_map)
{
	const struct param_decl *d = app->ops->params;
	struct strbuf why = STRBUF_INIT;
	const char *name = NULL;
	yaml_node_t *v;

	while (d->name)
		d++;
	if (!app->ops->check_params || app->params.nr != (size_t)(d - app->ops->params))
		return;
	if (app->ops->check_params(&app->params, &name, &why) < 0) {
		v = params && name ? yamldoc_map_get(ld->doc, params, name) : NULL;
		report(ld, v ? v : app_map, "%s", why.buf);
	}
	strbuf_release(&why);
}

/* `params` is checked against the workload's table, known once the walk is done. */
static void app_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	struct spec_application *app = obj;
	yaml_node_t *params = yamldoc_map_get(ld->doc, map, "params");
	struct strvec known = STRVEC_INIT;

	if (!app->ops || !app->ops->params || (params && params->type != YAML_MAPPING_NODE))
		return; /* reported already */
	for (const struct param_decl *d = app->ops->params; d->name; d++)
		strvec_push(&known, d->name);
	if (params)
		check_keys(ld, params, &known, "parameter");
	strvec_clear(&known);
	for (const struct param_decl *d = app->ops->params; d->name; d++)
		resolve_param(ld, app, d, params, map);
	check_workload_params(ld, app, params, map);
}

/* What an application does not say, it takes from the experiment. */
static void app_init(struct loader *ld, void *obj)
{
	struct spec_application *app = obj;

	app->limits = ld->exp->limits;
	app->timeout = ld->exp->timeout;
	app->timeouts = ld->exp->timeouts;
	app->idle = ld->exp->idle;
}

static const struct key app_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct spec_application, name)),
	KEY("workload", SCALAR, "a workload name", REQUIRED, set_workload,
	    AT(struct spec_application, workload)),
	/* no setter: app_finish() checks params once the workload is known */
	KEY("params", MAP, "a mapping of parameters", OPTIONAL, NULL, 0),
	{"limits", MAP, "a mapping (cpus, memory)", OPTIONAL, set_section,
	 AT(struct spec_application, limits), 0, 0, &limits_section},
	KEY("timeout", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_application, timeout)),
	{"timeouts", MAP, "a mapping (run, deploy, setup, client)", OPTIONAL, set_section,
	 AT(struct spec_application, timeouts), 0, 0, &timeouts_section},
	KEY("idle", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_application, idle)),
	END_OF_KEYS,
};

static const struct section app_section = {
	.noun = "application",
	.keys = app_keys,
	.init = app_init,
	.finish = app_finish,
	.size = sizeof(struct spec_application),
	.name_off = offsetof(struct spec_application, name),
	.pos_off = offsetof(struct spec_application, pos),
};

/* ---- figures of the report ---- */

/* A value that must be one of two names: its index, or -1 once reported. */
static int one_of_two(struct loader *ld, yaml_node_t *v, const char *key, const char *a,
		      const char *b)
{
	const char *text = yamldoc_scalar(v);

	if (!strcmp(text, a))
		return 0;
	if (!strcmp(text, b))
		return 1;
	report(ld, v, "\"%s\" must be \"%s\" or \"%s\", not \"%s\"", key, a, b, text);
	return -1;
}

static void set_bool(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = one_of_two(ld, v, k->name, "false", "true");

	if (i >= 0)
		*FIELD(obj, k, int) = i;
}

static void set_grouping(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = one_of_two(ld, v, k->name, spec_grouping_name(GROUP_BY_APPLICATION),
			   spec_grouping_name(GROUP_BY_METRIC));

	if (i >= 0)
		((struct spec_figure *)obj)->grouping = i ? GROUP_BY_METRIC : GROUP_BY_APPLICATION;
}

static void set_scale(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = one_of_two(ld, v, k->name, spec_scale_name(SCALE_LINEAR),
			   spec_scale_name(SCALE_LOG));

	if (i >= 0)
		((struct spec_figure *)obj)->scale = i ? SCALE_LOG : SCALE_LINEAR;
}

static void set_figure_size(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct spec_figure *f = obj;
	const char *text = yamldoc_scalar(v);

	if (spec_figure_size(text, &f->width_in, &f->height_in) < 0)
		report(ld, v,
		       "\"size\" must be single, double, auto or WxH in inches (1 to 20, e.g. "
		       "\"5x2.5\"), not \"%s\"",
		       text);
	else
		set_string(ld, v, obj, k);
}

/* The metric kinds measured, and the metrics the applications' workloads declare. */
static void known_figure_metrics(const struct experiment *exp, struct strvec *known)
{
	for (unsigned m = METRIC_DEPLOY_TIME; m <= METRIC_IDLE_MEMORY; m <<= 1)
		if (exp->metrics & m)
			strvec_push(known, spec_metric_name(m));
	for (size_t i = 0; i < exp->nr_apps; i++) {
		const struct spec_application *app = &exp->apps[i];
		struct metric_list l = {0};
		if (!app->ops || !app->ops->declare_metrics || !(exp->metrics & METRIC_PERFORMANCE))
			continue;
		app->ops->declare_metrics(&app->params, &l);
		for (size_t j = 0; j < l.nr; j++)
			if (!strvec_has(known, l.v[j].name))
				strvec_push(known, l.v[j].name);
		metric_list_free(&l);
	}
}

static void set_figure_metric(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec known = STRVEC_INIT;
	const char *text = yamldoc_scalar(v);

	known_figure_metrics(ld->exp, &known);
	if (!strvec_has(&known, text))
		report_unknown(ld, v, "figure metric", text, &known, 1);
	strvec_clear(&known);
	set_string(ld, v, obj, k);
}

static void figure_init(struct loader *ld, void *obj)
{
	struct spec_figure *f = obj;

	(void)ld;
	f->size = xstrdup("auto");
}

static const struct key figure_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct spec_figure, name)),
	KEY("metric", SCALAR, "a metric", REQUIRED, set_figure_metric,
	    AT(struct spec_figure, metric)),
	KEY("grouping", SCALAR, "application or metric", OPTIONAL, set_grouping, 0),
	KEY("scale", SCALAR, "linear or log", OPTIONAL, set_scale, 0),
	KEY("normalize", SCALAR, "true or false", OPTIONAL, set_bool,
	    AT(struct spec_figure, normalize)),
	KEY("size", SCALAR, "single, double or WxH", OPTIONAL, set_figure_size,
	    AT(struct spec_figure, size)),
	KEY("points", SCALAR, "true or false", OPTIONAL, set_bool, AT(struct spec_figure, points)),
	END_OF_KEYS,
};

static const struct section figure_section = {
	.noun = "figure",
	.keys = figure_keys,
	.init = figure_init,
	.size = sizeof(struct spec_figure),
	.name_off = offsetof(struct spec_figure, name),
	.pos_off = offsetof(struct spec_figure, pos),
};

/* ---- the experiment ---- */

static void set_hosts(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->hosts = walk_list(ld, v, &host_section, &exp->nr_hosts);
}

static void set_ssh_config(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	(void)obj;
	(void)k;
	free(ld->ssh_config);
	ld->ssh_config = path_beside(ld->file, yamldoc_scalar(v));
}

/* `inventory: FILE`: the hosts come from an inventory file (YAML or Ansible INI). */
static void set_inventory(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;
	char *path = path_beside(ld->file, yamldoc_scalar(v));

	(void)k;
	if (exp->hosts) {
		report(ld, v, "give \"hosts\" or \"inventory\", not both");
	} else if (spec_load_hosts(path, &exp->hosts, &exp->nr_hosts) < 0) {
		report(ld, v, "cannot load inventory \"%s\" (its problems are listed above)", path);
	} else {
		for (size_t i = 0; i < exp->nr_hosts; i++)
			if (!exp->hosts[i].ssh_config && ld->ssh_config &&
			    !strcmp(exp->hosts[i].transport, "ssh"))
				exp->hosts[i].ssh_config = xstrdup(ld->ssh_config);
	}
	free(path);
}

static void set_runtimes(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->runtimes = walk_list(ld, v, &runtime_section, &exp->nr_runtimes);
}

static void set_apps(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->apps = walk_list(ld, v, &app_section, &exp->nr_apps);
}

/* The names the experiment has along `d`, for checking an exclusion against. */
static void dimension_values(const struct experiment *exp, enum spec_dimension d,
			     struct strvec *known)
{
	for (size_t i = 0; d == DIM_HOST && i < exp->nr_hosts; i++)
		strvec_push(known, exp->hosts[i].name);
	if (d == DIM_HOST_TYPE) {
		strvec_push(known, "bare-metal");
		strvec_push(known, "nested-vm");
	}
	for (size_t i = 0; d == DIM_RUNTIME && i < exp->nr_runtimes; i++)
		strvec_push(known, exp->runtimes[i].name);
	for (size_t i = 0; d == DIM_APPLICATION && i < exp->nr_apps; i++)
		strvec_push(known, exp->apps[i].name);
}

static void add_dimension_value(struct loader *ld, yaml_node_t *item, const struct key *k,
				const struct strvec *known, struct strvec *values)
{
	const char *text = yamldoc_scalar(item);

	if (!text)
		report(ld, item, "expected a %s name, not %s", k->name, yamldoc_kind(item));
	else if (!strvec_has(known, text))
		report_unknown(ld, item, k->name, text, known, 1);
	else
		strvec_push(values, text);
}

/* One name or a list of names, each one the experiment has along the key's dimension. */
static void set_dimension(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct strvec *values = FIELD(obj, k, struct strvec), known = STRVEC_INIT;
	yaml_node_item_t *it = v->data.sequence.items.start, *end = v->data.sequence.items.top;
	enum spec_dimension d = DIM_HOST;

	while (strcmp(spec_dimension_name(d), k->name))
		d++;
	dimension_values(ld->exp, d, &known);
	if (v->type == YAML_SCALAR_NODE)
		add_dimension_value(ld, v, k, &known, values);
	else if (v->type == YAML_SEQUENCE_NODE && it < end)
		for (; it < end; it++)
			add_dimension_value(ld, node_at(ld, *it), k, &known, values);
	else
		report(ld, v, "\"%s\" takes a name or a list of names", k->name);
	strvec_clear(&known);
}

static void exclude_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	(void)obj;
	if (map->data.mapping.pairs.start == map->data.mapping.pairs.top)
		report(ld, map,
		       "an exclusion names at least one of host, host_type, runtime, application");
}

#define DIMENSION_KEY(name, d)                                                                     \
	KEY(name, YAML_NO_NODE, "a name or a list of names", OPTIONAL, set_dimension,              \
	    offsetof(struct spec_exclude, values) + (d) * sizeof(struct strvec))

static const struct key exclude_keys[] = {
	DIMENSION_KEY("host", DIM_HOST),
	DIMENSION_KEY("host_type", DIM_HOST_TYPE),
	DIMENSION_KEY("runtime", DIM_RUNTIME),
	DIMENSION_KEY("application", DIM_APPLICATION),
	END_OF_KEYS,
};

static const struct section exclude_section = {
	.noun = "exclusion",
	.keys = exclude_keys,
	.finish = exclude_finish,
	.size = sizeof(struct spec_exclude),
	.name_off = NO_NAME,
	.pos_off = offsetof(struct spec_exclude, pos),
};

static void set_excludes(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->excludes = walk_list(ld, v, &exclude_section, &exp->nr_excludes);
}

static void set_figures(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->figures = walk_list(ld, v, &figure_section, &exp->nr_figures);
	exp->figures_declared = 1;
}

static enum spec_metric metric_by_name(const char *name)
{
	for (unsigned m = METRIC_DEPLOY_TIME; m <= METRIC_IDLE_MEMORY; m <<= 1)
		if (!strcmp(spec_metric_name(m), name))
			return m;
	return 0;
}

static void add_metric(struct loader *ld, yaml_node_t *item, struct experiment *exp)
{
	const char *name = yamldoc_scalar(item);
	enum spec_metric m = name ? metric_by_name(name) : 0;
	struct strvec known = STRVEC_INIT;

	if (!name) {
		report(ld, item, "expected a metric name, not %s", yamldoc_kind(item));
	} else if (!m) {
		for (unsigned i = METRIC_DEPLOY_TIME; i <= METRIC_IDLE_MEMORY; i <<= 1)
			strvec_push(&known, spec_metric_name(i));
		report_unknown(ld, item, "metric", name, &known, 1);
	} else if (exp->metrics & m) {
		report(ld, item, "metric \"%s\" is listed twice", name);
	}
	if (m)
		exp->metrics |= m;
	strvec_clear(&known);
}

static void set_metrics(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->metrics = 0;
	if (v->data.sequence.items.start == v->data.sequence.items.top)
		report(ld, v, "expected at least one metric");
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++)
		add_metric(ld, node_at(ld, *it), exp);
}

static void set_baseline(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	for (size_t i = 0; i < exp->nr_runtimes; i++)
		if (exp->runtimes[i].name)
			strvec_push(&known, exp->runtimes[i].name);
	/* without runtimes (an error already) there is nothing to compare with */
	if (known.nr && !strvec_has(&known, text)) {
		struct strbuf hint = STRBUF_INIT;
		add_known(&hint, &known);
		report(ld, v, "baseline \"%s\" is not one of the runtimes (%s)", text, hint.buf);
		strbuf_release(&hint);
	}
	strvec_clear(&known);
	set_string(ld, v, obj, k);
}

static void set_order(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = one_of_two(ld, v, k->name, spec_order_name(ORDER_RANDOMIZED),
			   spec_order_name(ORDER_SEQUENTIAL));

	if (i >= 0)
		((struct experiment *)obj)->order = i ? ORDER_SEQUENTIAL : ORDER_RANDOMIZED;
}

static void experiment_init(struct experiment *exp)
{
	exp->description = xstrdup("");
	exp->seed = DEFAULT_SEED;
	exp->repetitions = DEFAULT_REPETITIONS;
	exp->timeout = DEFAULT_TIMEOUT;
	exp->retries = DEFAULT_RETRIES;
	exp->retry_backoff = DEFAULT_BACKOFF;
	exp->idle = DEFAULT_IDLE;
	exp->metrics = DEFAULT_METRICS; /* set before `figures` are checked against it */
}

/* Defaults that depend on what the file says (or leaves out). */
static void experiment_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	struct experiment *exp = obj;

	if (!yamldoc_map_get(ld->doc, map, "hosts") &&
	    !yamldoc_map_get(ld->doc, map, "inventory")) {
		exp->hosts = xcalloc(1, sizeof(*exp->hosts));
		exp->nr_hosts = 1;
		exp->hosts[0].name = xstrdup("local");
		host_init(ld, &exp->hosts[0]);
	}
	if (!exp->baseline && exp->nr_runtimes && exp->runtimes[0].name)
		exp->baseline = xstrdup(exp->runtimes[0].name);
	if (!exp->figures_declared)
		spec_default_figures(exp);
}

/*
 * Table order matters: applications inherit limits, timeout and idle; baseline
 * names a runtime; hosts take ssh_config as their default.
 */
static const struct key experiment_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct experiment, name)),
	KEY("description", SCALAR, "a string", OPTIONAL, set_string,
	    AT(struct experiment, description)),
	KEY("seed", SCALAR, "a whole number", OPTIONAL, set_ulong, AT(struct experiment, seed)),
	{"repetitions", SCALAR, "a whole number", OPTIONAL, set_int,
	 AT(struct experiment, repetitions), 1, MAX_REPETITIONS, NULL},
	KEY("ssh_config", SCALAR, "a file", OPTIONAL, set_ssh_config, 0),
	KEY("hosts", LIST, "a list of hosts", OPTIONAL, set_hosts, 0),
	KEY("inventory", SCALAR, "an inventory file", OPTIONAL, set_inventory, 0),
	{"limits", MAP, "a mapping (cpus, memory)", OPTIONAL, set_section,
	 AT(struct experiment, limits), 0, 0, &limits_section},
	KEY("timeout", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct experiment, timeout)),
	{"timeouts", MAP, "a mapping (run, deploy, setup, client)", OPTIONAL, set_section,
	 AT(struct experiment, timeouts), 0, 0, &timeouts_section},
	KEY("idle", SCALAR, "a duration", OPTIONAL, set_duration, AT(struct experiment, idle)),
	KEY("runtimes", LIST, "a list of runtimes", REQUIRED, set_runtimes, 0),
	KEY("applications", LIST, "a list of applications", REQUIRED, set_apps, 0),
	KEY("exclude", LIST, "a list of combinations", OPTIONAL, set_excludes, 0),
	KEY("metrics", LIST, "a list of metrics", OPTIONAL, set_metrics, 0),
	KEY("baseline", SCALAR, "a runtime name", OPTIONAL, set_baseline,
	    AT(struct experiment, baseline)),
	KEY("order", SCALAR, "randomized or sequential", OPTIONAL, set_order, 0),
	{"warmup", SCALAR, "a whole number", OPTIONAL, set_int, AT(struct experiment, warmup), 0,
	 MAX_REPETITIONS, NULL},
	KEY("pause", SCALAR, "a duration", OPTIONAL, set_duration, AT(struct experiment, pause)),
	{"retries", SCALAR, "a whole number", OPTIONAL, set_int, AT(struct experiment, retries), 0,
	 100, NULL},
	KEY("retry_backoff", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct experiment, retry_backoff)),
	/* last: a figure names a metric of the applications */
	KEY("figures", LIST, "a list of figures", OPTIONAL, set_figures, 0),
	END_OF_KEYS,
};

static const struct section experiment_section = {
	.noun = "experiment",
	.keys = experiment_keys,
	.finish = experiment_finish,
};

static void load_root(struct loader *ld)
{
	yaml_node_t *root = yamldoc_root(ld->doc);

	if (!root) {
		report_at(ld, 1, 1,
			  "the file is empty; an experiment needs at least "
			  "name, runtimes and applications");
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		report(ld, root,
		       "expected a mapping (name, runtimes, applications, ...) at the "
		       "top level, not %s",
		       yamldoc_kind(root));
		return;
	}
	experiment_init(ld->exp);
	walk_section(ld, root, &experiment_section, ld->exp);
}

int spec_load(const char *path, struct experiment *exp)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	yaml_document_t doc;
	struct loader ld = {.doc = &doc, .file = path, .exp = exp};
	int ret = -1;

	memset(exp, 0, sizeof(*exp));
	exp->file = xstrdup(path);
	if (read_file(path, &text) < 0)
		goto out;
	if (yamldoc_load_strict(&doc, text.buf, text.len, &why) < 0) {
		fprintf(stderr, "%s:%s\n", path, why.buf);
		goto out;
	}
	load_root(&ld);
	yaml_document_delete(&doc);
	free(ld.ssh_config);
	if (!print_diags(&ld, path))
		ret = 0;
out:
	strbuf_release(&text);
	strbuf_release(&why);
	if (ret < 0)
		spec_free(exp);
	return ret;
}

/* ---- inventory files: the hosts section alone ---- */

static const struct key inventory_keys[] = {
	KEY("ssh_config", SCALAR, "a file", OPTIONAL, set_ssh_config, 0),
	KEY("hosts", LIST, "a list of hosts", REQUIRED, set_hosts, 0),
	END_OF_KEYS,
};

static const struct section inventory_section = {.noun = "inventory", .keys = inventory_keys};

static int is_yaml_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml"));
}

static int load_yaml_hosts(const char *path, const struct strbuf *text, struct experiment *tmp)
{
	struct strbuf why = STRBUF_INIT;
	yaml_document_t doc;
	struct loader ld = {.doc = &doc, .file = path, .exp = tmp, .inventory = 1};
	yaml_node_t *root;

	if (yamldoc_load_strict(&doc, text->buf, text->len, &why) < 0) {
		fprintf(stderr, "%s:%s\n", path, why.buf);
		strbuf_release(&why);
		return -1;
	}
	root = yamldoc_root(&doc);
	if (!root || root->type != YAML_MAPPING_NODE)
		report_at(&ld, root ? pos_of(root).line : 1, root ? pos_of(root).col : 1,
			  "expected a mapping with \"hosts\" (a list of hosts) at the top level");
	else
		walk_section(&ld, root, &inventory_section, tmp);
	yaml_document_delete(&doc);
	free(ld.ssh_config);
	return print_diags(&ld, path) ? -1 : 0;
}

int spec_load_hosts(const char *path, struct spec_host **hosts, size_t *nr)
{
	struct strbuf text = STRBUF_INIT;
	struct experiment tmp = {0};
	int ret = -1;

	*hosts = NULL;
	*nr = 0;
	if (read_file(path, &text) < 0)
		return -1;
	if (!is_yaml_name(path))
		ret = inventory_ini_load(path, text.buf, hosts, nr);
	else if (load_yaml_hosts(path, &text, &tmp) == 0)
		ret = 0;
	if (ret == 0 && !*hosts) {
		*hosts = tmp.hosts;
		*nr = tmp.nr_hosts;
	} else if (ret < 0) {
		spec_free_hosts(tmp.hosts, tmp.nr_hosts);
	}
	strbuf_release(&text);
	return ret;
}
