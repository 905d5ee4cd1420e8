/*
 * Unit tests of the http workload's operation lines (orchestrator/
 * http_operation.c), which the spec loader and `crbench http-load` share:
 * "METHOD PATH [BODY]", one per line. The load generator itself runs
 * against real servers in tests/integration/t0745-http-load.sh.
 */
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/http/operation.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

/* The line parsed as "method|path|body" ("-" for no body), or "error: why". */
static char *parsed(const char *line)
{
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
	struct http_operation op;

	if (http_operation_parse(line, &op, &why) < 0) {
		strbuf_addf(&out, "error: %s", why.buf);
	} else {
		strbuf_addf(&out, "%s|%s|%s", op.method, op.path, op.body ? op.body : "-");
		http_operation_release(&op);
	}
	strbuf_release(&why);
	return strbuf_detach(&out, NULL);
}

static void check_parsed(const char *line, const char *want, const char *what)
{
	char *got = parsed(line);

	if (!CHECK_STR(got, want, "%s", what))
		printf("#   got \"%s\"\n", got);
	free(got);
}

static void test_parse(void)
{
	check_parsed("GET /", "GET|/|-", "GET /");
	check_parsed("  HEAD\t/a/b?c=1&d=%20  ", "HEAD|/a/b?c=1&d=%20|-",
		     "blanks around and between the fields");
	check_parsed("POST /cart id=3&n=1", "POST|/cart|id=3&n=1", "POST with a form body");
	check_parsed("PUT /x {\"a\": [1, 2]}", "PUT|/x|{\"a\": [1, 2]}",
		     "a body holds spaces: the rest of the line");
	check_parsed("PATCH /x", "PATCH|/x|-", "PATCH without a body");
	check_parsed("DELETE /x/1", "DELETE|/x/1|-", "DELETE");
	check_parsed("OPTIONS /", "OPTIONS|/|-", "OPTIONS");
	check_parsed("get /",
		     "error: \"get\" is not a method: expected one of GET, HEAD, POST, PUT, PATCH, "
		     "DELETE, OPTIONS",
		     "methods are upper case");
	check_parsed("GETS /",
		     "error: \"GETS\" is not a method: expected one of GET, HEAD, POST, "
		     "PUT, PATCH, DELETE, OPTIONS",
		     "a method is a whole word");
	check_parsed("GET", "error: the path must start with '/', not \"\"", "a path is required");
	check_parsed("GET http://example.org/",
		     "error: the path must start with '/', not \"http://example.org/\"",
		     "a path, not a URL: the server is the workload's");
	check_parsed("GET /a\x01", "error: the path \"/a\x01\" holds character 0x01",
		     "no control characters in a path");
	check_parsed("GET /\xc3\xa9", "error: the path \"/\xc3\xa9\" holds character 0xc3",
		     "no raw UTF-8 in a path (percent-encode it)");
	check_parsed("GET / q=1", "error: GET takes no body (only POST, PUT and PATCH do)",
		     "GET takes no body");
	check_parsed("HEAD / q=1", "error: HEAD takes no body (only POST, PUT and PATCH do)",
		     "HEAD takes no body");
	check_parsed("",
		     "error: \"\" is not a method: expected one of GET, HEAD, POST, PUT, PATCH, "
		     "DELETE, OPTIONS",
		     "an empty line is no operation");
}

static void test_lines(void)
{
	struct strvec lines = STRVEC_INIT;
	struct strbuf why = STRBUF_INIT;
	int ret;

	ret = http_operation_lines("GET /\n\n \t\nPOST /b x=1\nDELETE /c", &lines, &why);
	CHECK(ret == 0 && lines.nr == 3 && !strcmp(lines.v[0], "GET /") &&
		      !strcmp(lines.v[1], "POST /b x=1") && !strcmp(lines.v[2], "DELETE /c"),
	      "lines: one operation per line, blank lines skipped, as written");
	strvec_clear(&lines);
	ret = http_operation_lines("GET /\n", &lines, &why);
	CHECK(ret == 0 && lines.nr == 1, "lines: a block's final newline is no operation");
	strvec_clear(&lines);
	ret = http_operation_lines("GET /\n\nGET x\n", &lines, &why);
	CHECK(ret == -1 && !strcmp(why.buf, "line 3: the path must start with '/', not \"x\""),
	      "lines: the bad one is named by its line, blank lines counted (%s)", why.buf);
	strvec_clear(&lines);
	strbuf_reset(&why);
	ret = http_operation_lines("\n  \n", &lines, &why);
	CHECK(ret == -1 && strstr(why.buf, "no operation"), "lines: none at all is refused (%s)",
	      why.buf);
	strvec_clear(&lines);
	strbuf_release(&why);
}

int main(void)
{
	test_parse();
	test_lines();
	return tap_done();
}
