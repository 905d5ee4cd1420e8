#include "report/comparisons_reader.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const text_columns[CMP_NTEXTS] = {
	"kind", "host_type", "application", "variant", "metric", "baseline", "candidate",
};
static const char *const number_columns[CMP_NNUMBERS] = {"ratio", "ratio_ci_low", "ratio_ci_high",
							 "p_holm"};

struct columns {
	int text[CMP_NTEXTS], number[CMP_NNUMBERS];
	size_t count;
};

static int find_column(const char *path, const struct strvec *header, const char *name)
{
	for (size_t i = 0; i < header->nr; i++)
		if (!strcmp(header->v[i], name))
			return (int)i;
	return error("%s:1: no column \"%s\"", path, name);
}

static int map_columns(const char *path, const struct strvec *header, struct columns *c)
{
	c->count = header->nr;
	for (int i = 0; i < CMP_NTEXTS; i++)
		if ((c->text[i] = find_column(path, header, text_columns[i])) < 0)
			return -1;
	for (int i = 0; i < CMP_NNUMBERS; i++)
		if ((c->number[i] = find_column(path, header, number_columns[i])) < 0)
			return -1;
	return 0;
}

static int add_row(const char *path, int line, const struct strvec *f, const struct columns *c,
		   struct comparison_rows *out)
{
	struct comparison_row *row;

	if (f->nr != c->count)
		return error("%s:%d: %zu fields, wanted %zu", path, line, f->nr, c->count);
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	row = &out->v[out->nr++];
	for (int i = 0; i < CMP_NTEXTS; i++)
		row->text[i] = xstrdup(f->v[c->text[i]]);
	for (int i = 0; i < CMP_NNUMBERS; i++) {
		const char *s = f->v[c->number[i]];
		char *end;
		row->number[i] = strcmp(s, "NA") ? strtod(s, &end) : NAN;
		if (strcmp(s, "NA") && (!*s || *end))
			return error("%s:%d: %s: '%s' is not a number or NA", path, line,
				     number_columns[i], s);
	}
	return 0;
}

int comparisons_read(const char *path, struct comparison_rows *out)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	struct strvec f = STRVEC_INIT;
	struct csv_reader r;
	struct columns c = {.count = 0};
	int ret = read_file(path, &text, READ_LIMIT_DATA), got;

	if (!ret)
		csv_reader_init(&r, text.buf, text.len);
	while (!ret && (got = csv_read_record(&r, &f, &why)) != 0) {
		if (got < 0)
			ret = error("%s:%d: %s", path, r.line, why.buf);
		else if (r.line == 1)
			ret = map_columns(path, &f, &c);
		else
			ret = add_row(path, r.line, &f, &c, out);
	}
	strvec_clear(&f);
	strbuf_release(&why);
	strbuf_release(&text);
	return ret;
}

void comparison_rows_release(struct comparison_rows *rows)
{
	for (size_t i = 0; i < rows->nr; i++)
		for (int k = 0; k < CMP_NTEXTS; k++)
			free(rows->v[i].text[k]);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}
