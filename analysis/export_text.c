#include "analysis/export_text.h"

#include <errno.h>

/* Text kept before it is written out: small enough to stay in the caches. */
#define EXPORT_CHUNK ((size_t)256 << 10)

void export_pause(struct export_text *out)
{
	if (!out->file || out->buf.len < EXPORT_CHUNK)
		return;
	if (!out->write_errno && fwrite(out->buf.buf, 1, out->buf.len, out->file) != out->buf.len)
		out->write_errno = errno ? errno : EIO;
	strbuf_reset(&out->buf);
}
