#include "report/text.h"

#include <fontconfig/fontconfig.h>

PangoLayout *text_new(cairo_t *cr, const char *text, double size, int bold)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoContext *ctx = pango_layout_get_context(l);
	PangoFontDescription *font = pango_font_description_from_string(REPORT_FONT);
	cairo_font_options_t *opts = cairo_font_options_create();

	/*
	 * Vector output: no hinting and no rounding to whole device pixels,
	 * so that measured widths are the printed widths at any zoom.
	 */
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, opts);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_layout_context_changed(l);
	cairo_font_options_destroy(opts);

	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, font);
	pango_font_description_free(font);
	pango_layout_set_text(l, text, -1);
	return l;
}

void text_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle logical;

	pango_layout_get_extents(l, NULL, &logical);
	*w = (double)logical.width / PANGO_SCALE;
	*h = (double)logical.height / PANGO_SCALE;
}

void text_wrap(PangoLayout *l, double width)
{
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
}

void text_ellipsize(PangoLayout *l, double width)
{
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
}

void text_show(cairo_t *cr, PangoLayout *l, double x, double y, double ax, double ay, double angle)
{
	PangoRectangle logical;

	pango_layout_get_extents(l, NULL, &logical);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_rotate(cr, angle);
	cairo_move_to(cr, -ax * logical.width / PANGO_SCALE - (double)logical.x / PANGO_SCALE,
		      -ay * logical.height / PANGO_SCALE - (double)logical.y / PANGO_SCALE);
	pango_cairo_update_layout(cr, l);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
}

/*
 * Pango and fontconfig keep font caches for the life of the process;
 * releasing them at the end keeps LeakSanitizer's report about our code.
 */
void text_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
