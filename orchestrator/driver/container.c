#include "orchestrator/driver/container.h"
#include "common/quote.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/driver/driver.h"
#include "spec/spec.h"

#include <string.h>

const char *const container_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/root",
	NULL,
};

void container_mounts(const struct container_run *run,
		      void (*add)(void *ctx, const struct container_mount *m), void *ctx)
{
	static const char ro[] = "rbind,ro,nosuid,nodev";

	add(ctx, &(struct container_mount){"/usr", "bind", "/usr", ro});
	add(ctx, &(struct container_mount){"/etc", "bind", "/etc", ro});
	for (size_t i = 0; i < run->host->root_binds.nr; i++) {
		const char *dir = run->host->root_binds.v[i];
		add(ctx, &(struct container_mount){dir, "bind", dir, ro});
	}
	add(ctx, &(struct container_mount){"/tmp", "tmpfs", "tmpfs", "nosuid,nodev,mode=1777"});
	add(ctx, &(struct container_mount){CONTAINER_OUT_DIR, "bind", run->out_dir,
					   "rbind,rw,nosuid,nodev"});
}

void container_cgroup(const struct container_run *run, struct strbuf *out)
{
	strbuf_addf(out, "/crbench/%s", run->id);
}

void container_deploy_t0(const struct container_run *run, struct strvec *argv)
{
	strvec_pushv(argv,
		     (const char *const[]){"sh", "-c", "date +%s%N > \"$0\" && exec \"$@\"", NULL});
	strvec_pushf(argv, "%s/" DEPLOY_T0_FILE, run->out_dir);
}

/*
 * `date +%s%N` reads CLOCK_REALTIME, the same clock the shell outside used
 * for the start request.
 */
void container_process(const struct container_run *run, struct strvec *argv)
{
	if (!run->server)
		strvec_pushv(argv, (const char *const[]){"/bin/sh", "-c",
							 "date +%s%N > " CONTAINER_OUT_DIR
							 "/" DEPLOY_READY_FILE " && exec \"$@\"",
							 "sh", NULL});
	strvec_pushv(argv, run->argv);
}

int container_run_batch(struct container_run *run, struct strvec *argv)
{
	struct exec_request req = {
		.argv = strvec_argv(argv),
		.timeout = run->timeout,
		.interruptible = 1,
		/*
		 * The runtime's client passes SIGTERM on to the workload, PID 1 of
		 * its namespace, which ignores it unless it handles it; the
		 * driver's clean-up ends it right after.
		 */
		.grace = 1,
	};

	sq_quote_argv(&run->command, req.argv);
	return run->host->conn.ops->exec(&run->host->conn, &req, &run->res);
}

static int is_runtime(const char *binary, const char *name)
{
	const char *slash = strrchr(binary, '/');

	return !strcmp(slash ? slash + 1 : binary, name);
}

/*
 * A server under runsc uses gVisor's own network stack (netstack, its
 * default and what users run) unless the runtime's flags ask for the
 * host's. Debian's runsc (20221219) refuses netstack on kernels >= 6
 * ("cannot run with network enabled in root network namespace"): it takes
 * /proc/sys/net/core/rmem_default, which such kernels show in every
 * namespace, for proof of the root one (google/gvisor#10704). So runsc
 * runs in the server's namespace, in a private mount namespace where an
 * empty tmpfs hides /proc/sys/net/core; its own check is all that reads
 * there. Mounted from inside that namespace, the tmpfs covers that
 * namespace's directory, which is the one runsc sees after joining it.
 */
static int runsc_netstack(const struct container_run *run, const char *binary,
			  const char *const *flags)
{
	if (!run->netns || !is_runtime(binary, "runsc"))
		return 0;
	for (; flags && *flags; flags++)
		if (!strcmp(*flags, "--network=host"))
			return 0;
	return 1;
}

void oci_runtime_argv(const struct container_run *run, const char *binary, const char *const *flags,
		      struct strvec *argv)
{
	int netstack = runsc_netstack(run, binary, flags);

	/*
	 * crun refuses a hybrid cgroup host ("cgroups in hybrid mode not
	 * supported, drop all controllers from cgroupv2"): it runs in a private
	 * mount namespace without the cgroup2 mount, where it sees plain v1.
	 * Where that mount does not exist the umount fails quietly. The few
	 * milliseconds this costs are part of crun's deploy time on such hosts.
	 */
	if (is_runtime(binary, "crun"))
		strvec_pushv(argv, (const char *const[]){
					   "unshare", "-m", "--propagation", "private", "sh", "-c",
					   "umount /sys/fs/cgroup/unified 2>/dev/null; "
					   "exec \"$@\"",
					   "sh", NULL});
	if (netstack) {
		strvec_push(argv, "nsenter");
		strvec_pushf(argv, "--net=%s", run->netns);
		strvec_pushv(
			argv,
			(const char *const[]){
				"--", "unshare", "-m", "--propagation", "private", "sh", "-c",
				"mount -t tmpfs crbench-hide /proc/sys/net/core && exec \"$@\"",
				"sh", NULL});
	}
	strvec_push(argv, binary);
	strvec_pushv(argv, flags);
	/*
	 * The last --network flag wins: a server needs a network (an
	 * experiment may give runsc --network=none for batch tools).
	 */
	if (netstack)
		strvec_push(argv, "--network=sandbox");
}

void oci_runtime_root(const struct container_run *run, struct strbuf *out)
{
	strbuf_addf(out, "%s/state/%s", run->host->scratch, run->rt->name);
}
