/*
 * crbench hosts check INVENTORY: reach every host at once (one thread per
 * host; each thread has its own connection and collects its own messages),
 * then print per host, in inventory order: reachability, connect latency,
 * facts, the runtimes and tools found, and what an experiment needs that
 * is missing.
 */
#include "common/error.h"
#include "common/parse_options.h"
#include "common/timeutil.h"
#include "cli/commands.h"
#include "orchestrator/engine/engine.h"
#include "orchestrator/host/crbench.h"
#include "orchestrator/engine/facts.h"
#include "spec/inventory.h"
#include "orchestrator/workload/workload.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const hosts_usage[] = {
	"crbench hosts check [options] INVENTORY",
	"",
	"Connect to every host of INVENTORY in parallel and print, per host,",
	"whether it is reachable, the connect latency, its facts (kernel, CPUs,",
	"memory, virtualization) and the container runtimes and tools found.",
	"INVENTORY is an inventory YAML (hosts: [...]), an Ansible INI inventory",
	"or an experiment; for an experiment, also what it needs that is missing.",
	"Exit status: 0 every host usable, 1 some host unusable, 2 usage or input error.",
	NULL,
};

struct check {
	const struct spec_host *spec;
	const struct experiment *exp; /* NULL: not an experiment */
	unsigned flags;
	pthread_t thread;
	int started;
	/* results */
	int reachable;
	double connect_ms;
	json_t *facts, *software;
	struct strvec missing;
	struct strbuf problems; /* this thread's error() messages */
};

/*
 * Is `name` missing? The probe of known software says best (it checks for
 * an executable); for other names, the version the experiment's driver or
 * workload reported (`fallback`, keyed by `key`).
 */
static int absent(json_t *probed, const char *name, json_t *fallback, const char *key)
{
	const char *v = json_string_value(json_object_get(probed, name));

	if (!v)
		v = json_string_value(json_object_get(fallback, key));
	return !v || !strcmp(v, "not found");
}

/* The crbench a workload's crbench_step runs there, if it does not run. */
static void find_missing_crbench(struct check *c, struct host_state *h)
{
	const struct spec_application *app = experiment_crbench_app(c->exp);
	struct strbuf version = STRBUF_INIT, why = STRBUF_INIT;

	if (app && host_crbench_check(h, app, &version, &why) < 0)
		strvec_push(&c->missing, why.buf);
	strbuf_release(&version);
	strbuf_release(&why);
}

/* A runtime or tool the experiment uses that the host does not have. */
static void find_missing(struct check *c, struct host_state *h)
{
	json_t *probed_rts = json_object_get(c->software, "runtimes");
	json_t *probed_tools = json_object_get(c->software, "tools");

	for (size_t i = 0; i < c->exp->nr_runtimes; i++) {
		const struct spec_runtime *rt = &c->exp->runtimes[i];
		if (absent(probed_rts, rt->handler, json_object_get(c->facts, "runtimes"),
			   rt->name))
			strvec_pushf(&c->missing, "runtime %s (%s)", rt->name, rt->handler);
	}
	find_missing_crbench(c, h);
	for (size_t i = 0; i < c->exp->nr_apps; i++) {
		const char *w = c->exp->apps[i].workload;
		/* a workload without a version command needs no tool of its own */
		if (!c->exp->apps[i].ops->version_command)
			continue;
		if (absent(probed_tools, w, json_object_get(c->facts, "tools"), w))
			strvec_pushf(&c->missing, "tool %s (application %s)", w,
				     c->exp->apps[i].name);
	}
}

static void *check_host(void *arg)
{
	struct check *c = arg;
	struct experiment none = {0};
	struct host_state h = {.spec = c->spec};
	double start = mono_now();

	error_capture(&c->problems);
	h.conn = (struct host_conn){.ops = transport_find(c->spec->transport),
				    .name = c->spec->name,
				    .spec = c->spec,
				    .flags = c->flags};
	c->reachable = h.conn.ops->connect(&h.conn) == 0;
	c->connect_ms = (mono_now() - start) * 1e3;
	if (c->reachable) {
		c->facts = host_facts_collect(&h, c->exp ? c->exp : &none);
		c->software = host_probe_software(&h);
		if (c->facts && c->software && c->exp)
			find_missing(c, &h);
	}
	h.conn.ops->disconnect(&h.conn);
	error_capture(NULL);
	return NULL;
}

static int usable(const struct check *c)
{
	return c->reachable && c->facts && c->software && !c->missing.nr;
}

static const char *fact(const struct check *c, const char *key)
{
	const char *v = json_string_value(json_object_get(c->facts, key));
	return v && *v ? v : "?";
}

/* One line per runtime or tool: its version, or "not found". */
static void print_software(const char *what, json_t *versions)
{
	const char *name;
	json_t *v;

	printf("  %s:\n", what);
	json_object_foreach(versions, name, v)
	{
		printf("    %-16s %s\n", name, json_string_value(v) ? json_string_value(v) : "?");
	}
}

