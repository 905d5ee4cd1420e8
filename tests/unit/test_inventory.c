/*
 * Inventories: Ansible INI (groups, vars, children, errors with file:line),
 * YAML inventories and experiments with ssh hosts (paths, labels,
 * `inventory:`, the resolved round trip), and the known_hosts line finder.
 */
#include "common/fsutil.h"
#include "common/xalloc.h"
#include "spec/host_file.h"
#include "spec/inventory.h"
#include "spec/inventory_ini.h"
#include "spec/load.h"
#include "spec/write.h"
#include "orchestrator/transport/ssh/knownhosts.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <stdlib.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/crbench-test-inventory.XXXXXX";

static char *scratch_file(const char *name, const char *text)
{
	return scratch_write(tmpdir, name, text);
}

static int has_label(const struct spec_host *h, const char *label)
{
	for (size_t i = 0; i < h->labels.nr; i++)
		if (!strcmp(h->labels.v[i], label))
			return 1;
	return 0;
}

static const char ini[] = "# Ansible inventory\n"
			  "lonely ansible_host=10.0.0.9\n"
			  "[web]\n"
			  "web1 ansible_host=10.0.0.1 ansible_user=deploy ansible_port=2222\n"
			  "web2 ansible_ssh_host=\"10.0.0.2\" crbench_host_type=nested-vm\n"
			  "\n"
			  "[bare_metal]\n"
			  "web1\n"
			  "[dc:children]\n"
			  "web\n"
			  "[web:vars]\n"
			  "ansible_user = webadmin\n"
			  "ansible_ssh_private_key_file=keys/web\n"
			  "[all:vars]\n"
			  "crbench_known_hosts=/etc/kh\n"
			  "ansible_port=22\n";

static void test_ini(void)
{
	struct spec_host *hosts;
	size_t nr;
	struct strbuf why = STRBUF_INIT;

	if (!CHECK(inventory_ini_parse("/inv/hosts", ini, strlen(ini), &hosts, &nr, &why) == 0,
		   "INI parses: %s", why.buf))
		return;
	CHECK(nr == 3, "three hosts, each once");
	CHECK_STR(hosts[0].name, "lonely", "hosts in file order");
	CHECK_STR(hosts[0].address, "10.0.0.9", "ungrouped host");
	CHECK(hosts[0].port == 22 && hosts[0].labels.nr == 0, "all:vars apply; no group label");
	CHECK_STR(hosts[1].user, "deploy", "a host's own var beats its group's");
	CHECK(hosts[1].port == 2222, "ansible_port");
	CHECK_STR(hosts[1].host_type, "bare-metal", "group bare_metal sets the host type");
	CHECK(has_label(&hosts[1], "web") && has_label(&hosts[1], "bare_metal") &&
		      has_label(&hosts[1], "dc"),
	      "groups become labels, also through :children");
	CHECK_STR(hosts[1].identity, "/inv/keys/web", "key file relative to the inventory");
	CHECK_STR(hosts[1].known_hosts, "/etc/kh", "crbench_known_hosts from all:vars");
	CHECK_STR(hosts[1].transport, "ssh", "transport ssh");
	CHECK_STR(hosts[2].address, "10.0.0.2", "ansible_ssh_host, quotes removed");
	CHECK_STR(hosts[2].user, "webadmin", "group var");
	CHECK_STR(hosts[2].host_type, "nested-vm", "crbench_host_type");
	spec_free_hosts(hosts, nr);
	strbuf_release(&why);
}

/*
 * Eight groups fill the first allocation of the groups array; looking up a
 * host's variables must not grow it (the group "all" is never declared)
 * while it holds a pointer to g1's variables.
 */
