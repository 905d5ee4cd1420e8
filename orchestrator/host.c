#include "orchestrator/host.h"
#include "common/error.h"
#include "common/quote.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * The container root: mount points, plus the host's top-level links into
 * /usr (merged-usr systems) recreated as links; a top-level directory that
 * is not a link is printed so the driver bind-mounts it.
 */
static const char rootfs_script[] = "set -e; r=\"$1\"\n"
				    "mkdir -p \"$r\"\n"
				    "cd \"$r\"\n"
				    "mkdir -p usr etc proc dev sys tmp root run crbench\n"
				    "for d in bin sbin lib lib32 lib64 libx32; do\n"
				    "  if [ -L /$d ]; then ln -sfn \"$(readlink /$d)\" $d;\n"
				    "  elif [ -d /$d ]; then mkdir -p $d; echo /$d; fi\n"
				    "done\n";

static int host_script(struct host_state *h, const char *step, const char *script, const char *arg,
		       struct strbuf *out)
{
	const char *argv[] = {"sh", "-c", script, "sh", arg, NULL};
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
	return host_script(h, "mkdir", "mkdir -p \"$1\"", path, NULL);
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

/*
 * A loopback-only network namespace named after the run (it survives a
 * killed session and is found again on resume), for server workloads.
 */
static int open_netns(struct host_state *h, const char *scratch_id)
{
	struct strbuf name = STRBUF_INIT;
	size_t len = strlen(scratch_id);
	int ret;

	/* the 8 hex digits that end the scratch id are unique per run directory */
	strbuf_addf(&name, "crb-%s", len > 8 ? scratch_id + len - 8 : scratch_id);
	ret = host_script(h, "network",
			  "[ -e \"/run/netns/$1\" ] || ip netns add \"$1\" && "
			  "ip -n \"$1\" link set lo up",
			  name.buf, NULL);
	if (!ret) {
		strbuf_insert_str(&name, 0, "/run/netns/");
		h->netns = strbuf_detach(&name, NULL);
	}
	strbuf_release(&name);
	return ret;
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
	if (host_script(h, "prepare", rootfs_script, h->rootfs, &sb) < 0) {
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
			    h->scratch, NULL);
	if (h->netns)
		host_script(h, "clean-up", "ip netns del \"${1##*/}\"", h->netns, NULL);
	free(h->netns);
	h->conn.ops->disconnect(&h->conn);
	free(h->scratch);
	free(h->rootfs);
	strvec_clear(&h->root_binds);
	h->conn.ops = NULL;
}
