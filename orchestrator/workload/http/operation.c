#include "orchestrator/workload/http/operation.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const methods[] = {"GET",   "HEAD",	 "POST",    "PUT",
				      "PATCH", "DELETE", "OPTIONS", NULL};
static const char *const body_methods[] = {"POST", "PUT", "PATCH", NULL};

static int one_of(const char *const *set, const char *s, size_t len)
{
	for (int i = 0; set[i]; i++)
		if (strlen(set[i]) == len && !strncmp(set[i], s, len))
			return 1;
	return 0;
}

int http_method_has_body(const char *method)
{
	return one_of(body_methods, method, strlen(method));
}

static const char *skip_blanks(const char *s)
{
	return s + strspn(s, " \t");
}

static int bad_method(const char *line, size_t len, struct strbuf *why)
{
	strbuf_addf(why, "\"%.*s\" is not a method: expected one of", (int)len, line);
	for (int i = 0; methods[i]; i++)
		strbuf_addf(why, "%s %s", i ? "," : "", methods[i]);
	return -1;
}

/* A path is what curl puts on the request line: no spaces, no control characters. */
static int check_path(const char *path, size_t len, struct strbuf *why)
{
	if (!len || *path != '/') {
		strbuf_addf(why, "the path must start with '/', not \"%.*s\"", (int)len, path);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c < 0x21 || c > 0x7e) {
			strbuf_addf(why, "the path \"%.*s\" holds character 0x%02x", (int)len, path,
				    c);
			return -1;
		}
	}
	return 0;
}

int http_operation_parse(const char *line, struct http_operation *op, struct strbuf *why)
{
	const char *p = skip_blanks(line), *path, *body;
	size_t mlen = strcspn(p, " \t"), plen;

	memset(op, 0, sizeof(*op));
	if (!one_of(methods, p, mlen))
		return bad_method(p, mlen, why);
	path = skip_blanks(p + mlen);
	plen = strcspn(path, " \t");
	if (check_path(path, plen, why) < 0)
		return -1;
	body = skip_blanks(path + plen);
	op->method = xstrndup(p, mlen);
	if (*body && !http_method_has_body(op->method)) {
		strbuf_addf(why, "%s takes no body (only POST, PUT and PATCH do)", op->method);
		http_operation_release(op);
		return -1;
	}
	op->path = xstrndup(path, plen);
	op->body = *body ? xstrdup(body) : NULL;
	return 0;
}

void http_operation_release(struct http_operation *op)
{
	free(op->method);
	free(op->path);
	free(op->body);
	memset(op, 0, sizeof(*op));
}

/* One line of the list: blank (0), an operation pushed to `lines` (0), or -1. */
static int add_line(const char *line, int n, struct strvec *lines, struct strbuf *why)
{
	struct strbuf reason = STRBUF_INIT;
	struct http_operation op;

	if (!*skip_blanks(line))
		return 0;
	if (http_operation_parse(line, &op, &reason) < 0) {
		strbuf_addf(why, "line %d: %s", n, reason.buf);
		strbuf_release(&reason);
		return -1;
	}
	strvec_push(lines, line);
	http_operation_release(&op);
	return 0;
}

int http_operation_lines(const char *text, struct strvec *lines, struct strbuf *why)
{
	size_t before = lines->nr;
	int ret = 0;

	for (int n = 1; !ret; n++) {
		size_t len = strcspn(text, "\n");
		char *line = xstrndup(text, len);

		ret = add_line(line, n, lines, why);
		free(line);
		if (!text[len])
			break;
		text += len + 1;
	}
	if (!ret && lines->nr == before) {
		strbuf_addstr(why, "no operation: expected lines like \"GET /\"");
		ret = -1;
	}
	return ret;
}
