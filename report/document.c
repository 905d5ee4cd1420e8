/*
 * Pages and files: where tables and figures go and how they reach the
 * disk. Figures are drawn by draw_figure(), tables by table_draw(); what
 * they contain comes from figure.c and report_tables.c.
 */
#include "report/document.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/version.h"
#include "report/canvas.h"
#include "report/comparisons_reader.h"
#include "report/draw.h"
#include "report/figure.h"
#include "report/report_tables.h"
#include "report/run_info.h"
#include "report/samples_view.h"
#include "report/surface.h"
#include "report/table.h"
#include "report/text.h"

#include <string.h>
#include <time.h>

/* A4, with the content as wide as an IEEE double-column figure */
#define PAGE_W	  595.28
#define PAGE_H	  841.89
#define CONTENT_W (7.16 * 72.0)
#define MARGIN_X  ((PAGE_W - CONTENT_W) / 2)
#define MARGIN_Y  50.0
#define BOTTOM	  (PAGE_H - MARGIN_Y)
#define MIN_ROOM  60.0 /* a heading with less room under it starts a new page */

/* Where the next thing goes on the current page. */
struct pager {
	struct surface out;
	const char *run_id;
	int page;
	double y;
};

static void footer(struct pager *pg)
{
	struct strbuf sb = STRBUF_INIT;
	PangoLayout *l;

	strbuf_addf(&sb, "%s \u2014 page %d", pg->run_id, pg->page + 1);
	l = text_new(pg->out.cr, sb.buf, 7, 0);
	cairo_set_source_rgb(pg->out.cr, 0.45, 0.45, 0.45);
	text_show(pg->out.cr, l, PAGE_W / 2, PAGE_H - MARGIN_Y / 2, 0.5, 0.5, 0);
	g_object_unref(l);
	strbuf_release(&sb);
}

static void new_page(struct pager *pg)
{
	footer(pg);
	cairo_show_page(pg->out.cr);
	pg->page++;
	pg->y = MARGIN_Y;
}

/* A block of wrapped text; returns its height. */
static double paragraph(struct pager *pg, const char *s, double size, int bold, double grey)
{
	PangoLayout *l = text_new(pg->out.cr, s, size, bold);
	double w, h;

	text_wrap(l, CONTENT_W);
	text_size(l, &w, &h);
	if (pg->y + h > BOTTOM)
		new_page(pg);
	cairo_set_source_rgb(pg->out.cr, grey, grey, grey);
	text_show(pg->out.cr, l, MARGIN_X, pg->y, 0, 0, 0);
	g_object_unref(l);
	pg->y += h;
	return h;
}

static void heading(struct pager *pg, const char *s)
{
	if (pg->y > MARGIN_Y && pg->y + MIN_ROOM > BOTTOM)
		new_page(pg);
	pg->y += 8;
	paragraph(pg, s, 11, 1, 0);
	pg->y += 4;
}

/* The table over as many pages as it needs, its header repeated on each. */
static void table(struct pager *pg, const struct table *t, const char *if_empty)
{
	size_t row = 0;

	if (!t->nr_rows) {
		paragraph(pg, if_empty, 8, 0, 0.3);
		return;
	}
	for (;;) {
		pg->y = table_draw(pg->out.cr, t, &row, MARGIN_X, pg->y, CONTENT_W, BOTTOM);
		if (row == t->nr_rows)
			break;
		new_page(pg);
	}
	pg->y += 4;
}

/* Build one table with `fill`, draw it, free it. */
#define SHOW_TABLE(pg, fill, from, if_empty)                                                       \
	do {                                                                                       \
		struct table t_;                                                                   \
		fill((from), &t_);                                                                 \
		table((pg), &t_, (if_empty));                                                      \
		table_release(&t_);                                                                \
	} while (0)

static void title_page(struct pager *pg, const struct report_data *d)
{
	struct strbuf sb = STRBUF_INIT;
	char now[32];

	strbuf_addf(&sb, "crbench report: %s", d->info->run_id);
	paragraph(pg, sb.buf, 16, 1, 0);
	utc_iso8601(now, time(NULL));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Generated %s from %s/analysis and samples.csv.", now, d->info->run_id);
	paragraph(pg, sb.buf, 8, 0, 0.35);
	heading(pg, "Run");
	SHOW_TABLE(pg, tables_run, d->info, "");
	heading(pg, "Hosts");
	SHOW_TABLE(pg, tables_hosts, d->info, "No host facts recorded (no hosts/ directory).");
	heading(pg, "Runtime and tool versions");
	SHOW_TABLE(pg, tables_versions, d->info, "No versions recorded.");
	heading(pg, "Drift between the start and the end of the run");
	SHOW_TABLE(pg, tables_drift, d->info,
		   "No fact changed (or no end-of-run facts, hosts/<host>.end.json, were "
		   "recorded).");
	strbuf_release(&sb);
}