static void print_text(const struct check *c)
{
	json_int_t kib = json_integer_value(json_object_get(c->facts, "memory_kib"));

	if (!c->reachable || !c->facts || !c->software) {
		printf("%s: UNUSABLE: %s\n", c->spec->name,
		       c->problems.len ? c->problems.buf : "no facts");
		return;
	}
	printf("%s: %s (%s, connect %.1f ms)\n", c->spec->name, usable(c) ? "ok" : "UNUSABLE",
	       c->spec->transport, c->connect_ms);
	printf("  %s, kernel %s, %s, %lld CPUs (%s), %.1f GiB memory, virtualization %s\n",
	       fact(c, "hostname"), fact(c, "kernel"), fact(c, "os"),
	       (long long)json_integer_value(json_object_get(c->facts, "cpus")),
	       fact(c, "cpu_model"), (double)kib / (1024 * 1024), fact(c, "virtualization"));
	print_software("runtimes", json_object_get(c->software, "runtimes"));
	print_software("tools", json_object_get(c->software, "tools"));
	for (size_t i = 0; i < c->missing.nr; i++)
		printf("  experiment needs, missing: %s\n", c->missing.v[i]);
	if (c->exp && !c->missing.nr)
		printf("  experiment needs: everything found\n");
}

static json_t *to_json(const struct check *c)
{
	json_t *o = json_pack("{s:s, s:s, s:b, s:b}", "host", c->spec->name, "transport",
			      c->spec->transport, "reachable", c->reachable, "usable", usable(c));
	json_t *missing = json_array();

	if (c->reachable)
		json_object_set_new(o, "connect_ms", json_real(c->connect_ms));
	if (c->facts)
		json_object_set(o, "facts", c->facts);
	if (c->software)
		json_object_set(o, "software", c->software);
	for (size_t i = 0; i < c->missing.nr; i++)
		json_array_append_new(missing, json_string(c->missing.v[i]));
	json_object_set_new(o, "missing", missing);
	if (c->problems.len)
		json_object_set_new(o, "problems", json_string(c->problems.buf));
	return o;
}

static int check_all(const struct inventory *inv, unsigned flags, int as_json)
{
	struct check *checks = calloc(inv->nr_hosts, sizeof(*checks));
	json_t *all = json_array();
	int unusable = 0;

	json_object_seed(0); /* before the threads: jansson seeds its hash tables once */
	for (size_t i = 0; i < inv->nr_hosts; i++) {
		struct check *c = &checks[i];
		c->spec = &inv->hosts[i];
		c->exp = inv->is_experiment ? &inv->exp : NULL;
		c->flags = flags;
		strbuf_init(&c->problems, 0);
		c->started = !pthread_create(&c->thread, NULL, check_host, c);
		if (!c->started)
			check_host(c);
	}
	for (size_t i = 0; i < inv->nr_hosts; i++) {
		struct check *c = &checks[i];
		if (c->started)
			pthread_join(c->thread, NULL);
		unusable += !usable(c);
		if (as_json)
			json_array_append_new(all, to_json(c));
		else
			print_text(c);
		json_decref(c->facts);
		json_decref(c->software);
		strvec_clear(&c->missing);
		strbuf_release(&c->problems);
	}
	if (as_json)
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER), putchar('\n');
	else
		printf("\n%zu hosts: %zu usable, %d unusable\n", inv->nr_hosts,
		       inv->nr_hosts - (size_t)unusable, unusable);
	json_decref(all);
	free(checks);
	return unusable ? EXIT_CELLS_FAILED : EXIT_OK;
}

int cmd_hosts(int argc, const char **argv)
{
	const char *ssh_config = NULL;
	int accept_new = 0, as_json = 0, n, status;
	struct inventory inv = INVENTORY_INIT;
	const struct option_spec opts[] = {
		OPT_STRING('F', "ssh-config", &ssh_config, "FILE",
			   "ssh_config for hosts that name none (default ~/.ssh/config)"),
		OPT_BOOL(0, "accept-new-host-keys", &accept_new,
			 "record the key of a host not in known_hosts (a changed key is still "
			 "refused)"),
		OPT_BOOL(0, "json", &as_json, "print the results as JSON"),
		OPT_END(),
	};

	n = parse_options(argc, argv, opts, hosts_usage);
	if (n != 2 || strcmp(argv[0], "check")) {
		print_usage(stderr, hosts_usage, opts);
		return EXIT_USAGE;
	}
	if (inventory_load_or_alias(&inv, argv[1], ssh_config, NULL) < 0)
		return EXIT_USAGE;
	status = check_all(&inv, accept_new ? TRANSPORT_ACCEPT_NEW_HOST_KEYS : 0, as_json);
	inventory_free(&inv);
	return status;
}