static void test_ini_groups_grow(void)
{
	const char *text = "[g1]\nh1\n[g1:vars]\nansible_user=u1\nansible_port=2200\n"
			   "[g2]\n[g3]\n[g4]\n[g5]\n[g6]\n[g7]\n[g8]\n";
	struct spec_host *hosts;
	size_t nr;
	struct strbuf why = STRBUF_INIT;

	if (CHECK(inventory_ini_parse("inv.ini", text, strlen(text), &hosts, &nr, &why) == 0 &&
			  nr == 1,
		  "INI with eight groups parses: %s", why.buf)) {
		CHECK_STR(hosts[0].user, "u1", "group var read after the groups array is full");
		CHECK(hosts[0].port == 2200, "group port read after the groups array is full");
		spec_free_hosts(hosts, nr);
	}
	strbuf_release(&why);
}

/* Parents of parents count, a cycle of :children ends, and 300 hosts are each found again. */
static void test_ini_children(void)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	struct spec_host *hosts;
	size_t nr;

	strbuf_addstr(&text, "[rack:children]\nweb\n[dc:children]\nrack\n[web:children]\ndc\n"
			     "[dc:vars]\nansible_user=ops\n[web]\n");
	for (int i = 0; i < 300; i++)
		strbuf_addf(&text, "h%d\n", i);
	strbuf_addstr(&text, "[other]\nh299 ansible_port=2299\n");
	if (CHECK(inventory_ini_parse("inv.ini", text.buf, text.len, &hosts, &nr, &why) == 0 &&
			  nr == 300,
		  "300 hosts, each once: %s", why.buf)) {
		CHECK(has_label(&hosts[0], "rack") && has_label(&hosts[0], "dc") &&
			      hosts[0].labels.nr == 3,
		      "parents of parents, each once despite the cycle");
		CHECK_STR(hosts[0].user, "ops", "a grandparent's var");
		CHECK(hosts[299].port == 2299 && has_label(&hosts[299], "other"),
		      "a host listed again is the same host");
		spec_free_hosts(hosts, nr);
	}
	strbuf_release(&text);
	strbuf_release(&why);
}

/* `len` bytes of `text`, which may hold a NUL, give an error with `want` in it. */
static void check_ini_error_len(const char *text, size_t len, const char *want)
{
	struct spec_host *hosts;
	size_t nr;
	struct strbuf why = STRBUF_INIT;
	int ret = inventory_ini_parse("inv.ini", text, len, &hosts, &nr, &why);

	CHECK(ret < 0 && strstr(why.buf, want) && !hosts, "INI error \"%s\" (got \"%s\")", want,
	      why.buf);
	strbuf_release(&why);
}

static void check_ini_error(const char *text, const char *want)
{
	check_ini_error_len(text, strlen(text), want);
}

static void test_ini_errors(void)
{
	static const char nul[] = "[g]\nh1\nh2 a=b\0\nh3\n";

	check_ini_error("[web\nh1\n", "inv.ini:1: expected a section like [group]");
	check_ini_error("[web:meta]\n", "inv.ini:1: unknown section kind \":meta\"");
	check_ini_error("[web]\nh1 ansible_host\n",
			"inv.ini:2: expected key=value, not \"ansible_host\"");
	check_ini_error("\n\nweb[01:10]\n", "inv.ini:3: host ranges like \"web[01:10]\"");
	check_ini_error("[g]\nh.example.com\n", "inv.ini:2: invalid host name \"h.example.com\"");
	check_ini_error("[g]\nh1 ansible_port=http\n", "inv.ini:2: host h1: ansible_port must be");
	check_ini_error("[g]\nh1\n[g:vars]\ncrbench_host_type=vm\n",
			"inv.ini:2: host h1: crbench_host_type must be bare-metal or nested-vm");
	check_ini_error("# nothing\n", "inv.ini:1: no hosts");
	check_ini_error_len(nul, sizeof(nul) - 1, "inv.ini:3:7: a NUL byte");
}

