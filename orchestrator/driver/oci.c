/*
 * The oci driver: runc, crun or runsc run directly on an OCI bundle whose
 * root is a skeleton directory with the host's /usr and /etc bind-mounted
 * read-only (no image, no registry). Deploy time is measured on the target:
 * a shell records the clock right before it execs the runtime, and the
 * container's first process records it again right before it execs the
 * workload.
 */
#include "common/quote.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/driver/container.h"
#include "orchestrator/driver/driver.h"
#include "spec/spec.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define CPU_PERIOD_US 100000

static int validate(const struct spec_runtime *rt, struct strbuf *why)
{
	static const char *const handlers[] = {"runc", "runsc", "crun", NULL};
	for (int i = 0; handlers[i]; i++)
		if (!strcmp(rt->handler, handlers[i]))
			return 0;
	strbuf_addf(why, "handler \"%s\" is not an OCI runtime crbench knows (runc, runsc, crun)",
		    rt->handler);
	return -1;
}

static json_t *mount(const char *dst, const char *type, const char *src, const char *options)
{
	json_t *m = json_pack("{s:s, s:s, s:s}", "destination", dst, "type", type, "source", src);
	json_t *opts = json_array();
	char *copy = xstrdup(options), *save = NULL;

	for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save))
		json_array_append_new(opts, json_string(o));
	free(copy);
	json_object_set_new(m, "options", opts);
	return m;
}

static void add_mount(void *ctx, const struct container_mount *m)
{
	json_array_append_new(ctx, mount(m->dst, m->type, m->src, m->options));
}

static json_t *mounts(const struct container_run *run)
{
	json_t *m = json_array();

	json_array_append_new(m, mount("/proc", "proc", "proc", "nosuid,noexec,nodev"));
	json_array_append_new(
		m, mount("/dev", "tmpfs", "tmpfs", "nosuid,strictatime,mode=755,size=65536k"));
	json_array_append_new(m, mount("/dev/pts", "devpts", "devpts",
				       "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5"));
	json_array_append_new(
		m, mount("/dev/shm", "tmpfs", "shm", "nosuid,noexec,nodev,mode=1777,size=65536k"));
	json_array_append_new(m, mount("/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro"));
	container_mounts(run, add_mount, m);
	return m;
}

static json_t *resources(const struct spec_limits *limits)
{
	json_t *r = json_pack("{s:[{s:b, s:s}]}", "devices", "allow", 0, "access", "rwm");

	if (limits->cpus > 0)
		json_object_set_new(r, "cpu",
				    json_pack("{s:I, s:I}", "quota",
					      (json_int_t)(limits->cpus * CPU_PERIOD_US), "period",
					      (json_int_t)CPU_PERIOD_US));
	if (limits->memory_bytes > 0)
		json_object_set_new(r, "memory",
				    json_pack("{s:I}", "limit", (json_int_t)limits->memory_bytes));
	return r;
}

