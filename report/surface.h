#ifndef CRBENCH_SURFACE_H
#define CRBENCH_SURFACE_H

#include "common/strbuf.h"

#include <cairo.h>

/*
 * Output files: Cairo draws into memory and the bytes reach the disk with
 * write_file_atomic(), so a reader never sees half a file. Every format
 * uses points as user units, so drawing code is the same for all three.
 */
enum surface_format { FORMAT_PDF, FORMAT_SVG, FORMAT_PNG, NR_FORMATS };

struct surface {
	enum surface_format format;
	struct strbuf bytes;
	cairo_surface_t *surface;
	cairo_t *cr;
};

/*
 * Begin a w × h points document. PNG is `dpi` pixels per inch on white;
 * PDF gets `title` as metadata. Pages after the first: cairo_show_page().
 */
void surface_begin(struct surface *s, enum surface_format f, double w, double h, double dpi,
		   const char *title);
/* End the document and replace `path` with it. */
int surface_finish(struct surface *s, const char *path);

/* "pdf", "svg", "png"; parse returns -1 for anything else. */
const char *surface_format_name(enum surface_format f);
int surface_format_parse(const char *name, enum surface_format *f);

#endif
