/*
 * The exports of a summary: four files in DIR/analysis/ and the table for
 * stdout, on as many threads as there are processors. Each file is
 * written to a temporary file beside it as it is formatted, a chunk at a
 * time; only once every one of them is complete are they renamed into
 * place, so a failure leaves the old files, not a mix of old and new.
 */
#include "analysis/export_text.h"
#include "analysis/parallel.h"
#include "analysis/summary.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The biggest first: threads take them in this order. */
enum export { EXPORT_JSON, EXPORT_TABLE, EXPORT_COMPARISONS, EXPORT_SUMMARY, EXPORT_TEX, NEXPORTS };

static const char *const export_names[NEXPORTS] = {
	[EXPORT_JSON] = "summary.json",
	[EXPORT_TABLE] = NULL, /* stdout */
	[EXPORT_COMPARISONS] = "comparisons.csv",
	[EXPORT_SUMMARY] = "summary.csv",
	[EXPORT_TEX] = "summary.tex",
};

struct exports {
	const struct summary *s;
	const char *dir;
	struct strbuf *table;
	struct export_text text[NEXPORTS];
	struct strbuf path[NEXPORTS], tmp[NEXPORTS];
	int failed[NEXPORTS];
};

/* A temporary file beside the export's, where its text goes. */
static int open_tmp(struct exports *e, enum export x)
{
	int fd;

	strbuf_addf(&e->path[x], "%s/%s", e->dir, export_names[x]);
	strbuf_addf(&e->tmp[x], "%s.tmp.XXXXXX", e->path[x].buf);
	fd = mkstemp(e->tmp[x].buf);
	if (fd < 0) {
		strbuf_reset(&e->tmp[x]);
		return error_errno("cannot create '%s'", e->path[x].buf);
	}
	e->text[x].file = fdopen(fd, "w");
	if (!e->text[x].file) {
		close(fd);
		return error_errno("cannot write '%s'", e->path[x].buf);
	}
	return 0;
}

/* The rest of the text, then the file made durable and closed. */
static int close_tmp(struct exports *e, enum export x)
{
	struct export_text *t = &e->text[x];
	FILE *f = t->file;
	int ret = 0;

	if (!t->write_errno && fwrite(t->buf.buf, 1, t->buf.len, f) != t->buf.len)
		t->write_errno = errno ? errno : EIO;
	if (!t->write_errno && (fflush(f) || fchmod(fileno(f), 0644) < 0 || fsync(fileno(f)) < 0))
		t->write_errno = errno;
	t->file = NULL;
	if (fclose(f) && !t->write_errno)
		t->write_errno = errno;
	if (t->write_errno) {
		errno = t->write_errno;
		ret = error_errno("cannot write '%s'", e->path[x].buf);
	}
	return ret;
}

static int format_file(struct exports *e, enum export x)
{
	struct export_text *out = &e->text[x];
	int ret = 0;

	if (open_tmp(e, x) < 0)
		return -1;
	if (x == EXPORT_JSON)
		ret = summary_format_json(e->s, out);
	else if (x == EXPORT_COMPARISONS)
		comparisons_format_csv(e->s, out);
	else if (x == EXPORT_SUMMARY)
		summary_format_csv(e->s, out);
	else
		summary_format_tex(e->s, out);
	return close_tmp(e, x) < 0 ? -1 : ret;
}

static void format_one(void *ctx, size_t x)
{
	struct exports *e = ctx;

	if (x == EXPORT_TABLE)
		summary_format_table(e->s, e->table);
	else
		e->failed[x] = format_file(e, (enum export)x) < 0;
}

static int any_failed(const struct exports *e)
{
	for (size_t x = 0; x < NEXPORTS; x++)
		if (e->failed[x])
			return 1;
	return 0;
}

/* Every file complete: all renamed into place, then the directory made durable. */
static int publish(struct exports *e)
{
	for (size_t x = 0; x < NEXPORTS; x++) {
		if (!export_names[x])
			continue;
		if (rename(e->tmp[x].buf, e->path[x].buf) < 0)
			return error_errno("cannot replace '%s'", e->path[x].buf);
		strbuf_reset(&e->tmp[x]);
	}
	return fsync_dir_of(e->path[EXPORT_JSON].buf);
}

int summary_export(const struct summary *s, const char *dir, struct strbuf *table)
{
	struct exports e = {.s = s, .dir = dir, .table = table};
	int made_dir = !is_directory(dir), ret = -1;

	for (size_t x = 0; x < NEXPORTS; x++) {
		strbuf_init(&e.text[x].buf, 0);
		strbuf_init(&e.path[x], 0);
		strbuf_init(&e.tmp[x], 0);
	}
	if (mkdir_p(dir, 0755) < 0)
		goto out;
	parallel_for(NEXPORTS, format_one, &e);
	if (!any_failed(&e))
		ret = publish(&e);
out:
	for (size_t x = 0; x < NEXPORTS; x++) {
		if (e.tmp[x].len)
			unlink(e.tmp[x].buf); /* not renamed: a failure */
		strbuf_release(&e.text[x].buf);
		strbuf_release(&e.path[x]);
		strbuf_release(&e.tmp[x]);
	}
	if (ret < 0 && made_dir)
		rmdir(dir); /* as it was: no directory */
	return ret;
}
