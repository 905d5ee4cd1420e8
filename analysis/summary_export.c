/*
 * The exports of a summary: four files in DIR/analysis/ and the table for
 * stdout. Each is formatted into a buffer of its own, on as many threads
 * as there are processors; the files are written only once every one of
 * them could be formatted, so a failure leaves no mix of old and new.
 */
#include "analysis/parallel.h"
#include "analysis/summary.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

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
	struct strbuf files[NEXPORTS];
	int failed[NEXPORTS];
};

static struct strbuf *buffer_of(struct exports *e, enum export x)
{
	return x == EXPORT_TABLE ? e->table : &e->files[x];
}

static void format_one(void *ctx, size_t x)
{
	struct exports *e = ctx;
	struct strbuf *out = buffer_of(e, (enum export)x);

	switch ((enum export)x) {
	case EXPORT_JSON:
		e->failed[x] = summary_format_json(e->s, out) < 0;
		break;
	case EXPORT_TABLE:
		summary_format_table(e->s, out);
		break;
	case EXPORT_COMPARISONS:
		comparisons_format_csv(e->s, out);
		break;
	case EXPORT_SUMMARY:
		summary_format_csv(e->s, out);
		break;
	default:
		summary_format_tex(e->s, out);
		break;
	}
}

static void write_one(void *ctx, size_t x)
{
	struct exports *e = ctx;
	struct strbuf path = STRBUF_INIT;

	if (!export_names[x])
		return;
	strbuf_addf(&path, "%s/%s", e->dir, export_names[x]);
	e->failed[x] = write_file_atomic(path.buf, e->files[x].buf, e->files[x].len) < 0;
	strbuf_release(&path);
}

static int any_failed(const struct exports *e)
{
	for (size_t x = 0; x < NEXPORTS; x++)
		if (e->failed[x])
			return 1;
	return 0;
}

int summary_export(const struct summary *s, const char *dir, struct strbuf *table)
{
	struct exports e = {.s = s, .dir = dir, .table = table};
	int ret = -1;

	for (size_t x = 0; x < NEXPORTS; x++)
		strbuf_init(&e.files[x], 0);
	parallel_for(NEXPORTS, format_one, &e);
	if (any_failed(&e) || mkdir_p(dir, 0755) < 0)
		goto out;
	parallel_for(NEXPORTS, write_one, &e);
	ret = any_failed(&e) ? -1 : 0;
out:
	for (size_t x = 0; x < NEXPORTS; x++)
		strbuf_release(&e.files[x]);
	return ret;
}
