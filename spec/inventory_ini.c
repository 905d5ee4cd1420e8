/*
 * Ansible INI inventories: read the sections into groups and hosts, then
 * give each host its groups (also through [parent:children]) and its
 * variables (all:vars, then its groups' vars, then its own line), and map
 * the variables crbench understands onto a struct spec_host.
 */
#include "common/error.h"
#include "common/fsutil.h"
#include "common/names.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "spec/inventory_ini.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ini_group {
	char *name;
	struct strvec vars;    /* "key=value" of [name:vars] */
	struct strvec parents; /* the groups that list it under [parent:children] */
};

struct ini_host {
	char *name;
	int line; /* first line naming the host, for messages */
	struct strvec vars;
	struct strvec groups; /* where it is listed */
};

/*
 * Names to indexes into the hosts or groups array, so that each lookup is
 * constant time and a large inventory loads in linear time. Open
 * addressing with linear probing, at most half full; the names are those
 * the array owns (stable when the array moves).
 */
struct index_slot {
	const char *name; /* NULL: empty */
	size_t i;
};

struct name_index {
	struct index_slot *slot;
	size_t nr, cap; /* cap: 0 or a power of two */
};

struct ini {
	const char *file;
	struct strbuf *why;
	int line;
	struct ini_group *groups;
	size_t nr_groups, alloc_groups;
	struct name_index group_index;
	struct ini_host *hosts;
	size_t nr_hosts, alloc_hosts;
	struct name_index host_index;
};

