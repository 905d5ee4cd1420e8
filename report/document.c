/*
 * Pages and files: where panels go and how PDFs reach the disk. Panels
 * themselves are drawn by draw.c. Cairo writes into memory and the bytes go
 * to disk with write_file_atomic(), so the rename-into-place is the same
 * as for every other file crbench writes.
 */
#include "report/document.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/timeutil.h"
#include "orchestrator/version.h"
#include "report/draw.h"
#include "report/figure.h"
#include "report/text.h"

#include <cairo-pdf.h>
#include <string.h>
#include <time.h>

#define PT_PER_IN 72.0
/* A4, with the content as wide as an IEEE double-column figure */
#define PAGE_W	   595.28
#define PAGE_H	   841.89
#define CONTENT_W  (7.16 * PT_PER_IN)
#define MARGIN_X   ((PAGE_W - CONTENT_W) / 2)
#define MARGIN_Y   40.0
#define COLUMNS	   2
#define COLUMN_GAP 14.0
#define PANEL_H	   180.0
#define ROW_GAP	   12.0
/* A stand-alone figure: IEEE single column */
#define FIGURE_W   (3.5 * PT_PER_IN)
#define FIGURE_H   (2.5 * PT_PER_IN)
#define FIGURE_PAD 2.0

struct pdf {
	struct strbuf bytes;
	cairo_surface_t *surface;
	cairo_t *cr;
};

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void pdf_begin(struct pdf *pdf, double w, double h, const char *title)
{
	strbuf_init(&pdf->bytes, 0);
	pdf->surface = cairo_pdf_surface_create_for_stream(append_bytes, &pdf->bytes, w, h);
	cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_CREATOR,
				       "crbench " CRBENCH_VERSION);
	pdf->cr = cairo_create(pdf->surface);
}

/* Ends the document, then replaces `path` with it. */
static int pdf_finish(struct pdf *pdf, const char *path)
{
	cairo_status_t status = cairo_status(pdf->cr);
	int ret;

	cairo_destroy(pdf->cr);
	cairo_surface_finish(pdf->surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(pdf->surface);
	cairo_surface_destroy(pdf->surface);
	if (status != CAIRO_STATUS_SUCCESS)
		ret = error("cannot render '%s': %s", path, cairo_status_to_string(status));
	else
		ret = write_file_atomic(path, pdf->bytes.buf, pdf->bytes.len);
	strbuf_release(&pdf->bytes);
	return ret;
}

/* Draws a text block at y and returns the y under it. */
static double header_text(cairo_t *cr, const char *s, double size, int bold, double grey, double y)
{
	PangoLayout *l = text_new(cr, s, size, bold);
	double w, h;

	text_wrap(l, CONTENT_W);
	text_size(l, &w, &h);
	cairo_set_source_rgb(cr, grey, grey, grey);
	text_show(cr, l, MARGIN_X, y, 0, 0, 0);
	g_object_unref(l);
	return y + h;
}

static void add_list(struct strbuf *sb, const struct strvec *sv)
{
	for (size_t i = 0; i < sv->nr; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", sv->v[i]);
}

/* Run id, date, source and how to read; returns where the panels start. */
static double draw_header(cairo_t *cr, const struct figure *fig, const struct report_info *info)
{
	struct strbuf sb = STRBUF_INIT;
	char now[32];
	double y = MARGIN_Y;

	strbuf_addf(&sb, "crbench report: %s", info->run_id);
	y = header_text(cr, sb.buf, 14, 1, 0, y) + 4;
	utc_iso8601(now, time(NULL));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Generated %s by crbench %s from %s. Host types: ", now, CRBENCH_VERSION,
		    info->source);
	add_list(&sb, &fig->host_types);
	strbuf_addf(&sb, ". %zu figure%s.", fig->nr_panels, fig->nr_panels == 1 ? "" : "s");
	y = header_text(cr, sb.buf, 8, 0, 0.3, y) + 4;
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "How to read: one panel per application and metric, one box per runtime%s. "
		    "%s n under each runtime counts the repetitions that gave a value; failed "
		    "ones are counted beside it. The arrow beside each title says whether "
		    "higher or lower values are better.",
		    fig->host_types.nr > 1 ? ", host types side by side in the legend's colours"
					   : "",
		    draw_caption);
	y = header_text(cr, sb.buf, 8, 0, 0, y) + 6;
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, y);
	cairo_line_to(cr, MARGIN_X + CONTENT_W, y);
	cairo_stroke(cr);
	strbuf_release(&sb);
	return y + 10;
}

/* Grid placement: which page and where; page 0 holds the header too. */
struct placement {
	double first_top; /* where panels start on page 0 */
	int rows_first, rows_other;
};

static int rows_between(double top, double bottom)
{
	int rows = (int)((bottom - top + ROW_GAP) / (PANEL_H + ROW_GAP));

	return rows > 0 ? rows : 1; /* a huge header still leaves one row */
}