static json_t *string_array(const char *const *v)
{
	json_t *a = json_array();

	for (int i = 0; v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *process_args(const struct container_run *run)
{
	struct strvec argv = STRVEC_INIT;
	json_t *args;

	container_process(run, &argv);
	args = string_array(strvec_argv(&argv));
	strvec_clear(&argv);
	return args;
}

/*
 * Docker's default capability set: what containers get in the deployments
 * being measured, and what servers need to drop to their own user
 * (PostgreSQL refuses to run as root).
 */
static json_t *default_capabilities(void)
{
	static const char *const names[] = {"CAP_CHOWN",
					    "CAP_DAC_OVERRIDE",
					    "CAP_FSETID",
					    "CAP_FOWNER",
					    "CAP_MKNOD",
					    "CAP_NET_RAW",
					    "CAP_SETGID",
					    "CAP_SETUID",
					    "CAP_SETFCAP",
					    "CAP_SETPCAP",
					    "CAP_NET_BIND_SERVICE",
					    "CAP_SYS_CHROOT",
					    "CAP_KILL",
					    "CAP_AUDIT_WRITE",
					    NULL};

	return string_array(names);
}

static json_t *oci_config(const struct container_run *run)
{
	struct strbuf cgroup = STRBUF_INIT;
	json_t *caps = default_capabilities();
	json_t *process = json_pack(
		"{s:b, s:{s:i, s:i}, s:o, s:o, s:s, s:b, s:{s:O, s:O, s:O, s:O},"
		" s:[{s:s, s:i, s:i}]}",
		"terminal", 0, "user", "uid", 0, "gid", 0, "args", process_args(run), "env",
		string_array(container_env), "cwd", CONTAINER_CWD, "noNewPrivileges", 1,
		"capabilities", "bounding", caps, "effective", caps, "permitted", caps, "ambient",
		caps, "rlimits", "type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024);
	json_t *linux_;

	container_cgroup(run, &cgroup);
	linux_ = json_pack(
		"{s:[{s:s}, {s:s}, {s:s}, {s:s}, {s:s}], s:s, s:o, s:[s, s, s, s, s, s, s, s, s],"
		" s:[s, s, s, s, s]}",
		"namespaces", "type", "pid", "type", "network", "type", "ipc", "type", "uts",
		"type", "mount", "cgroupsPath", cgroup.buf, "resources", resources(&run->limits),
		"maskedPaths", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
		"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
		"/proc/scsi", "readonlyPaths", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
		"/proc/sysrq-trigger");
	json_t *root = json_pack("{s:s, s:b}", "path", run->host->rootfs, "readonly", 1);

	json_decref(caps);
	strbuf_release(&cgroup);
	if (run->netns) /* the shared namespace the probe and the client reach the server in */
		json_object_set_new(json_array_get(json_object_get(linux_, "namespaces"), 1),
				    "path", json_string(run->netns));
	return json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}", "ociVersion", "1.0.2", "process",
			 process, "root", root, "hostname", "crbench", "mounts", mounts(run),
			 "linux", linux_);
}

/* runtime --root STATE [options...] */
static void runtime_prefix(const struct container_run *run, struct strvec *argv)
{
	struct strvec flags = STRVEC_INIT;
	struct strbuf root = STRBUF_INIT;

	oci_runtime_root(run, &root);
	strvec_pushf(&flags, "--root=%s", root.buf);
	strvec_pushv(&flags, (const char *const *)run->rt->options.v);
	oci_runtime_argv(run, run->rt->handler, strvec_argv(&flags), argv);
	strvec_clear(&flags);
	strbuf_release(&root);
}

static int write_bundle(struct container_run *run)
{
	struct host_conn *h = &run->host->conn;
	struct strbuf path = STRBUF_INIT;
	json_t *config = oci_config(run);
	char *text = json_dumps(config, JSON_INDENT(2) | JSON_SORT_KEYS);
	int ret;

	strbuf_addf(&path, "%s/config.json", run->bundle_dir);
	ret = h->ops->put_file(h, path.buf, text, strlen(text), 0644);
	free(text);
	json_decref(config);
	strbuf_release(&path);
	return ret;
}

/* Remove the container whatever state it is in, and its bundle. */
static void cleanup(struct container_run *run)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf script = STRBUF_INIT;
	struct exec_result res = EXEC_RESULT_INIT;

	runtime_prefix(run, &argv);
	strvec_pushv(&argv, (const char *const[]){"delete", "--force", run->id, NULL});
	sq_quote_argv(&script, strvec_argv(&argv));
	strbuf_addstr(&script, " 2>/dev/null; rm -rf ");
	sq_quote_buf(&script, run->bundle_dir);
	if (transport_sh(&run->host->conn, script.buf, 60, &res) < 0 || res.exit_status != 0)
		strbuf_addf(&run->cleanup_log, "cleanup failed (exit %d): %s\n", res.exit_status,
			    res.err.buf);
	run->cleanup_seconds = res.seconds;
	strvec_clear(&argv);
	strbuf_release(&script);
	exec_result_release(&res);
}

