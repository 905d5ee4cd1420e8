#ifndef CRBENCH_HTTP_OPERATION_H
#define CRBENCH_HTTP_OPERATION_H

/*
 * One request of the http workload, written "METHOD PATH [BODY]" on one
 * line: `GET /`, `POST /cart/add id=3&n=1`. The body (the rest of the
 * line) is allowed with POST, PUT and PATCH only; a line cannot hold a
 * newline, so neither can a body. The spec loader and `crbench http-load`
 * read operations with the same functions.
 */
struct strbuf;
struct strvec;

struct http_operation {
	char *method; /* GET HEAD POST PUT PATCH DELETE OPTIONS */
	char *path;   /* starts with '/', printable ASCII without spaces */
	char *body;   /* NULL: none */
};

/* Parse one line; -1 with the reason in `why`. */
int http_operation_parse(const char *line, struct http_operation *op, struct strbuf *why);
void http_operation_release(struct http_operation *op);
/* POST, PUT and PATCH: sent with the body, or an empty one when none is written. */
int http_method_has_body(const char *method);

/*
 * The operations of `text`, one per line, blank lines skipped, appended to
 * `lines` as written. The first bad one, or none at all, is -1 with
 * "line N: reason" in `why`.
 */
int http_operation_lines(const char *text, struct strvec *lines, struct strbuf *why);

#endif
