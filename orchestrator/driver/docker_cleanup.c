/*
 * The docker driver's clean-up: a container, what docker may leave of it,
 * and the run's network namespace a server container was mounted over.
 */
#include "orchestrator/driver/docker.h"

/*
 * Undo what a server's start command stacked on the run's network
 * namespace ($1): every mount there above the first one, which is the
 * engine's own namespace.
 */
#define UNSTACK_NETNS                                                                              \
	"unstack() { while awk -v p=\"$1\" '$5 == p { if (!n++) first = $4; last = $4 }"           \
	" END { exit !(n > 1 && last != first) }' /proc/self/mountinfo; do"                        \
	" umount \"$1\" || return; done; }\n"

/*
 * When runsc cannot start a container (Debian's 20221219), docker 20.10
 * forgets it while its containerd task is still being created: the task,
 * its shim and, for a second, busy cgroups stay behind. Given the
 * container's full id ($1): once the task has stopped (about 2 s), delete
 * it and the container through the shim's own containerd (the shim then
 * exits), then remove the empty cgroups named after the id, under the
 * daemon's cgroup parent or slice. Each wait is bounded.
 */
#define DROP_ORPHANS                                                                               \
	"arg() { tr '\\0' '\\n' <\"/proc/$1/cmdline\" | sed -n \"/^$2\\$/{n;p;}\"; }\n"            \
	"drop_orphans() {\n"                                                                       \
	"  case $1 in '' | *[!0-9a-f]*) return ;; esac\n"                                          \
	"  for pid in $(pgrep -f -- \"-id $1 \"); do\n"                                            \
	"    a=$(arg \"$pid\" -address) n=$(arg \"$pid\" -namespace)\n"                            \
	"    for _ in $(seq 50); do\n"                                                             \
	"      ctr -a \"$a\" -n \"$n\" tasks delete --force \"$1\" >/dev/null 2>&1\n"              \
	"      ctr -a \"$a\" -n \"$n\" containers delete \"$1\" >/dev/null 2>&1 && break\n"        \
	"      sleep 0.1\n"                                                                        \
	"    done\n"                                                                               \
	"  done\n"                                                                                 \
	"  for _ in $(seq 100); do\n"                                                              \
	"    dirs=$(find /sys/fs/cgroup -mindepth 2 -maxdepth 4 -type d -name \"*$1*\")\n"         \
	"    [ -z \"$dirs\" ] || rmdir $dirs 2>/dev/null || { sleep 0.1; continue; }\n"            \
	"    return 0\n"                                                                           \
	"  done\n"                                                                                 \
	"  echo \"cgroups still in use: $dirs\" >&2; return 1\n"                                   \
	"}\n"

/*
 * $1 container, $2 bundle directory, $3 the run's network namespace or "",
 * $4 the output directory for a server's logs or "". A container that was
 * never created is no error; nor is a server's network holder.
 */
static const char remove_script[] = UNSTACK_NETNS DROP_ORPHANS
	"st=0\n"
	"rm_container() {\n"
	"  out=$(" DOCKER " rm --force \"$1\" 2>&1) || case $out in\n"
	"    *'No such container'*) ;;\n"
	"    *) printf '%s\\n' \"$out\" >&2; st=1 ;;\n"
	"  esac\n"
	"}\n"
	"[ -z \"$4\" ] || " DOCKER " logs \"$1\" >>\"$4/server.stdout\" 2>>\"$4/server.stderr\"\n"
	"rm_container \"$1\"\n"
	"drop_orphans \"$(cat \"$2/" CID_FILE "\" 2>/dev/null)\" || st=1\n"
	"[ -z \"$3\" ] || rm_container \"$1" HOLDER_SUFFIX "\"\n"
	"[ -z \"$3\" ] || unstack \"$3\" || st=1\n"
	"rm -rf \"$2\" || st=1\n"
	"exit $st\n";

void docker_remove(struct container_run *run)
{
	struct exec_result res = EXEC_RESULT_INIT;
	const char *args[] = {run->id, run->bundle_dir, run->netns ? run->netns : "",
			      run->server ? run->out_dir : "", NULL};

	if (docker_sh(run, remove_script, args, 60, &res) < 0 || res.exit_status != 0)
		strbuf_addf(&run->cleanup_log, "cleanup failed (exit %d): %s\n", res.exit_status,
			    res.err.buf);
	run->cleanup_seconds = res.seconds;
	exec_result_release(&res);
}

/*
 * $1 scratch area, $2 runtime name, $3 the run's network namespace or "":
 * what a killed run left behind.
 */
static const char sweep_script[] =
	UNSTACK_NETNS "ids=$(" DOCKER " ps --all --quiet --filter \"label=" LABEL_SCRATCH
		      "=$1\" --filter \"label=" LABEL_RUNTIME "=$2\") || exit\n"
		      "[ -z \"$ids\" ] || " DOCKER " rm --force $ids >/dev/null\n"
		      "[ -z \"$3\" ] || unstack \"$3\"\n";

void docker_sweep(struct container_run *run)
{
	struct exec_result res = EXEC_RESULT_INIT;
	const char *args[] = {run->host->scratch, run->rt->name,
			      run->host->netns ? run->host->netns : "", NULL};

	docker_sh(run, sweep_script, args, 120, &res);
	exec_result_release(&res);
}