/* Editors may start a file with a UTF-8 byte order mark; it is not part of the first line. */
static void test_ini_bom(void)
{
	const char *text = "\xEF\xBB\xBF[g]\nh1 ansible_host=192.0.2.4\n";
	struct spec_host *hosts;
	size_t nr;
	struct strbuf why = STRBUF_INIT;

	if (CHECK(inventory_ini_parse("inv.ini", text, strlen(text), &hosts, &nr, &why) == 0 &&
			  nr == 1,
		  "INI with a BOM parses: %s", why.buf)) {
		CHECK_STR(hosts[0].address, "192.0.2.4", "its host");
		CHECK(has_label(&hosts[0], "g"), "the first section is read");
		spec_free_hosts(hosts, nr);
	}
	strbuf_release(&why);
}

static void test_yaml_inventory(void)
{
	char *path = scratch_file("inv.yaml", "ssh_config: conf/ssh\n"
					      "hosts:\n"
					      "  - name: a\n"
					      "    address: 192.0.2.1\n"
					      "    port: 2200\n"
					      "    identity: ~/k\n"
					      "    labels: {rack: r1, gpu: \"no\"}\n"
					      "  - name: b\n"
					      "    ssh_alias: bee\n"
					      "    labels: [fast, quiet]\n"
					      "    host_type: nested-vm\n");
	struct spec_host *hosts;
	struct strbuf want = STRBUF_INIT;
	size_t nr;

	setenv("HOME", "/home/t", 1);
	if (!CHECK(spec_load_hosts(path, &hosts, &nr) == 0 && nr == 2, "YAML inventory loads"))
		return;
	CHECK_STR(hosts[0].transport, "ssh", "inventory hosts default to ssh");
	CHECK(hosts[0].port == 2200, "port");
	CHECK_STR(hosts[0].identity, "/home/t/k", "~ expanded");
	strbuf_addf(&want, "%s/conf/ssh", tmpdir);
	CHECK_STR(hosts[1].ssh_config, want.buf, "ssh_config relative to the file, for every host");
	CHECK(has_label(&hosts[0], "rack=r1") && has_label(&hosts[0], "gpu=no"), "labels mapping");
	CHECK(has_label(&hosts[1], "fast") && has_label(&hosts[1], "quiet"), "labels list");
	CHECK_STR(hosts[1].ssh_alias, "bee", "ssh_alias");
	spec_free_hosts(hosts, nr);
	strbuf_release(&want);
	free(path);
}

static const char exp_tail[] =
	"runtimes: [{name: runc, driver: oci}]\n"
	"applications: [{name: a, workload: stress-ng, params: {stressor: cpu}}]\n";

static void test_experiment_inventory(void)
{
	char *inv = scratch_file("sub.ini", "[bare-metal]\nm1 ansible_host=192.0.2.7\n");
	struct strbuf text = STRBUF_INIT, resolved = STRBUF_INIT;
	struct experiment exp, back;
	char *path, *copy;

	strbuf_addf(&text, "name: e\ninventory: sub.ini\n%s", exp_tail);
	path = scratch_file("exp.yaml", text.buf);
	if (!CHECK(spec_load(path, &exp) == 0, "experiment with inventory: loads"))
		return;
	CHECK(exp.nr_hosts == 1 && !strcmp(exp.hosts[0].address, "192.0.2.7"),
	      "hosts from the inventory file, relative to the experiment");
	CHECK(spec_write_resolved(&exp, &resolved) == 0, "resolved experiment written");
	CHECK(strstr(resolved.buf, "address: 192.0.2.7") && strstr(resolved.buf, "bare-metal") &&
		      !strstr(resolved.buf, "inventory"),
	      "resolved experiment lists the hosts inline");
	copy = scratch_file("resolved.yaml", resolved.buf);
	if (CHECK(spec_load(copy, &back) == 0, "resolved experiment loads back")) {
		CHECK_STR(back.hosts[0].address, "192.0.2.7", "address survives");
		CHECK_STR(back.hosts[0].transport, "ssh", "transport survives");
		CHECK(has_label(&back.hosts[0], "bare-metal"), "labels survive");
		spec_free(&back);
	}
	spec_free(&exp);
	free(copy);
	free(path);
	free(inv);
	strbuf_release(&text);
	strbuf_release(&resolved);
}

