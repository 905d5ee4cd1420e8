/*
 * crbench exec (hidden): run one command on one host through a transport,
 * as the engine would. For tests (quoting, timeouts, host keys) and for
 * tests/bench/ssh-latency (--repeat). Not in `crbench --help`.
 */
#include "common/error.h"
#include "common/fsutil.h"
#include "common/parse_options.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "cli/commands.h"
#include "spec/inventory.h"
#include "orchestrator/transport/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const exec_usage[] = {
	"crbench exec [options] HOST -- COMMAND [ARG...]",
	"",
	"Run COMMAND on HOST through the host's transport and pass on its output",
	"and exit status (124 on timeout, 128+N when killed by signal N).",
	"HOST is a host of --inventory, or else an alias in the ssh_config file (-F).",
	NULL,
};

struct exec_options {
	const char *inventory, *ssh_config, *timeout, *stdin_file, *put, *get;
	int repeat, accept_new;
};

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* --repeat: run the command N times, print the per-call wall time quartiles. */
static int repeat(struct host_conn *h, const struct exec_request *req, int n)
{
	double *t = calloc((size_t)n, sizeof(*t));
	int failures = 0;

	for (int i = 0; i < n; i++) {
		struct exec_result res = EXEC_RESULT_INIT;
		double start = mono_now();
		if (h->ops->exec(h, req, &res) < 0 || res.exit_status)
			failures++;
		t[i] = mono_now() - start;
		exec_result_release(&res);
	}
	qsort(t, (size_t)n, sizeof(*t), compare_doubles);
	printf("calls %d failures %d min_ms %.3f q1_ms %.3f median_ms %.3f q3_ms %.3f max_ms "
	       "%.3f\n",
	       n, failures, t[0] * 1e3, t[n / 4] * 1e3, t[n / 2] * 1e3, t[3 * n / 4] * 1e3,
	       t[n - 1] * 1e3);
	free(t);
	return failures ? EXIT_CELLS_FAILED : EXIT_OK;
}

static int run_once(struct host_conn *h, const struct exec_request *req)
{
	struct exec_result res = EXEC_RESULT_INIT;
	int status;

	if (h->ops->exec(h, req, &res) < 0)
		return 255;
	fwrite(res.out.buf, 1, res.out.len, stdout);
	fwrite(res.err.buf, 1, res.err.len, stderr);
	fflush(stdout);
	if (res.timed_out)
		fprintf(stderr, "crbench exec: timed out after %.1f s\n", req->timeout);
	status = res.timed_out ? 124 : res.exit_signal ? 128 + res.exit_signal : res.exit_status;
	exec_result_release(&res);
	return status;
}

/* --put LOCAL=REMOTE and --get REMOTE (to stdout) happen before the command. */
static int transfer(struct host_conn *h, const struct exec_options *o)
{
	struct strbuf data = STRBUF_INIT;
	int ret = 0;

	if (o->put) {
		const char *eq = strchr(o->put, '=');
		char *local = eq ? strndup(o->put, (size_t)(eq - o->put)) : NULL;
		if (!eq)
			ret = error("--put expects LOCAL=REMOTE, not '%s'", o->put);
		else if (read_file(local, &data, READ_LIMIT_DATA) == 0)
			ret = h->ops->put_file(h, eq + 1, data.buf, data.len, 0644);
		else
			ret = -1;
		free(local);
	}
	if (!ret && o->get) {
		strbuf_reset(&data);
		ret = h->ops->get_file(h, o->get, &data);
		if (!ret)
			fwrite(data.buf, 1, data.len, stdout);
	}
	strbuf_release(&data);
	return ret;
}

static int run_on(const struct spec_host *spec, const struct exec_options *o, const char **argv)
{
	struct host_conn h = {
		.ops = transport_find(spec->transport), .name = spec->name, .spec = spec};
	struct exec_request req = {.argv = argv, .timeout = o->timeout ? atof(o->timeout) : 60};
	struct strbuf in = STRBUF_INIT;
	int status = EXIT_OK;

	if (o->accept_new)
		h.flags |= TRANSPORT_ACCEPT_NEW_HOST_KEYS;
	if (!(req.timeout > 0))
		return error("--timeout must be a number of seconds > 0"), EXIT_USAGE;
	if (o->stdin_file && read_file(o->stdin_file, &in, READ_LIMIT_DATA) < 0)
		return EXIT_USAGE;
	req.stdin_data = o->stdin_file ? in.buf : NULL;
	req.stdin_len = in.len;
	if (h.ops->connect(&h) < 0) {
		h.ops->disconnect(&h);
		strbuf_release(&in);
		return 255;
	}
	if (transfer(&h, o) < 0)
		status = 255;
	else if (argv[0])
		status = o->repeat ? repeat(&h, &req, o->repeat) : run_once(&h, &req);
	h.ops->disconnect(&h);
	strbuf_release(&in);
	return status;
}

int cmd_exec(int argc, const char **argv)
{
	struct exec_options o = {0};
	struct inventory inv = INVENTORY_INIT;
	const struct option_spec opts[] = {
		OPT_STRING('i', "inventory", &o.inventory, "FILE", "inventory or experiment file"),
		OPT_STRING('F', "ssh-config", &o.ssh_config, "FILE",
			   "ssh_config file (default ~/.ssh/config)"),
		OPT_STRING(0, "timeout", &o.timeout, "SECONDS", "deadline of the command (60)"),
		OPT_STRING(0, "stdin", &o.stdin_file, "FILE", "feed FILE to the command"),
		OPT_STRING(0, "put", &o.put, "LOCAL=REMOTE", "upload a file first"),
		OPT_STRING(0, "get", &o.get, "REMOTE", "download a file to stdout first"),
		OPT_INT(0, "repeat", &o.repeat, "N", "run N times, print latency quartiles"),
		OPT_BOOL(0, "accept-new-host-keys", &o.accept_new, "record unknown host keys"),
		OPT_END(),
	};
	int n = parse_options(argc, argv, opts, exec_usage), status;
	const struct spec_host *spec;

	if (n < 1 || (n < 2 && !o.put && !o.get)) {
		print_usage(stderr, exec_usage, opts);
		return EXIT_USAGE;
	}
	argv[n] = NULL;
	if (inventory_load_or_alias(&inv, o.inventory, o.ssh_config, argv[0]) < 0)
		return EXIT_USAGE;
	spec = inventory_find(&inv, argv[0]);
	if (!spec) {
		error("no host '%s' in %s", argv[0], o.inventory);
		status = EXIT_USAGE;
	} else {
		status = run_on(spec, &o, argv + 1);
	}
	inventory_free(&inv);
	return status;
}
