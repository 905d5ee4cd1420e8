#include "common/jsonfile.h"
#include "common/error.h"
#include "common/strbuf.h"

int json_read_file(const char *path, struct read_limit limit, json_t **out)
{
	struct strbuf text = STRBUF_INIT;
	json_error_t err;

	*out = NULL;
	if (read_file(path, &text, limit) < 0) {
		strbuf_release(&text);
		return -1;
	}
	*out = json_loadb(text.buf, text.len, 0, &err);
	strbuf_release(&text);
	if (!*out)
		return error("%s:%d: %s", path, err.line, err.text);
	return 0;
}