static void placement_init(struct placement *pl, double first_top)
{
	pl->first_top = first_top;
	pl->rows_first = rows_between(first_top, PAGE_H - MARGIN_Y);
	pl->rows_other = rows_between(MARGIN_Y, PAGE_H - MARGIN_Y);
}

static int place(const struct placement *pl, size_t i, struct rect *r)
{
	size_t row = i / COLUMNS, per_first = (size_t)pl->rows_first;
	int page = 0;
	double top = pl->first_top;
	double panel_w = (CONTENT_W - (COLUMNS - 1) * COLUMN_GAP) / COLUMNS;

	if (row >= per_first) {
		page = 1 + (int)((row - per_first) / (size_t)pl->rows_other);
		row = (row - per_first) % (size_t)pl->rows_other;
		top = MARGIN_Y;
	}
	r->x = MARGIN_X + (double)(i % COLUMNS) * (panel_w + COLUMN_GAP);
	r->y = top + (double)row * (PANEL_H + ROW_GAP);
	r->w = panel_w;
	r->h = PANEL_H;
	return page;
}

static void draw_footer(cairo_t *cr, const char *run_id, int page, int pages)
{
	struct strbuf sb = STRBUF_INIT;
	PangoLayout *l;

	strbuf_addf(&sb, "%s \u2014 page %d of %d", run_id, page + 1, pages);
	l = text_new(cr, sb.buf, 7, 0);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	text_show(cr, l, PAGE_W / 2, PAGE_H - MARGIN_Y / 2, 0.5, 0.5, 0);
	g_object_unref(l);
	strbuf_release(&sb);
}

int document_write_report(const struct figure *fig, const struct report_info *info,
			  const char *path)
{
	const struct draw_options opts = {.caption = 0}; /* the header says it once */
	struct placement pl;
	struct pdf pdf;
	struct rect r;
	int page = 0, pages;

	pdf_begin(&pdf, PAGE_W, PAGE_H, info->run_id);
	placement_init(&pl, draw_header(pdf.cr, fig, info));
	pages = fig->nr_panels ? place(&pl, fig->nr_panels - 1, &r) + 1 : 1;
	for (size_t i = 0; i < fig->nr_panels; i++) {
		int p = place(&pl, i, &r);
		if (p != page) {
			draw_footer(pdf.cr, info->run_id, page, pages);
			cairo_show_page(pdf.cr);
			page = p;
		}
		draw_panel(pdf.cr, fig, &fig->panels[i], r, &opts);
	}
	draw_footer(pdf.cr, info->run_id, page, pages);
	return pdf_finish(&pdf, path);
}

/* Letters, digits, '-', '_' and '.' stay; anything else (and a leading '.') becomes '_'. */
static void add_file_part(struct strbuf *sb, const char *name)
{
	for (const char *p = name; *p; p++) {
		int safe = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
			   (*p == '.' && p != name);
		strbuf_addch(sb, safe ? *p : '_');
	}
}

/* DIR/<application>-<metric>.pdf, with -2, -3 … when two panels map to one name. */
static void figure_path(const char *dir, const struct panel *p, struct strvec *taken,
			struct strbuf *out)
{
	struct strbuf base = STRBUF_INIT;

	add_file_part(&base, p->application);
	strbuf_addch(&base, '-');
	add_file_part(&base, p->metric);
	for (int k = 1;; k++) {
		size_t i;
		strbuf_reset(out);
		strbuf_addf(out, "%s/%s", dir, base.buf);
		if (k > 1)
			strbuf_addf(out, "-%d", k);
		strbuf_addstr(out, ".pdf");
		for (i = 0; i < taken->nr && strcmp(taken->v[i], out->buf); i++)
			;
		if (i == taken->nr)
			break;
	}
	strvec_push(taken, out->buf);
	strbuf_release(&base);
}

int document_write_figures(const struct figure *fig, const char *dir)
{
	const struct draw_options opts = {.caption = 1}; /* alone, it must explain itself */
	const struct rect r = {FIGURE_PAD, FIGURE_PAD, FIGURE_W - 2 * FIGURE_PAD,
			       FIGURE_H - 2 * FIGURE_PAD};
	struct strvec taken = STRVEC_INIT;
	struct strbuf path = STRBUF_INIT;
	int ret = mkdir_p(dir, 0755);

	for (size_t i = 0; i < fig->nr_panels && !ret; i++) {
		struct pdf pdf;
		figure_path(dir, &fig->panels[i], &taken, &path);
		pdf_begin(&pdf, FIGURE_W, FIGURE_H, fig->panels[i].application);
		draw_panel(pdf.cr, fig, &fig->panels[i], r, &opts);
		ret = pdf_finish(&pdf, path.buf);
	}
	strvec_clear(&taken);
	strbuf_release(&path);
	return ret;
}