static int run_oci(struct container_run *run)
{
	struct strvec argv = STRVEC_INIT;
	int ret;

	if (write_bundle(run) < 0)
		return -1;
	container_deploy_t0(run, &argv);
	runtime_prefix(run, &argv);
	strvec_pushv(&argv,
		     (const char *const[]){"run", "--bundle", run->bundle_dir, run->id, NULL});
	ret = container_run_batch(run, &argv);
	cleanup(run);
	strvec_clear(&argv);
	return ret;
}

/* `list` knows every container of our state root, whichever state it is in. */
static void sweep(struct container_run *run)
{
	struct strvec prefix = STRVEC_INIT;
	struct strbuf script = STRBUF_INIT, rt = STRBUF_INIT;
	struct exec_result res = EXEC_RESULT_INIT;

	runtime_prefix(run, &prefix);
	sq_quote_argv(&rt, strvec_argv(&prefix));
	strbuf_addf(&script,
		    "for id in $(%s list -q 2>/dev/null); do %s delete --force \"$id\"; done",
		    rt.buf, rt.buf);
	transport_sh(&run->host->conn, script.buf, 120, &res);
	strvec_clear(&prefix);
	strbuf_release(&script);
	strbuf_release(&rt);
	exec_result_release(&res);
}

static int start_argv(struct container_run *run, struct strvec *argv)
{
	if (write_bundle(run) < 0)
		return -1;
	runtime_prefix(run, argv);
	strvec_pushv(argv, (const char *const[]){"run", "--detach", "--bundle", run->bundle_dir,
						 run->id, NULL});
	return 0;
}

/*
 * `state` names the container's first process (gVisor: its sandbox, whose
 * gofer and stubs share the container's cgroup). Detached, none of the
 * three leaves a process of its own behind, so that pid is all there is.
 * The JSON is indented one key per line by all three.
 */
static int pids_command(struct container_run *run, struct strbuf *sh)
{
	struct strvec argv = STRVEC_INIT;

	runtime_prefix(run, &argv);
	strvec_pushv(&argv, (const char *const[]){"state", run->id, NULL});
	sq_quote_argv(sh, strvec_argv(&argv));
	strbuf_addstr(sh, " | sed -n 's/^ *\"pid\": *\\([0-9][0-9]*\\),\\{0,1\\}$/\\1/p'");
	strvec_clear(&argv);
	return 0;
}

static int version(struct container_run *run, struct strbuf *out)
{
	struct strbuf script = STRBUF_INIT;
	struct exec_result res = EXEC_RESULT_INIT;
	int ret = -1;

	/* no pipe: its status would be head's, and a missing runtime would look installed */
	strbuf_addstr(&script, "v=$(");
	sq_quote_buf(&script, run->rt->handler);
	strbuf_addstr(&script, " --version 2>&1) && printf '%s\\n' \"$v\" | head -n 1");
	if (transport_sh(&run->host->conn, script.buf, 30, &res) == 0 && res.exit_status == 0 &&
	    res.out.len) {
		strbuf_trim_trailing_newline(&res.out);
		strbuf_addstr(out, res.out.buf);
		ret = 0;
	}
	strbuf_release(&script);
	exec_result_release(&res);
	return ret;
}

static const char *const programs[] = {"runc", "crun", "runsc", NULL};

const struct driver_ops driver_oci = {
	.name = "oci",
	.summary = "runc, crun or runsc directly, with an OCI bundle",
	.programs = programs,
	.validate = validate,
	.run = run_oci,
	.start_argv = start_argv,
	.stop = cleanup,
	.sweep = sweep,
	.version = version,
	.pids_command = pids_command,
};
