#ifndef CRBENCH_EXPORT_TEXT_H
#define CRBENCH_EXPORT_TEXT_H

#include "common/strbuf.h"

#include <stdio.h>

/*
 * A file export on its way out: formatters append to `buf` and call
 * export_pause() after each row, where more than a chunk of text is
 * written to `file` and `buf` emptied. A file of tens of MB then never
 * sits in memory whole; each of its pages would be a fault. Without a
 * file, `buf` keeps everything.
 */
struct export_text {
	struct strbuf buf;
	FILE *file;
	int write_errno; /* of the first failed write; 0: none */
};
void export_pause(struct export_text *out);

#endif
