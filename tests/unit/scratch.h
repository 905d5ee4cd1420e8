#ifndef CRBENCH_TEST_SCRATCH_H
#define CRBENCH_TEST_SCRATCH_H

/* Files for unit tests, in a scratch directory the test made with mkdtemp(). */
#include "common/fsutil.h"
#include "common/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Write `text` to DIR/NAME; returns the path (the caller frees it). */
static inline char *scratch_write(const char *dir, const char *name, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", dir, name);
	if (write_file_atomic(sb.buf, text, strlen(text)) < 0)
		abort();
	return strbuf_detach(&sb, NULL);
}

#endif
