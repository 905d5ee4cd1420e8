/*
 * The schema walker (schema.h): problems with their positions, "did you
 * mean" suggestions, and the walk of a mapping along a key table.
 */
#include "spec/schema.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SHOWN_MAX 80 /* bytes of a quoted value that a message shows */

/* `len` bytes of `s` or fewer, not ending inside a UTF-8 character. */
static size_t utf8_cut(const char *s, size_t len)
{
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

/*
 * Messages show the user's values in quotes, and a value can be megabytes
 * long: every run between two quotes is cut to SHOWN_MAX bytes and "…".
 * Every such run, not every other one: a value may hold quotes itself, and
 * the loader's own words between two quoted values are few.
 */
static void add_capped(struct strbuf *out, const char *msg)
{
	const char *q = strchr(msg, '"'), *next;

	if (!q) {
		strbuf_addstr(out, msg);
		return;
	}
	strbuf_add(out, msg, (size_t)(q + 1 - msg));
	for (; (next = strchr(q + 1, '"')); q = next) {
		size_t len = (size_t)(next - (q + 1));
		if (len > SHOWN_MAX) {
			strbuf_add(out, q + 1, utf8_cut(q + 1, SHOWN_MAX));
			strbuf_addstr(out, "…");
		} else {
			strbuf_add(out, q + 1, len);
		}
		strbuf_addch(out, '"');
	}
	strbuf_addstr(out, q + 1);
}

__attribute__((format(printf, 4, 0))) static void vreport_at(struct loader *ld, int line, int col,
							     const char *fmt, va_list ap)
{
	struct strbuf full = STRBUF_INIT, msg = STRBUF_INIT;

	strbuf_vaddf(&full, fmt, ap);
	add_capped(&msg, full.buf);
	strbuf_release(&full);
	ALLOC_GROW(ld->diags, ld->nr_diags + 1, ld->alloc_diags);
	ld->diags[ld->nr_diags] = (struct diag){line, col, ld->nr_diags, strbuf_detach(&msg, NULL)};
	ld->nr_diags++;
}

__attribute__((format(printf, 4, 5))) void schema_report_at(struct loader *ld, int line, int col,
							    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport_at(ld, line, col, fmt, ap);
	va_end(ap);
}

struct spec_pos schema_pos(const yaml_node_t *node)
{
	/* libyaml counts from 0, editors from 1 */
	return (struct spec_pos){(int)node->start_mark.line + 1, (int)node->start_mark.column + 1};
}

__attribute__((format(printf, 3, 4))) void schema_report(struct loader *ld, const yaml_node_t *node,
							 const char *fmt, ...)
{
	struct spec_pos pos = schema_pos(node);
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
size_t schema_print_diags(struct loader *ld, const char *file)
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

yaml_node_t *schema_node(struct loader *ld, int index)
{
	return yaml_document_get_node(ld->doc, index);
}

void schema_replace_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

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

void schema_add_known(struct strbuf *sb, const struct strvec *known)
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
void schema_report_unknown(struct loader *ld, const yaml_node_t *node, const char *kind,
			   const char *word, const struct strvec *known, int list_known)
{
	const char *near = closest(word, known);
	struct strbuf hint = STRBUF_INIT;

	if (near)
		strbuf_addf(&hint, "did you mean \"%s\"?", near);
	if (near && list_known)
		strbuf_addstr(&hint, "; ");
	if (!near || list_known)
		schema_add_known(&hint, known);
	schema_report(ld, node, "unknown %s \"%s\" (%s)", kind, word, hint.buf);
	strbuf_release(&hint);
}

/* The first pair before `end` whose key is `name`, or NULL. */
static yaml_node_t *earlier_key(struct loader *ld, yaml_node_t *map, yaml_node_pair_t *end,
				const char *name)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < end; p++) {
		yaml_node_t *key = schema_node(ld, p->key);
		const char *k = yamldoc_scalar(key);
		if (k && !strcmp(k, name))
			return key;
	}
	return NULL;
}

yaml_node_t *schema_key(struct loader *ld, yaml_node_t *map, const char *name)
{
	return earlier_key(ld, map, map->data.mapping.pairs.top, name);
}

