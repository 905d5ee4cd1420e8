#include "orchestrator/host/host.h"
#include "common/error.h"
#include "common/quote.h"
#include "common/script.h"
#include "common/xalloc.h"
#include "spec/spec.h"
#include "orchestrator/workload/workload.h"

#include <stdlib.h>
#include <string.h>

SCRIPT(rootfs);
SCRIPT(server_network);

/* `sh -c SCRIPT sh ARGS...` (at most two), its stdout appended to `out` if given. */
static int host_script(struct host_state *h, const char *step, const char *script,
		       const char *const args[2], struct strbuf *out)
{
	const char *argv[] = {"sh", "-c", script, "sh", args[0], args[1], NULL};
	struct exec_request req = {.argv = argv, .timeout = 120};
	struct exec_result res = EXEC_RESULT_INIT;
	int ret = 0;

	if (h->conn.ops->exec(&h->conn, &req, &res) < 0)
		ret = error("host %s: step %s: cannot run a command", h->spec->name, step);
	else if (res.exit_status != 0)
		ret = error("host %s: step %s: exit %d: %s", h->spec->name, step, res.exit_status,
			    res.err.buf);
	else if (out)
		strbuf_addbuf(out, &res.out);
	exec_result_release(&res);
	return ret;
}

int host_mkdir(struct host_state *h, const char *path)
{
	return host_script(h, "mkdir", "mkdir -p \"$1\"", (const char *[2]){path}, NULL);
}

static void scratch_name(struct strbuf *sb, const char *scratch_id)
{
	strbuf_addstr(sb, "/var/tmp/crbench-");
	for (const char *p = scratch_id; *p; p++)
		strbuf_addch(sb, strchr("/ \t\n'\"\\", *p) ? '_' : *p);
}

static void add_root_binds(struct host_state *h, const char *listing)
{
	char *copy = xstrdup(listing), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		strvec_push(&h->root_binds, line);
	free(copy);
}

/* scripts/server_network.sh, with the links' names and addresses. */
int host_server_network(struct host_state *h)
{
	struct strbuf sh = STRBUF_INIT;
	int ret;

	sq_quote_assign(&sh, "SERVER_LINK", SERVER_LINK);
	sq_quote_assign(&sh, "CLIENT_LINK", CLIENT_LINK);
	sq_quote_assign(&sh, "SERVER_ADDRESS", SERVER_ADDRESS);
	sq_quote_assign(&sh, "CLIENT_ADDRESS", CLIENT_ADDRESS);
	strbuf_addstr(&sh, script_server_network);
	ret = host_script(h, "network", sh.buf,
			  (const char *[2]){h->netns + strlen("/run/netns/"),
					    h->client_netns + strlen("/run/netns/")},
			  NULL);
	strbuf_release(&sh);
	return ret;
}

/*
 * The server's and the clients' network namespaces, named after the run
 * and the host (they survive a killed session and are found again on
 * resume; hosts of one run may share a machine, as the testbed's do):
 * crb-<run>-<host> and crb-<run>-<host>.clients ('.' is in no host name).
 */
static int open_netns(struct host_state *h, const char *scratch_id)
{
	struct strbuf name = STRBUF_INIT;
	size_t len = strlen(scratch_id);

	/* the 8 hex digits that end the scratch id are unique per run directory */
	strbuf_addf(&name, "/run/netns/crb-%s-%s", len > 8 ? scratch_id + len - 8 : scratch_id,
		    h->spec->name);
	h->netns = xstrdup(name.buf);
	strbuf_addstr(&name, ".clients");
	h->client_netns = strbuf_detach(&name, NULL);
	return host_server_network(h);
}

int host_open(struct host_state *h, const struct spec_host *spec, const char *scratch_id,
	      int with_netns)
{
	struct strbuf sb = STRBUF_INIT;

	memset(h, 0, sizeof(*h));
	h->spec = spec;
	h->conn.ops = transport_find(spec->transport);
	h->conn.name = spec->name;
	h->conn.spec = spec;
	if (h->conn.ops->connect(&h->conn) < 0) {
		h->conn.ops = NULL; /* nothing to clean up on a host never reached */
		return error("host %s: step connect: cannot reach the host", spec->name);
	}
	scratch_name(&sb, scratch_id);
	h->scratch = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/rootfs", h->scratch);
	h->rootfs = strbuf_detach(&sb, NULL);
	if (host_script(h, "prepare", script_rootfs, (const char *[2]){h->rootfs}, &sb) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	add_root_binds(h, sb.buf);
	strbuf_release(&sb);
	return with_netns ? open_netns(h, scratch_id) : 0;
}

void host_close(struct host_state *h)
{
	if (!h->conn.ops)
		return;
	if (h->scratch)
		host_script(h, "clean-up",
			    "rm -rf \"$1\"; for d in /sys/fs/cgroup/*/crbench; do "
			    "[ -d \"$d\" ] && rmdir \"$d\" 2>/dev/null; done; true",
			    (const char *[2]){h->scratch}, NULL);
	if (h->netns)
		host_script(h, "clean-up", "for ns; do ip netns del \"${ns##*/}\"; done; true",
			    (const char *[2]){h->client_netns, h->netns}, NULL);
	free(h->netns);
	free(h->client_netns);
	h->conn.ops->disconnect(&h->conn);
	free(h->scratch);
	free(h->rootfs);
	strvec_clear(&h->root_binds);
	h->conn.ops = NULL;
}