static void figure_caption(const struct figure *fig, size_t index, struct strbuf *sb)
{
	strbuf_addf(sb, "Figure %zu: %s. ", index + 1, fig->name);
	if (fig->normalized)
		strbuf_addf(sb,
			    "Values divided by the median of %s on the same host type and "
			    "application (dashed line: 1). ",
			    fig->baseline);
	strbuf_addstr(sb, draw_caption);
	if (fig->points)
		strbuf_addstr(sb, " Dots: every repetition, spread sideways.");
	strbuf_addstr(sb, " n under each runtime counts the repetitions that gave a value.");
}

/* One page: the figure at the size it is printed, its caption under it. */
static void figure_page(struct pager *pg, const struct report_data *d, size_t i)
{
	const struct figure *fig = &d->figures[i];
	struct canvas c = {pg->out.cr, d->greyscale, NULL};
	struct strbuf caption = STRBUF_INIT;
	double w, h;

	new_page(pg);
	draw_figure_size(fig, d->width_in, &w, &h);
	if (h > BOTTOM - MARGIN_Y - 60)
		h = BOTTOM - MARGIN_Y - 60; /* a custom size taller than the page */
	draw_figure(&c, fig, (struct rect){MARGIN_X + (CONTENT_W - w) / 2, pg->y, w, h});
	pg->y += h + 10;
	figure_caption(fig, i, &caption);
	paragraph(pg, caption.buf, 8, 0, 0);
	strbuf_release(&caption);
}

int document_write_report(const struct report_data *d, const char *path)
{
	struct pager pg = {.run_id = d->info->run_id, .page = 0, .y = MARGIN_Y};

	surface_begin(&pg.out, FORMAT_PDF, PAGE_W, PAGE_H, 72, d->info->run_id);
	title_page(&pg, d);
	new_page(&pg);
	heading(&pg, "Summary (analysis/summary.csv)");
	SHOW_TABLE(&pg, tables_summary, d->summary, "No groups.");
	for (size_t i = 0; i < d->nr_figures; i++)
		figure_page(&pg, d, i);
	new_page(&pg);
	heading(&pg, "Comparisons (analysis/comparisons.csv)");
	paragraph(&pg,
		  "Ratio of medians (candidate / baseline) with its 95 % bootstrap CI; p of the "
		  "Wilcoxon\u2013Mann\u2013Whitney test, Holm-adjusted over the run.",
		  8, 0, 0.3);
	pg.y += 4;
	SHOW_TABLE(&pg, tables_comparisons, d->comparisons, "No comparisons.");
	heading(&pg, "Failed repetitions (samples.csv)");
	SHOW_TABLE(&pg, tables_failed, d->failed, "No repetition failed.");
	footer(&pg);
	return surface_finish(&pg.out, path);
}

static int write_figure(const struct report_data *d, const struct figure *fig,
			enum surface_format f, const char *path)
{
	struct surface out;
	struct canvas c;
	double w, h;

	draw_figure_size(fig, d->width_in, &w, &h);
	surface_begin(&out, f, w, h, d->dpi, fig->name);
	c = (struct canvas){out.cr, d->greyscale, NULL};
	draw_figure(&c, fig, (struct rect){0, 0, w, h});
	return surface_finish(&out, path);
}

int document_write_figures(const struct report_data *d, const char *dir, unsigned formats)
{
	struct strbuf path = STRBUF_INIT;
	int ret = mkdir_p(dir, 0755);

	for (size_t i = 0; i < d->nr_figures && !ret; i++) {
		for (int f = 0; f < NR_FORMATS && !ret; f++) {
			if (!(formats & (1u << f)))
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s.%s", dir, d->figures[i].name,
				    surface_format_name((enum surface_format)f));
			ret = write_figure(d, &d->figures[i], (enum surface_format)f, path.buf);
		}
	}
	strbuf_release(&path);
	return ret;
}