/* Keys that are not single values, repeated, or not in `known`. */
void schema_check_keys(struct loader *ld, yaml_node_t *map, const struct strvec *known,
		       const char *kind)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *key = schema_node(ld, p->key), *first;
		const char *name = yamldoc_scalar(key);

		if (!name) {
			schema_report(ld, key, "a %s must be a single value, not %s", kind,
				      yamldoc_kind(key));
			continue;
		}
		first = earlier_key(ld, map, p, name);
		if (first)
			schema_report(ld, key, "duplicate key \"%s\" (first at %d:%d)", name,
				      schema_pos(first).line, schema_pos(first).col);
		else if (!strvec_has(known, name))
			schema_report_unknown(ld, key, kind, name, known, 0);
	}
}

static void walk_key(struct loader *ld, yaml_node_t *map, const struct section *sec,
		     const struct key *k, void *obj)
{
	yaml_node_t *v = yamldoc_map_get(ld->doc, map, k->name);

	if (!v) {
		if (k->required)
			schema_report(ld, map, "missing required key \"%s\" in this %s", k->name,
				      sec->noun);
		return;
	}
	if (k->type != YAML_NO_NODE && v->type != k->type) {
		schema_report(ld, v, "expected %s for \"%s\", not %s", k->what, k->name,
			      yamldoc_kind(v));
		return;
	}
	if (k->set)
		k->set(ld, v, obj, k);
}

/* Walk mapping `map` into `obj` along the table of `sec`. */
void schema_walk_section(struct loader *ld, yaml_node_t *map, const struct section *sec, void *obj)
{
	struct strvec known = STRVEC_INIT;

	for (const struct key *k = sec->keys; k->name; k++)
		strvec_push(&known, k->name);
	schema_check_keys(ld, map, &known, "key");
	strvec_clear(&known);
	for (const struct key *k = sec->keys; k->name; k++)
		walk_key(ld, map, sec, k, obj);
	if (sec->finish)
		sec->finish(ld, map, obj);
}

/* Names become file names, and file systems may ignore case: "a" and "A" clash too. */
static void report_same_name(struct loader *ld, yaml_node_t *item, const struct section *sec,
			     const char *name, const char *other, const struct spec_pos *first)
{
	yaml_node_t *at = yamldoc_map_get(ld->doc, item, "name");

	if (!strcmp(other, name))
		schema_report(ld, at, "duplicate %s name \"%s\" (first at %d:%d)", sec->noun, name,
			      first->line, first->col);
	else
		schema_report(ld, at, "%s name \"%s\" differs from \"%s\" (at %d:%d) only in case",
			      sec->noun, name, other, first->line, first->col);
}

static void check_unique_name(struct loader *ld, yaml_node_t *item, const struct section *sec,
			      char *array, size_t i)
{
	const char *name = *(char **)(array + i * sec->size + sec->name_off);

	for (size_t j = 0; name && j < i; j++) {
		const char *other = *(char **)(array + j * sec->size + sec->name_off);
		const struct spec_pos *first = (const void *)(array + j * sec->size + sec->pos_off);
		if (other && !strcasecmp(other, name)) {
			report_same_name(ld, item, sec, name, other, first);
			return;
		}
	}
}

/* A list of mappings walked along `sec` into a new array of sec->size elements. */
void *schema_walk_list(struct loader *ld, yaml_node_t *seq, const struct section *sec, size_t *nr)
{
	yaml_node_item_t *items = seq->data.sequence.items.start;
	size_t n = (size_t)(seq->data.sequence.items.top - items);
	char *array;

	*nr = 0;
	if (!n) {
		schema_report(ld, seq, "expected at least one %s", sec->noun);
		return NULL;
	}
	array = xcalloc(n, sec->size);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = schema_node(ld, items[i]);
		void *obj = array + i * sec->size;

		*(struct spec_pos *)(array + i * sec->size + sec->pos_off) = schema_pos(item);
		if (sec->init)
			sec->init(ld, obj);
		if (item->type != YAML_MAPPING_NODE) {
			schema_report(ld, item, "expected a %s (a mapping), not %s", sec->noun,
				      yamldoc_kind(item));
			continue;
		}
		schema_walk_section(ld, item, sec, obj);
		if (sec->name_off != NO_NAME)
			check_unique_name(ld, item, sec, array, i);
	}
	*nr = n;
	return array;
}
