/*
 * Unit tests of the idle-memory parser (orchestrator/engine/idle_memory.c) on the
 * step's real output under runc, crun and runsc (tests/data/idle-memory/,
 * see its README), on every cut-short prefix of it, and on garbage.
 */
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "orchestrator/engine/idle_memory.h"
#include "tests/unit/tap.h"

#include <stdlib.h>
#include <string.h>

static const char *top;

static void read_data(const char *name, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/tests/data/idle-memory/%s", top, name);
	if (read_file(path.buf, out, READ_LIMIT_DATA) < 0) {
		fprintf(stderr, "cannot read %s\n", path.buf);
		exit(1);
	}
	strbuf_release(&path);
}

/* The value of a file, against the sum read from it by eye. */
static void check_file(const char *name, double want_bytes, const char *what)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	double bytes = -1;
	int ret;

	read_data(name, &text);
	ret = idle_memory_parse(text.buf, &bytes, &why);
	CHECK(ret == 0 && bytes == want_bytes, "%s: %s = %.0f bytes (got %.0f%s%s)", name, what,
	      want_bytes, bytes, why.len ? ": " : "", why.buf);
	strbuf_release(&text);
	strbuf_release(&why);
}

static void test_real_outputs(void)
{
	check_file("runc-sleep.txt", 348160, "the cgroup's charge");
	check_file("crun-sleep.txt", 217088, "the cgroup's charge");
	check_file("runsc-sleep.txt", 12271616,
		   "the cgroup's charge (sandbox, gofer, stubs inside, the sandbox named)");
	check_file("runc-redis.txt", 3039232, "the cgroup's charge");
	check_file("runsc-redis.txt", 16211968, "the cgroup's charge");
	check_file("runc-outside-process.txt", 552960 + 165 * 1024,
		   "the charge plus the outside process's PSS, counted once");
	check_file("synthetic-v2-shim.txt", 5 * 1024 * 1024,
		   "v2 memory.current plus a shim (once) and virtiofsd");
}

/* Every proper prefix of a real output is refused: a truncation is never a smaller value. */
static void test_cut_short(const char *name)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT, prefix = STRBUF_INIT;
	size_t wrong = 0, first = 0;
	double bytes;

	read_data(name, &text);
	for (size_t len = 0; len < text.len; len++) {
		strbuf_reset(&prefix);
		strbuf_add(&prefix, text.buf, len);
		strbuf_reset(&why);
		if ((idle_memory_parse(prefix.buf, &bytes, &why) == 0 || !why.len) && !wrong++)
			first = len;
	}
	if (!CHECK(wrong == 0, "%s: each of its %zu cut-short prefixes refused with a reason", name,
		   text.len))
		printf("# %zu wrong, the first at length %zu\n", wrong, first);
	strbuf_reset(&prefix);
	strbuf_add(&prefix, text.buf, text.len - 2); /* "en" */
	strbuf_reset(&why);
	CHECK(idle_memory_parse(prefix.buf, &bytes, &why) < 0 && strstr(why.buf, "cut short"),
	      "%s: a last line without its newline is cut short (%s)", name, why.buf);
	strbuf_release(&text);
	strbuf_release(&why);
	strbuf_release(&prefix);
}

struct bad_case {
	const char *label, *text, *reason;
};

static const char head[] = "cgroup v1 /crbench/x\n"
			   "cgroup_usage_bytes 4096\n";

static void test_garbage(void)
{
	static const struct bad_case cases[] = {
		{"empty", "", "no \"end\" line"},
		{"a crash message", "Segmentation fault\n", "line 1: unexpected \"Segmentation"},
		{"only end", "end\n", "not exactly one \"cgroup\""},
		{"no process", "cgroup v1 /a\ncgroup_usage_bytes 1\nend\n", "no \"process\" line"},
		{"usage not a number", "cgroup v1 /a\ncgroup_usage_bytes lots\nend\n",
		 "line 2: the usage is not a whole number"},
		{"negative usage", "cgroup v1 /a\ncgroup_usage_bytes -4096\nend\n", "line 2"},
		{"usage with a unit", "cgroup v1 /a\ncgroup_usage_bytes 4096k\nend\n", "line 2"},
		{"usage empty (cat failed)", "cgroup v1 /a\ncgroup_usage_bytes \nend\n", "line 2"},
		{"two usages",
		 "cgroup v1 /a\ncgroup_usage_bytes 1\ncgroup_usage_bytes 2\n"
		 "process 1 in 4 sh\nend\n",
		 "not exactly one"},
		{"cgroup version", "cgroup v3 /a\n", "line 1: not \"cgroup v1|v2 PATH\""},
		{"cgroup path", "cgroup v1 crbench\n", "line 1"},
		{"process without PID", "process in 4 sh\n", "line 3: no PID"},
		{"process PID 0", "process 0 in 4 sh\n", "line 3: no PID"},
		{"process maybe", "process 7 maybe 4 sh\n", "neither \"in\" nor \"out\""},
		{"process without PSS", "process 7 in sh\n", "no PSS in kB"},
		{"first process outside", "process 7 out 4 sh\n", "first process is outside"},
		{"text after end", "process 7 in 4 sh\nend\nmore\n", "text after the \"end\" line"},
		{"an empty line", "\nend\n", "line 1: an empty line"},
		{"binary",
		 "\x7f"
		 "ELF\x02\x01\n",
		 "line 1: unexpected"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *c = &cases[i];
		struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
		double bytes = 12345;
		int ret;
		/* the lines before a process line come from a valid head */
		if (!strncmp(c->text, "process", 7))
			strbuf_addstr(&text, head);
		strbuf_addstr(&text, c->text);
		ret = idle_memory_parse(text.buf, &bytes, &why);
		CHECK(ret < 0 && bytes == 12345 && strstr(why.buf, c->reason),
		      "%s: refused, \"%s\" (%s)", c->label, c->reason, why.buf);
		strbuf_release(&text);
		strbuf_release(&why);
	}
}

int main(void)
{
	top = getenv("TOP");
	if (!top || !*top)
		top = ".";
	test_real_outputs();
	test_cut_short("runc-redis.txt");
	test_cut_short("runsc-sleep.txt");
	test_cut_short("runc-outside-process.txt");
	test_garbage();
	return tap_done();
}
