/* ssh_config(5) subset: patterns, first value wins, paths, errors with file:line. */
#include "orchestrator/transport/ssh/config.h"
#include "orchestrator/transport/ssh/target.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <stdlib.h>
#include <string.h>

static const char config[] = "# a comment\n"
			     "Host web-? !web-9 db\n"
			     "  HostName 10.0.0.%h\n"
			     "  Port=2200\n"
			     "  User = deploy\n"
			     "Host web-1\n"
			     "  Port 9999\n"
			     "  IdentityFile ~/.ssh/web1\n"
			     "Match host web-1\n"
			     "  User nobody\n"
			     "Host *\n"
			     "  User root\n"
			     "  IdentityFile \"/keys/with space\"\n"
			     "  IdentityFile %d/k-%r\n"
			     "  ConnectTimeout 7\n"
			     "  ProxyJump jump@bastion:2022\n"
			     "  UserKnownHostsFile ~/kh /ignored\n"
			     "  StrictHostKeyChecking accept-new\n"
			     "  IdentitiesOnly yes\n"
			     "  ForwardAgent yes\n";

static void test_lookup(void)
{
	struct ssh_host_config c = SSH_HOST_CONFIG_INIT;
	struct strbuf why = STRBUF_INIT;

	setenv("HOME", "/home/t", 1);
	CHECK(ssh_config_parse("cfg", config, "web-1", &c, &why) == 0, "parses: %s", why.buf);
	CHECK_STR(c.hostname, "10.0.0.%h", "HostName kept as written (the first value)");
	CHECK(c.port == 2200, "first Port wins over a later block");
	CHECK_STR(c.user, "deploy", "User from the first block; Match never applies");
	CHECK(c.identity_files.nr == 3, "IdentityFile accumulates over blocks");
	CHECK_STR(c.identity_files.v[0], "/home/t/.ssh/web1", "~ expanded");
	CHECK_STR(c.identity_files.v[1], "/keys/with space", "quoted argument");
	CHECK_STR(c.identity_files.v[2], "/home/t/k-deploy", "%%d and %%r expanded");
	CHECK(c.connect_timeout == 7, "ConnectTimeout");
	CHECK_STR(c.proxy_jump, "jump@bastion:2022", "ProxyJump");
	CHECK_STR(c.known_hosts, "/home/t/kh", "first UserKnownHostsFile, expanded");
	CHECK(c.strict == SSH_STRICT_ACCEPT_NEW, "StrictHostKeyChecking accept-new");
	CHECK(c.identities_only == 1, "IdentitiesOnly yes");
	ssh_host_config_release(&c);

	CHECK(ssh_config_parse("cfg", config, "web-9", &c, &why) == 0, "parses again");
	CHECK(c.hostname == NULL && c.port == 0, "a negated pattern vetoes the Host line");
	CHECK_STR(c.user, "root", "Host * applies");
	ssh_host_config_release(&c);

	CHECK(ssh_config_parse("cfg", config, "DB", &c, &why) == 0 && c.port == 2200,
	      "patterns match case-insensitively");
	ssh_host_config_release(&c);
	strbuf_release(&why);
}

static void test_bom(void)
{
	struct ssh_host_config c = SSH_HOST_CONFIG_INIT;
	struct strbuf why = STRBUF_INIT;
	const char *text = "\xEF\xBB\xBFHost h1\n  User one\nHost *\n  User all\n";

	CHECK(ssh_config_parse("cfg", text, "h2", &c, &why) == 0, "parses: %s", why.buf);
	CHECK_STR(c.user, "all", "a leading UTF-8 BOM does not hide the first Host line");
	ssh_host_config_release(&c);
	strbuf_release(&why);
}

static void test_patterns(void)
{
	CHECK(ssh_pattern_list_match("*.example.com", "a.example.com"), "* matches a run");
	CHECK(!ssh_pattern_list_match("*.example.com", "example.com"), "* needs the dot");
	CHECK(ssh_pattern_list_match("h?", "h1"), "? matches one character");
	CHECK(!ssh_pattern_list_match("h?", "h10"), "? matches only one");
	CHECK(!ssh_pattern_list_match("h*,!h2", "h2"), "negation in a list");
	CHECK(ssh_pattern_list_match("h*,!h2", "h3"), "negation leaves others");
	CHECK(!ssh_pattern_list_match("!h2", "h3"), "a negation alone matches nothing");
	CHECK(ssh_pattern_list_match("*ab", "aab"), "* gives back what the rest needs");
	CHECK(ssh_pattern_list_match("a*b?d*", "aXbbcbYdZ"), "* retried after a false start");
	CHECK(ssh_pattern_list_match("**", ""), "stars match the empty name");
	CHECK(!ssh_pattern_list_match("a*?", "a"), "? after * still needs a character");
}

/*
 * 40 stars against 80 characters that never match. With one recursion per
 * star (before the fix) this hung: 12 stars already took 13 s.
 */
