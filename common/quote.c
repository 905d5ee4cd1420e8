#include "common/quote.h"
#include "common/strbuf.h"

void sq_quote_buf(struct strbuf *dst, const char *src)
{
	strbuf_addch(dst, '\'');
	for (; *src; src++) {
		if (*src == '\'')
			strbuf_addstr(dst, "'\\''");
		else
			strbuf_addch(dst, *src);
	}
	strbuf_addch(dst, '\'');
}

void sq_quote_argv(struct strbuf *dst, const char *const *argv)
{
	for (int i = 0; argv[i]; i++) {
		if (i)
			strbuf_addch(dst, ' ');
		sq_quote_buf(dst, argv[i]);
	}
}

void sq_quote_assign(struct strbuf *dst, const char *name, const char *value)
{
	strbuf_addf(dst, "%s=", name);
	sq_quote_buf(dst, value);
	strbuf_addch(dst, '\n');
}