__attribute__((format(printf, 3, 4))) static int fail(struct ini *ini, int line, const char *fmt,
						      ...)
{
	va_list ap;

	strbuf_addf(ini->why, "%s:%d: ", ini->file, line);
	va_start(ap, fmt);
	strbuf_vaddf(ini->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* FNV-1a */
static size_t hash_name(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot holding `name`, or the empty one where it would go; the index must have room. */
static struct index_slot *index_slot(const struct name_index *ix, const char *name)
{
	size_t mask = ix->cap - 1, k = hash_name(name) & mask;

	while (ix->slot[k].name && strcmp(ix->slot[k].name, name))
		k = (k + 1) & mask;
	return &ix->slot[k];
}

static void index_grow(struct name_index *ix)
{
	struct name_index bigger = {NULL, ix->nr, ix->cap ? 2 * ix->cap : 16};

	bigger.slot = xcalloc(bigger.cap, sizeof(*bigger.slot));
	for (size_t k = 0; k < ix->cap; k++)
		if (ix->slot[k].name)
			*index_slot(&bigger, ix->slot[k].name) = ix->slot[k];
	free(ix->slot);
	*ix = bigger;
}

/* The index of `name` in its array, or -1. */
static long index_find(const struct name_index *ix, const char *name)
{
	const struct index_slot *slot = ix->cap ? index_slot(ix, name) : NULL;

	return slot && slot->name ? (long)slot->i : -1;
}

static void index_add(struct name_index *ix, const char *name, size_t i)
{
	if (2 * (ix->nr + 1) > ix->cap)
		index_grow(ix);
	*index_slot(ix, name) = (struct index_slot){name, i};
	ix->nr++;
}

static struct ini_group *find_group(const struct ini *ini, const char *name)
{
	long i = index_find(&ini->group_index, name);

	return i < 0 ? NULL : &ini->groups[i];
}

/* The group, added if new: this may move the array, so only while reading the file. */
static struct ini_group *group(struct ini *ini, const char *name)
{
	struct ini_group *g = find_group(ini, name);

	if (g)
		return g;
	ALLOC_GROW(ini->groups, ini->nr_groups + 1, ini->alloc_groups);
	g = &ini->groups[ini->nr_groups];
	*g = (struct ini_group){xstrdup(name), STRVEC_INIT, STRVEC_INIT};
	index_add(&ini->group_index, g->name, ini->nr_groups++);
	return g;
}

static struct ini_host *host(struct ini *ini, const char *name)
{
	long i = index_find(&ini->host_index, name);
	struct ini_host *h;

	if (i >= 0)
		return &ini->hosts[i];
	ALLOC_GROW(ini->hosts, ini->nr_hosts + 1, ini->alloc_hosts);
	h = &ini->hosts[ini->nr_hosts];
	*h = (struct ini_host){xstrdup(name), ini->line, STRVEC_INIT, STRVEC_INIT};
	index_add(&ini->host_index, h->name, ini->nr_hosts++);
	return h;
}

static char *trim(char *s)
{
	char *end = s + strlen(s);

	while (isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* "key=value" with the value's quotes removed, into `vars`. */
static int add_var(struct ini *ini, char *word, struct strvec *vars)
{
	char *eq = strchr(word, '='), *key, *value;
	size_t len;

	if (!eq || eq == word)
		return fail(ini, ini->line, "expected key=value, not \"%s\"", word);
	*eq = '\0';
	key = trim(word);
	value = trim(eq + 1);
	len = strlen(value);
	if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0]) {
		value[len - 1] = '\0';
		value++;
	}
	strvec_pushf(vars, "%s=%s", key, value);
	return 0;
}

/* The next word of a host line; quotes group ("key='a b'"). */
static char *next_word(char **s)
{
	char *start, quote = 0;

	while (isspace((unsigned char)**s))
		(*s)++;
	if (!**s)
		return NULL;
	start = *s;
	for (; **s && (quote || !isspace((unsigned char)**s)); (*s)++)
		if (!quote && (**s == '"' || **s == '\''))
			quote = **s;
		else if (quote && **s == quote)
			quote = 0;
	if (**s)
		*(*s)++ = '\0';
	return start;
}

static int host_line(struct ini *ini, char *line, const char *group_name)
{
	char *name = next_word(&line), *word;
	const char *problem = name_problem(name);
	struct ini_host *h;

	if (strchr(name, '['))
		return fail(ini, ini->line, "host ranges like \"%s\" are not supported", name);
	if (problem)
		return fail(ini, ini->line, "invalid host name \"%s\": %s", name, problem);
	h = host(ini, name);
	strvec_push(&h->groups, group_name);
	while ((word = next_word(&line)))
		if (add_var(ini, word, &h->vars) < 0)
			return -1;
	return 0;
}

/* "[name]", "[name:vars]", "[name:children]": the group and the kind of lines that follow. */
static int section(struct ini *ini, char *line, char **name, char **kind)
{
	char *end = strchr(line, ']'), *colon;

	if (!end || trim(end + 1)[0])
		return fail(ini, ini->line, "expected a section like [group], not \"%s\"", line);
	*end = '\0';
	*name = line + 1;
	colon = strchr(*name, ':');
	*kind = colon ? colon + 1 : "";
	if (colon)
		*colon = '\0';
	if (!**name)
		return fail(ini, ini->line, "a section needs a group name");
	if (**kind && strcmp(*kind, "vars") && strcmp(*kind, "children"))
		return fail(ini, ini->line,
			    "unknown section kind \":%s\" (known: :vars, :children)", *kind);
	group(ini, *name);
	return 0;
}

/* A section header, or a line of the current section (host, var or child group). */
static int one_line(struct ini *ini, char *line, char **name, char **kind)
{
	if (*line == '[')
		return section(ini, line, name, kind);
	if (!**kind)
		return host_line(ini, line, *name);
	if (!strcmp(*kind, "vars"))
		return add_var(ini, line, &group(ini, *name)->vars);
	strvec_push(&group(ini, line)->parents, *name);
	return 0;
}

static int read_lines(struct ini *ini, char *text)
{
	char *name = "ungrouped", *kind = "", *next;

	for (char *line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ini->line++;
		line = trim(line);
		if (!*line || *line == '#' || *line == ';')
			continue;
		if (one_line(ini, line, &name, &kind) < 0)
			return -1;
	}
	return 0;
}

static int has_group(const struct strvec *groups, const char *name)
{
	for (size_t i = 0; i < groups->nr; i++)
		if (!strcmp(groups->v[i], name))
			return 1;
	return 0;
}

/* Add to `groups` their parents, theirs in turn, and so on: nearer ones first. */
static void add_parents(const struct ini *ini, struct strvec *groups)
{
	for (size_t i = 0; i < groups->nr; i++) {
		const struct ini_group *g = find_group(ini, groups->v[i]);
		for (size_t p = 0; g && p < g->parents.nr; p++)
			if (!has_group(groups, g->parents.v[p]))
				strvec_push(groups, g->parents.v[p]);
	}
}

/* The host's value of `key`, or NULL: its own line wins over its groups, groups over all. */
static const char *var(const struct ini *ini, const struct ini_host *h, const struct strvec *groups,
		       const char *key)
{
	size_t len = strlen(key);
	const struct ini_group *layers[64];
	size_t n = 0;

	for (size_t i = 0; i < h->vars.nr; i++)
		if (!strncmp(h->vars.v[i], key, len) && h->vars.v[i][len] == '=')
			return h->vars.v[i] + len + 1;
	/* "ungrouped" and "all" need not have a section: a group without one has no vars. */
	for (size_t i = 0; i < groups->nr && n < 63; i++)
		if ((layers[n] = find_group(ini, groups->v[i])))
			n++;
	if ((layers[n] = find_group(ini, "all")))
		n++;
	for (size_t l = 0; l < n; l++) {
		const struct strvec *vars = &layers[l]->vars;
		for (size_t i = vars->nr; i-- > 0;)
			if (!strncmp(vars->v[i], key, len) && vars->v[i][len] == '=')
				return vars->v[i] + len + 1;
	}
	return NULL;
}

static const char *first_var(struct ini *ini, const struct ini_host *h, const struct strvec *groups,
			     const char *a, const char *b)
{
	const char *v = var(ini, h, groups, a);
	return v ? v : b ? var(ini, h, groups, b) : NULL;
}

static char *path_var(struct ini *ini, const char *value)
{
	return value ? path_beside(ini->file, value) : NULL;
}

static int host_type(struct ini *ini, const struct ini_host *h, const struct strvec *groups,
		     struct spec_host *out)
{
	const char *t = var(ini, h, groups, "crbench_host_type");

	for (size_t i = 0; !t && i < groups->nr; i++) {
		if (!strcmp(groups->v[i], "bare-metal") || !strcmp(groups->v[i], "bare_metal"))
			t = "bare-metal";
		else if (!strcmp(groups->v[i], "nested-vm") || !strcmp(groups->v[i], "nested_vm"))
			t = "nested-vm";
	}
	if (t && strcmp(t, "bare-metal") && strcmp(t, "nested-vm"))
		return fail(
			ini, h->line,
			"host %s: crbench_host_type must be bare-metal or nested-vm, not \"%s\"",
			h->name, t);
	out->host_type = xstrdup(t ? t : "bare-metal");
	return 0;
}

static int to_spec_host(struct ini *ini, const struct ini_host *h, struct spec_host *out)
{
	struct strvec groups = STRVEC_INIT;
	const char *port, *connection;
	char *end;
	int ret;

	strvec_pushv(&groups, (const char *const *)h->groups.v);
	add_parents(ini, &groups);
	out->name = xstrdup(h->name);
	out->pos.line = h->line;
	out->address =
		xstrdup_or_null(first_var(ini, h, &groups, "ansible_host", "ansible_ssh_host"));
	out->user = xstrdup_or_null(first_var(ini, h, &groups, "ansible_user", "ansible_ssh_user"));
	out->identity = path_var(ini, first_var(ini, h, &groups, "ansible_ssh_private_key_file",
						"ansible_private_key_file"));
	out->known_hosts = path_var(ini, var(ini, h, &groups, "crbench_known_hosts"));
	out->ssh_config = path_var(ini, var(ini, h, &groups, "crbench_ssh_config"));
	out->ssh_alias = xstrdup_or_null(var(ini, h, &groups, "crbench_ssh_alias"));
	connection = var(ini, h, &groups, "ansible_connection");
	out->transport = xstrdup(connection && !strcmp(connection, "local") ? "local" : "ssh");
	for (size_t i = 0; i < groups.nr; i++)
		if (strcmp(groups.v[i], "ungrouped") && strcmp(groups.v[i], "all"))
			strvec_push(&out->labels, groups.v[i]);
	ret = host_type(ini, h, &groups, out);
	port = first_var(ini, h, &groups, "ansible_port", "ansible_ssh_port");
	if (!ret && port) {
		long n = strtol(port, &end, 10);
		if (!isdigit((unsigned char)*port) || *end || n < 1 || n > 65535)
			ret = fail(ini, h->line,
				   "host %s: ansible_port must be a port number, not \"%s\"",
				   h->name, port);
		out->port = (int)n;
	}
	strvec_clear(&groups);
	return ret;
}

static void ini_release(struct ini *ini)
{
	for (size_t i = 0; i < ini->nr_groups; i++) {
		free(ini->groups[i].name);
		strvec_clear(&ini->groups[i].vars);
		strvec_clear(&ini->groups[i].parents);
	}
	for (size_t i = 0; i < ini->nr_hosts; i++) {
		free(ini->hosts[i].name);
		strvec_clear(&ini->hosts[i].vars);
		strvec_clear(&ini->hosts[i].groups);
	}
	free(ini->groups);
	free(ini->hosts);
	free(ini->group_index.slot);
	free(ini->host_index.slot);
}

/* A NUL would end the text there and hide the rest of the file: refuse it, naming where. */
static int refuse_nul(struct ini *ini, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len), *bol = text;
	int line = 1;

	if (!nul)
		return 0;
	for (const char *p = text; p < nul; p++)
		if (*p == '\n') {
			line++;
			bol = p + 1;
		}
	strbuf_addf(ini->why, "%s:%d:%d: a NUL byte in the inventory", ini->file, line,
		    (int)(nul - bol) + 1);
	return -1;
}

/* The file's text without a UTF-8 byte order mark, which editors may write first. */
static char *copy_text(const char *text, size_t len)
{
	size_t skip = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;

	return xstrndup(text + skip, len - skip);
}

int inventory_ini_parse(const char *file, const char *text, size_t len, struct spec_host **hosts,
			size_t *nr, struct strbuf *why)
{
	struct ini ini = {.file = file, .why = why};
	int ret = refuse_nul(&ini, text, len);
	char *copy = ret ? NULL : copy_text(text, len);

	*hosts = NULL;
	*nr = 0;
	if (!ret)
		ret = read_lines(&ini, copy);
	if (!ret && !ini.nr_hosts)
		ret = fail(&ini, 1, "no hosts in this inventory");
	if (!ret) {
		*hosts = xcalloc(ini.nr_hosts, sizeof(**hosts));
		*nr = ini.nr_hosts;
		for (size_t i = 0; i < ini.nr_hosts && !ret; i++)
			ret = to_spec_host(&ini, &ini.hosts[i], &(*hosts)[i]);
	}
	if (ret) {
		spec_free_hosts(*hosts, *nr);
		*hosts = NULL;
		*nr = 0;
	}
	free(copy);
	ini_release(&ini);
	return ret;
}

int inventory_ini_load(const char *file, const char *text, size_t len, struct spec_host **hosts,
		       size_t *nr)
{
	struct strbuf why = STRBUF_INIT;
	int ret = inventory_ini_parse(file, text, len, hosts, nr, &why);

	if (ret < 0)
		fprintf(stderr, "%s\n", why.buf);
	strbuf_release(&why);
	return ret;
}
