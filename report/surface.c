#include "report/surface.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/version.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <string.h>

static const char *const format_names[NR_FORMATS] = {"pdf", "svg", "png"};

const char *surface_format_name(enum surface_format f)
{
	return format_names[f];
}

int surface_format_parse(const char *name, enum surface_format *f)
{
	for (int i = 0; i < NR_FORMATS; i++) {
		if (!strcmp(name, format_names[i])) {
			*f = (enum surface_format)i;
			return 0;
		}
	}
	return -1;
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void surface_begin(struct surface *s, enum surface_format f, double w, double h, double dpi,
		   const char *title)
{
	double scale = dpi / 72.0;

	s->format = f;
	strbuf_init(&s->bytes, 0);
	if (f == FORMAT_PDF) {
		s->surface = cairo_pdf_surface_create_for_stream(append_bytes, &s->bytes, w, h);
		cairo_pdf_surface_set_metadata(s->surface, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(s->surface, CAIRO_PDF_METADATA_CREATOR,
					       "crbench " CRBENCH_VERSION);
	} else if (f == FORMAT_SVG) {
		s->surface = cairo_svg_surface_create_for_stream(append_bytes, &s->bytes, w, h);
		cairo_svg_surface_set_document_unit(s->surface, CAIRO_SVG_UNIT_PT);
	} else {
		s->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * scale + 0.5),
							(int)(h * scale + 0.5));
	}
	s->cr = cairo_create(s->surface);
	if (f == FORMAT_PNG) {
		cairo_set_source_rgb(s->cr, 1, 1, 1);
		cairo_paint(s->cr);
		cairo_scale(s->cr, scale, scale);
	}
}

int surface_finish(struct surface *s, const char *path)
{
	cairo_status_t status = cairo_status(s->cr);
	int ret;

	cairo_destroy(s->cr);
	if (s->format == FORMAT_PNG && status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_write_to_png_stream(s->surface, append_bytes, &s->bytes);
	cairo_surface_finish(s->surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(s->surface);
	cairo_surface_destroy(s->surface);
	if (status != CAIRO_STATUS_SUCCESS)
		ret = error("cannot render '%s': %s", path, cairo_status_to_string(status));
	else
		ret = write_file_atomic(path, s->bytes.buf, s->bytes.len);
	strbuf_release(&s->bytes);
	return ret;
}