/* The extension picks the reader whatever its case. */
static void test_yaml_extension_case(void)
{
	char *path = scratch_file("hosts.YAML", "hosts:\n  - name: up\n    address: 192.0.2.5\n");
	struct spec_host *hosts;
	size_t nr;

	CHECK(host_file_is_yaml("a/hosts.YML") && host_file_is_yaml("hosts.Yaml") &&
		      !host_file_is_yaml("hosts.ini") && !host_file_is_yaml("yaml/hosts"),
	      "YAML extensions in any case");
	if (CHECK(spec_load_hosts(path, &hosts, &nr) == 0 && nr == 1, "hosts.YAML loads as YAML")) {
		CHECK_STR(hosts[0].address, "192.0.2.5", "its host's address");
		spec_free_hosts(hosts, nr);
	}
	free(path);
}

static void test_inventory_kinds(void)
{
	struct inventory inv;
	struct strbuf text = STRBUF_INIT;
	char *exp, *yaml;

	strbuf_addf(&text, "name: e\nhosts: [{name: x, address: 192.0.2.3}]\n%s", exp_tail);
	exp = scratch_file("kinds-exp.yaml", text.buf);
	yaml = scratch_file("kinds-inv.yaml", "hosts: [{name: y}]\n");
	if (CHECK(inventory_load(&inv, exp) == 0, "an experiment is an inventory")) {
		CHECK(inv.is_experiment && inventory_find(&inv, "x"), "its hosts are found");
		CHECK_STR(inventory_find(&inv, "x")->transport, "ssh",
			  "an address makes an experiment host an ssh host");
		inventory_free(&inv);
	}
	if (CHECK(inventory_load(&inv, yaml) == 0, "an inventory YAML")) {
		CHECK(!inv.is_experiment && inventory_find(&inv, "y") && !inventory_find(&inv, "x"),
		      "its hosts are found, others not");
		inventory_free(&inv);
	}
	free(exp);
	free(yaml);
	strbuf_release(&text);
}

static void test_known_hosts_lines(void)
{
	const char *text = "# comment\n"
			   "other.example ssh-ed25519 AAAAkey1\n"
			   "[10.0.0.1]:2222,alias ssh-ed25519 AAAAkey2\n"
			   "@cert-authority *.example ssh-ed25519 AAAAca\n"
			   "|1|c2FsdA==|aGFzaA== ssh-ed25519 AAAAkey3\n"
			   "10.0.0.1 ssh-ed25519 AAAAkey4\n";

	CHECK(ssh_knownhosts_find_line(text, "10.0.0.1", 2222, "AAAAkey2") == 3,
	      "[host]:port entry found at its line");
	CHECK(ssh_knownhosts_find_line(text, "10.0.0.1", 22, "AAAAkey4") == 6,
	      "port 22 entry is the plain name");
	CHECK(ssh_knownhosts_find_line(text, "10.0.0.1", 22, "AAAAkey2") == 0,
	      "the same key for another port is not it");
	CHECK(ssh_knownhosts_find_line(text, "h", 22, "AAAAkey3") == 5, "hashed entry by its key");
	CHECK(ssh_knownhosts_find_line(text, "a.example", 22, "AAAAca") == 4,
	      "@marker lines and patterns");
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	test_ini();
	test_ini_errors();
	test_ini_groups_grow();
	test_ini_bom();
	test_ini_children();
	test_yaml_inventory();
	test_experiment_inventory();
	test_yaml_extension_case();
	test_inventory_kinds();
	test_known_hosts_lines();
	remove_tree(tmpdir);
	return tap_done();
}
