#ifndef CRBENCH_TEST_ENGINE_CHECKS_H
#define CRBENCH_TEST_ENGINE_CHECKS_H

/*
 * Reading a run directory back for the engine's tests, in short
 * one-line forms that an assertion can compare whole and a failure prints:
 *   journal.jsonl  "run-started started:1@1 finished:1@1 ..." (event:order@attempt)
 *   samples.csv    "ok:1:42:ok bad:1::exit-3 ..."           (application:repetition:value:status)
 *   plan.tsv       "ok:1:measure ..."                        (application:repetition:kind)
 */
#include "common/csv.h"
#include "common/fsutil.h"
#include "common/samples.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"
#include "orchestrator/engine/rundir.h"
#include "tests/unit/tap.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append `token` to a space-separated list. */
static inline void token_add(struct strbuf *sb, const char *token)
{
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_addstr(sb, token);
}

/* The plan order a journal token names; 0 for run-level events. */
static inline int token_order(const char *token)
{
	const char *colon = strchr(token, ':');

	return colon ? atoi(colon + 1) : 0;
}

/* Whether the token records its entry for good (finished or failed). */
static inline int token_records(const char *token)
{
	return !strncmp(token, "finished:", 9) || !strncmp(token, "failed:", 7);
}

/* DIR/NAME appended to `out`; empty when it does not exist. */
static inline void run_file(const char *dir, const char *name, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	if (file_exists(path.buf) && read_file(path.buf, out, READ_LIMIT_DATA) < 0)
		strbuf_addstr(out, "(unreadable)");
	strbuf_release(&path);
}

/* One journal line as a token; "?" when it is no journal event. */
static inline void journal_token(const char *line, size_t len, struct strvec *out)
{
	json_t *ev = json_loadb(line, len, 0, NULL);
	const char *name = json_string_value(json_object_get(ev, "event"));
	json_t *order = json_object_get(ev, "order");

	if (!name)
		strvec_push(out, "?");
	else if (!order)
		strvec_push(out, name);
	else
		strvec_pushf(out, "%s:%d@%d", name, (int)json_integer_value(order),
			     (int)json_integer_value(json_object_get(ev, "attempt")));
	json_decref(ev);
}

/* The journal's whole lines as tokens; *torn: a last line lacks its newline. */
static inline void journal_tokens(const char *dir, struct strvec *out, int *torn)
{
	struct strbuf text = STRBUF_INIT;
	const char *p = text.buf, *nl;

	run_file(dir, "journal.jsonl", &text);
	for (p = text.buf; (nl = strchr(p, '\n')); p = nl + 1)
		journal_token(p, (size_t)(nl - p), out);
	*torn = *p != '\0';
	strbuf_release(&text);
}

static inline void journal_summary(const char *dir, struct strbuf *out, int *torn)
{
	struct strvec tokens = STRVEC_INIT;

	journal_tokens(dir, &tokens, torn);
	for (size_t i = 0; i < tokens.nr; i++)
		token_add(out, tokens.v[i]);
	strvec_clear(&tokens);
}

/* The first `n` tokens, joined. */
static inline void tokens_head(const struct strvec *tokens, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n && i < tokens->nr; i++)
		token_add(out, tokens->v[i]);
}

/* Fields `cols` (-1 ends) of each record after the header, joined by ':'. */
static inline void csv_summary(const char *text, const int *cols, struct strbuf *out)
{
	struct csv_reader r;
	struct strvec fields = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT, row = STRBUF_INIT;

	csv_reader_init(&r, text, strlen(text));
	for (int first = 1; csv_read_record(&r, &fields, &why) == 1; first = 0) {
		strbuf_reset(&row);
		for (const int *c = cols; !first && *c >= 0; c++)
			strbuf_addf(&row, "%s%s", c == cols ? "" : ":",
				    (size_t)*c < fields.nr ? fields.v[*c] : "(none)");
		if (!first)
			token_add(out, row.buf);
	}
	strvec_clear(&fields);
	strbuf_release(&why);
	strbuf_release(&row);
}