static void test_many_stars(void)
{
	char pat[2 * 40 + 2], name[80 + 1];

	for (int i = 0; i < 40; i++)
		memcpy(pat + 2 * i, "*a", 2);
	strcpy(pat + 2 * 40, "b");
	memset(name, 'a', 80);
	name[80] = '\0';
	CHECK(!ssh_pattern_list_match(pat, name), "40 stars, no match, at once");
	name[79] = 'b';
	CHECK(ssh_pattern_list_match(pat, name), "40 stars, a match");
}

static void check_error(const char *text, const char *want)
{
	struct ssh_host_config c = SSH_HOST_CONFIG_INIT;
	struct strbuf why = STRBUF_INIT;
	int ret = ssh_config_parse("my.cfg", text, "h1", &c, &why);

	CHECK(ret < 0 && strstr(why.buf, want), "error \"%s\" (got \"%s\")", want, why.buf);
	ssh_host_config_release(&c);
	strbuf_release(&why);
}

static void test_errors(void)
{
	check_error("Host h1\n  Port 70000\n", "my.cfg:2: bad port \"70000\"");
	check_error("Host other\n\n  Port x\n", "my.cfg:3: bad port \"x\"");
	check_error("Host\n", "my.cfg:1: Host needs an argument");
	check_error("Host h1\nUser a b\n", "my.cfg:2: User takes 1 argument, not 2");
	check_error("Host h1\n HostName \"unterminated\n", "my.cfg:2: unterminated quote");
	check_error("StrictHostKeyChecking maybe\n", "my.cfg:1: StrictHostKeyChecking must be");
	check_error("IdentitiesOnly sure\n", "my.cfg:1: IdentitiesOnly must be yes or no");
	check_error("ConnectTimeout 1.5\n", "my.cfg:1: bad ConnectTimeout");
	check_error("ProxyJump a,b\n", "my.cfg:1: ProxyJump with more than one hop");
	check_error("IdentityFile ~/%x\n", "my.cfg:1: unknown %-token in \"~/%x\"");
	check_error("Host *\n  User u\n  IdentityFile ~/a\n\n  IdentityFile ~/%Q\n",
		    "my.cfg:5: unknown %-token");
	check_error("Host *\n  UserKnownHostsFile /kh/%Q\n  IdentityFile ~/a\n",
		    "my.cfg:2: unknown %-token in \"/kh/%Q\"");
}

static void test_read(void)
{
	struct ssh_host_config c = SSH_HOST_CONFIG_INIT;
	struct strbuf why = STRBUF_INIT;

	CHECK(ssh_config_read("/nonexistent/config", 1, "h", &c, &why) == 0,
	      "a missing optional file is fine");
	CHECK(ssh_config_read("/nonexistent/config", 0, "h", &c, &why) < 0 &&
		      strstr(why.buf, "/nonexistent/config: cannot open"),
	      "a missing named file is an error naming it");
	ssh_host_config_release(&c);
	strbuf_release(&why);
}

static void test_nul(void)
{
	static const char text[] = "Host h1\n  User a\0b\n  Port 22\n";
	struct ssh_host_config c = SSH_HOST_CONFIG_INIT;
	struct strbuf why = STRBUF_INIT, path = STRBUF_INIT;
	char dir[] = "/tmp/crbench-sshcfg-XXXXXX";
	int ret;

	if (!mkdtemp(dir))
		abort();
	strbuf_addf(&path, "%s/cfg", dir);
	if (write_file_atomic(path.buf, text, sizeof(text) - 1) < 0)
		abort();
	ret = ssh_config_read(path.buf, 0, "h1", &c, &why);
	CHECK(ret < 0 && strstr(why.buf, "/cfg:2: NUL byte"),
	      "a NUL byte is refused with its line (got \"%s\")", why.buf);
	ssh_host_config_release(&c);
	strbuf_release(&why);
	strbuf_release(&path);
	remove_tree(dir);
}

/* The settings read before a bad line are freed too (LSan in build-san). */
static void test_resolve_error(void)
{
	struct ssh_target t;
	struct strbuf why = STRBUF_INIT, ssh_dir = STRBUF_INIT;
	char home[] = "/tmp/crbench-sshcfg-XXXXXX";
	char *cfg;
	int ret;

	if (!mkdtemp(home))
		abort();
	setenv("HOME", home, 1);
	strbuf_addf(&ssh_dir, "%s/.ssh", home);
	if (mkdir_p(ssh_dir.buf, 0700) < 0)
		abort();
	cfg = scratch_write(ssh_dir.buf, "config", "Host *\n  User u\n  IdentityFile ~/%Q\n");
	ret = ssh_target_resolve(&t, NULL, "h1", 0, &why);
	CHECK(ret < 0 && strstr(why.buf, "/.ssh/config:3: unknown %-token"),
	      "a bad ssh_config refuses the host (got \"%s\")", why.buf);
	free(cfg);
	strbuf_release(&ssh_dir);
	strbuf_release(&why);
	remove_tree(home);
}

int main(void)
{
	test_lookup();
	test_bom();
	test_patterns();
	test_many_stars();
	test_errors();
	test_read();
	test_nul();
	test_resolve_error();
	return tap_done();
}