static inline void samples_summary(const char *csv, struct strbuf *out)
{
	static const int cols[] = {SC_APPLICATION, SC_REPETITION, SC_VALUE, SC_STATUS, -1};

	csv_summary(csv, cols, out);
}

static inline void samples_of(const char *dir, struct strbuf *out)
{
	struct strbuf text = STRBUF_INIT;

	run_file(dir, "samples.csv", &text);
	samples_summary(text.buf, out);
	strbuf_release(&text);
}

/* plan.tsv's columns; `cols` as in csv_summary(). */
enum { PLAN_ORDER, PLAN_ROUND, PLAN_CELL, PLAN_APPLICATION = 6, PLAN_REPETITION = 8, PLAN_KIND };

static inline void plan_columns(const char *dir, const int *cols, struct strbuf *out)
{
	struct strbuf text = STRBUF_INIT;

	run_file(dir, "plan.tsv", &text);
	for (char *p = text.buf; *p; p++) /* no field of these tests holds a comma */
		if (*p == '\t')
			*p = ',';
	csv_summary(text.buf, cols, out);
	strbuf_release(&text);
}

static inline void plan_summary(const char *dir, struct strbuf *out)
{
	static const int cols[] = {PLAN_APPLICATION, PLAN_REPETITION, PLAN_KIND, -1};

	plan_columns(dir, cols, out);
}

/* The cell of the first plan entry of application `app` (a static buffer). */
static inline const char *cell_name(const char *dir, const char *app)
{
	static const int cols[] = {PLAN_APPLICATION, PLAN_CELL, -1};
	static char name[256];
	struct strbuf rows = STRBUF_INIT;
	char *save = NULL;
	size_t len = strlen(app);

	plan_columns(dir, cols, &rows);
	name[0] = '\0';
	for (char *row = strtok_r(rows.buf, " ", &save); row && !name[0];
	     row = strtok_r(NULL, " ", &save))
		if (!strncmp(row, app, len) && row[len] == ':')
			snprintf(name, sizeof(name), "%s", row + len + 1);
	strbuf_release(&rows);
	return name;
}

/* The first `lines` lines of `text`. */
static inline void text_head(const char *text, int lines, struct strbuf *out)
{
	const char *end = text;

	while (lines-- > 0 && strchr(end, '\n'))
		end = strchr(end, '\n') + 1;
	strbuf_add(out, text, (size_t)(end - text));
}

/* CHECK that `got` is `want`, printing both when not. */
static inline void check_same(const char *label, const char *what, const char *got,
			      const char *want)
{
	if (!CHECK(!strcmp(got, want), "%s: %s", label, what))
		printf("#   got:  %s\n#   want: %s\n", got, want);
}

/* Temp files of atomic writes in DIR, or entries beside DIR (a staging directory). */
static inline int stray_files(const char *dir)
{
	char *parent = xstrdup(dir), *slash = strrchr(parent, '/');
	const char *base = slash + 1;
	int stray = 0;
	struct dirent *e;
	DIR *d;

	*slash = '\0';
	if ((d = opendir(dir))) {
		while ((e = readdir(d)))
			stray += strstr(e->d_name, ".tmp.") != NULL;
		closedir(d);
	}
	if ((d = opendir(parent))) {
		while ((e = readdir(d)))
			stray += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
				 strcmp(e->d_name, base);
		closedir(d);
	}
	free(parent);
	return stray;
}

/* Whether the host's scratch area of the run in DIR (host.c) is still there. */
static inline int scratch_left(const char *dir)
{
	struct rundir rd = {0};
	struct strbuf path = STRBUF_INIT;
	int left = 1;

	if (rundir_open(&rd, dir) == 0) {
		strbuf_addf(&path, "/var/tmp/crbench-%s", rd.scratch_id);
		left = file_exists(path.buf);
	}
	rundir_release(&rd);
	strbuf_release(&path);
	return left;
}

#endif
