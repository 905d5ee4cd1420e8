/*
 * The containerd driver: `ctr run` against a containerd daemon on the host,
 * through the host's transport. The container is the one the oci driver
 * runs (driver/container.h) on containerd's default spec: the skeleton
 * root is given with --rootfs (no image, no snapshot, read-only), with the
 * same mounts, environment, cgroup and deploy-time probe; the experiment's
 * limits become --cpus and --memory-limit, a server joins the run's network
 * namespace with --with-ns.
 *
 * The handler is a containerd runtime (io.containerd.runc.v2 by default).
 * Options are flags of `ctr run`, and crbench's own: --address=SOCKET and
 * --namespace=NAME (default /run/containerd/containerd.sock and crbench),
 * --runc-binary=B (the OCI runtime the runc.v2 shim runs: runc, crun,
 * runsc or a path) and --runc-arg=FLAG (a flag for it, e.g. runsc's
 * --network=none). Every container is labelled with the run's scratch
 * directory and the runtime's name: clean-up and sweep remove exactly what
 * this run created.
 */
#include "common/csv.h"
#include "common/error.h"
#include "common/quote.h"
#include "common/script.h"
#include "common/strbuf.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/driver/container.h"
#include "orchestrator/driver/driver.h"
#include "spec/spec.h"

#include <ctype.h>
#include <string.h>

#define RUNC_V2	      "io.containerd.runc.v2"
#define SCRATCH_LABEL "crbench.scratch"
#define RUNTIME_LABEL "crbench.runtime"

struct ctr_options {
	const char *address, *ns;
	const char *runc_binary; /* NULL: the shim's own, runc */
	struct strvec runc_args;
	struct strvec run_flags; /* the rest: flags of `ctr run` */
};

#define CTR_OPTIONS_INIT                                                                           \
	{                                                                                          \
		"/run/containerd/containerd.sock", "crbench", NULL, STRVEC_INIT, STRVEC_INIT       \
	}

static void ctr_options_release(struct ctr_options *o)
{
	strvec_clear(&o->runc_args);
	strvec_clear(&o->run_flags);
}

/* Flags of `ctr run` that crbench sets: a user's would break what it measures or removes. */
static const char *const managed_flags[] = {
	"--rm",		  "--detach", "-d",	     "--rootfs",  "--runtime",	 "--runc-root",
	"--cgroup",	  "--label",  "--fifo-dir",  "--log-uri", "--null-io",	 "--with-ns",
	"--net-host",	  "--tty",    "-t",	     "--cpus",	  "--cpu-quota", "--cpu-period",
	"--memory-limit", "--cwd",    "--read-only", "--config",  "-c",		 NULL,
};

static int is_managed(const char *opt)
{
	size_t len = strcspn(opt, "=");

	for (int i = 0; managed_flags[i]; i++)
		if (strlen(managed_flags[i]) == len && !strncmp(opt, managed_flags[i], len))
			return 1;
	return 0;
}

/* io.containerd.NAME.vN, the name of a runtime whose shim is containerd-shim-NAME-vN. */
static int is_runtime_name(const char *h)
{
	static const char prefix[] = "io.containerd.";
	const char *name, *dot;

	if (strncmp(h, prefix, strlen(prefix)))
		return 0;
	name = h + strlen(prefix);
	dot = strrchr(name, '.');
	if (!dot || dot == name || dot[1] != 'v' || !dot[2])
		return 0;
	for (const char *p = name; p < dot; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	for (const char *p = dot + 2; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

/* containerd's identifiers: letters and digits, one of "._-" between two of them. */
static int is_namespace(const char *ns)
{
	size_t n = strlen(ns);

	if (!n || n > 76)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)ns[i]) &&
		    (!strchr("._-", ns[i]) || i == 0 || i == n - 1 ||
		     !isalnum((unsigned char)ns[i - 1])))
			return 0;
	return 1;
}

/* "NAME=VALUE": 1 and *value; "NAME" alone: 1 and *value NULL; another flag: 0. */
static int option_value(const char *opt, const char *name, const char **value)
{
	size_t n = strlen(name);

	if (strncmp(opt, name, n) || (opt[n] && opt[n] != '='))
		return 0;
	*value = opt[n] ? opt + n + 1 : NULL;
	return 1;
}

static int has_value(const char *opt, const char *name, const char *v, struct strbuf *why)
{
	if (!v || !*v)
		strbuf_addf(why, "option \"%s\" needs a value (%s=...)", opt, name);
	return v && *v;
}

static int parse_option(const char *opt, struct ctr_options *o, struct strbuf *why)
{
	const char *v;

	if (option_value(opt, "--address", &v)) {
		if (v && *v == '/')
			o->address = v;
		else
			strbuf_addf(why,
				    "option \"%s\": give containerd's socket as --address=/PATH",
				    opt);
	} else if (option_value(opt, "--namespace", &v)) {
		if (v && is_namespace(v))
			o->ns = v;
		else
			strbuf_addf(why,
				    "option \"%s\": a containerd namespace is letters and digits, "
				    "joined by single '.', '_' or '-' (--namespace=NAME)",
				    opt);
	} else if (option_value(opt, "--runc-binary", &v)) {
		if (has_value(opt, "--runc-binary", v, why))
			o->runc_binary = v;
	} else if (option_value(opt, "--runc-arg", &v)) {
		if (has_value(opt, "--runc-arg", v, why))
			strvec_push(&o->runc_args, v);
	} else if (*opt != '-') {
		strbuf_addf(why, "option \"%s\": options are flags of `ctr run`, as --flag=value",
			    opt);
	} else if (is_managed(opt)) {
		strbuf_addf(why, "option \"%s\": crbench sets this flag of `ctr run` itself", opt);
	} else {
		strvec_push(&o->run_flags, opt);
	}
	return why->len ? -1 : 0;
}

static int parse_options(const struct spec_runtime *rt, struct ctr_options *o, struct strbuf *why)
{
	for (size_t i = 0; i < rt->options.nr; i++)
		if (parse_option(rt->options.v[i], o, why) < 0)
			return -1;
	if (strcmp(rt->handler, RUNC_V2) && (o->runc_binary || o->runc_args.nr)) {
		strbuf_addf(why,
			    "--runc-binary and --runc-arg are options of the " RUNC_V2
			    " handler, not of %s",
			    rt->handler);
		return -1;
	}
	return 0;
}

static int validate(const struct spec_runtime *rt, struct strbuf *why)
{
	struct ctr_options o = CTR_OPTIONS_INIT;
	int ret = -1;

	if (!is_runtime_name(rt->handler))
		strbuf_addf(why,
			    "handler \"%s\" is not a containerd runtime (" RUNC_V2
			    ", io.containerd.runsc.v1, io.containerd.kata.v2, or another "
			    "io.containerd.NAME.vN)",
			    rt->handler);
	else
		ret = parse_options(rt, &o, why);
	ctr_options_release(&o);
	return ret;
}

/* The entry was validated when the experiment was loaded; this cannot fail then. */
static int load_options(const struct container_run *run, struct ctr_options *o)
{
	struct strbuf why = STRBUF_INIT;
	int ret = parse_options(run->rt, o, &why);

	if (ret < 0)
		error("runtime %s: %s", run->rt->name, why.buf);
	strbuf_release(&why);
	return ret;
}

static void ctr_command(const struct ctr_options *o, struct strvec *argv)
{
	strvec_push(argv, "ctr");
	strvec_pushf(argv, "--address=%s", o->address);
	strvec_pushf(argv, "--namespace=%s", o->ns);
}

static int is_runc_v2(const struct container_run *run)
{
	return !strcmp(run->rt->handler, RUNC_V2);
}

/* The OCI runtime the runc.v2 shim runs, before the shim's own arguments. */
static void runc_command(const struct container_run *run, const struct ctr_options *o,
			 struct strvec *argv)
{
	const char *binary = o->runc_binary ? o->runc_binary : "runc";

	oci_runtime_argv(run, binary, (const char *const *)o->runc_args.v, argv);
}

/* An executable `path` on the host that runs `cmd` with its own arguments appended. */
static int put_script(struct container_run *run, const char *path, struct strvec *cmd)
{
	struct strbuf script = STRBUF_INIT;
	int ret;

	strbuf_addstr(&script, "#!/bin/sh\nexec ");
	sq_quote_argv(&script, strvec_argv(cmd));
	strbuf_addstr(&script, " \"$@\"\n");
	ret = run->host->conn.ops->put_file(&run->host->conn, path, script.buf, script.len, 0755);
	strbuf_release(&script);
	return ret;
}

/*
 * --runc-root, and --runc-binary: the runtime itself, or where it needs
 * flags (crun's mount namespace, runsc's network, --runc-arg) a script in
 * the bundle that adds them. The shim's own flags follow them.
 */
static int runc_flags(struct container_run *run, const struct ctr_options *o, struct strvec *argv)
{
	struct strvec cmd = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	oci_runtime_root(run, &sb);
	strvec_pushf(argv, "--runc-root=%s", sb.buf);
	runc_command(run, o, &cmd);
	if (cmd.nr > 1) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/runtime", run->bundle_dir);
		strvec_pushf(argv, "--runc-binary=%s", sb.buf);
		ret = put_script(run, sb.buf, &cmd);
	} else if (o->runc_binary) {
		strvec_pushf(argv, "--runc-binary=%s", o->runc_binary);
	}
	strvec_clear(&cmd);
	strbuf_release(&sb);
	return ret;
}

/* --mount=type=T,src=S,dst=D,options=A:B: ctr reads it as one CSV record. */
static void add_mount_flag(void *ctx, const struct container_mount *m)
{
	struct strbuf type = STRBUF_INIT, src = STRBUF_INIT, dst = STRBUF_INIT,
		      options = STRBUF_INIT, flag = STRBUF_INIT;

	strbuf_addf(&type, "type=%s", m->type);
	strbuf_addf(&src, "src=%s", m->src);
	strbuf_addf(&dst, "dst=%s", m->dst);
	strbuf_addstr(&options, "options=");
	for (const char *p = m->options; *p; p++)
		strbuf_addch(&options, *p == ',' ? ':' : *p);
	strbuf_addstr(&flag, "--mount=");
	csv_add_fields(&flag, (const char *const[]){type.buf, src.buf, dst.buf, options.buf}, 4);
	strvec_push(ctx, flag.buf);
	strbuf_release(&type);
	strbuf_release(&src);
	strbuf_release(&dst);
	strbuf_release(&options);
	strbuf_release(&flag);
}

/* A server's output, kept by the shim in a file: a URI, its path percent-encoded. */
static void log_uri_flag(const struct container_run *run, struct strvec *argv)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "--log-uri=file://");
	for (const char *p = run->out_dir; *p; p++)
		if (isalnum((unsigned char)*p) || strchr("/-._~", *p))
			strbuf_addch(&sb, *p);
		else
			strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
	strbuf_addstr(&sb, "/server.log");
	strvec_push(argv, sb.buf);
	strbuf_release(&sb);
}

/* The container's identity, place and limits: the flags that do not depend on the runtime. */
static void container_flags(const struct container_run *run, struct strvec *argv)
{
	struct strbuf cgroup = STRBUF_INIT;

	container_cgroup(run, &cgroup);
	strvec_pushf(argv, "--cgroup=%s", cgroup.buf);
	strvec_pushf(argv, "--label=" SCRATCH_LABEL "=%s", run->host->scratch);
	strvec_pushf(argv, "--label=" RUNTIME_LABEL "=%s", run->rt->name);
	strvec_pushf(argv, "--fifo-dir=%s/fifo", run->host->scratch);
	strvec_pushv(argv, (const char *const[]){"--read-only", "--cwd=" CONTAINER_CWD, NULL});
	for (int i = 0; container_env[i]; i++)
		strvec_pushf(argv, "--env=%s", container_env[i]);
	if (run->limits.cpus > 0)
		strvec_pushf(argv, "--cpus=%g", run->limits.cpus);
	if (run->limits.memory_bytes > 0)
		strvec_pushf(argv, "--memory-limit=%.0f", run->limits.memory_bytes);
	if (run->netns) /* the shared namespace the probe and the client reach the server in */
		strvec_pushf(argv, "--with-ns=network:%s", run->netns);
	container_mounts(run, add_mount_flag, argv);
	strbuf_release(&cgroup);
}

/* ctr ... run [--detach] FLAGS --rootfs ROOT ID PROCESS... */
static int ctr_run_argv(struct container_run *run, int detach, struct strvec *argv)
{
	struct ctr_options o = CTR_OPTIONS_INIT;
	int ret = load_options(run, &o);

	if (!ret) {
		ctr_command(&o, argv);
		strvec_push(argv, "run");
		if (detach) {
			strvec_push(argv, "--detach");
			log_uri_flag(run, argv);
		}
		strvec_pushf(argv, "--runtime=%s", run->rt->handler);
		if (is_runc_v2(run))
			ret = runc_flags(run, &o, argv);
		container_flags(run, argv);
		strvec_pushv(argv, (const char *const *)o.run_flags.v);
		strvec_pushv(argv,
			     (const char *const[]){"--rootfs", run->host->rootfs, run->id, NULL});
		container_process(run, argv);
	}
	ctr_options_release(&o);
	return ret;
}

SCRIPT(containerd_lib);
SCRIPT(containerd_version);

/*
 * sh -c SCRIPT sh ADDRESS NAMESPACE RUNC_ROOT ARG [RUNTIME...], the script
 * being scripts/containerd_lib.sh (its function `remove`) and `body`.
 */
static int ctr_script(struct container_run *run, const char *body, const char *arg, double timeout,
		      struct exec_result *res)
{
	struct ctr_options o = CTR_OPTIONS_INIT;
	struct strvec argv = STRVEC_INIT;
	struct strbuf script = STRBUF_INIT, root = STRBUF_INIT;
	int ret = load_options(run, &o);

	if (!ret) {
		strbuf_addstr(&script, script_containerd_lib);
		strbuf_addstr(&script, body);
		oci_runtime_root(run, &root);
		strvec_pushv(&argv, (const char *const[]){"sh", "-c", script.buf, "sh", o.address,
							  o.ns, root.buf, arg, NULL});
		if (is_runc_v2(run))
			runc_command(run, &o, &argv);
		struct exec_request req = {.argv = strvec_argv(&argv), .timeout = timeout};
		ret = run->host->conn.ops->exec(&run->host->conn, &req, res);
	}
	ctr_options_release(&o);
	strvec_clear(&argv);
	strbuf_release(&script);
	strbuf_release(&root);
	return ret;
}

/* Remove the task and the container whatever state they are in, then the bundle. */
static void cleanup(struct container_run *run)
{
	struct exec_result res = EXEC_RESULT_INIT;
	struct strbuf body = STRBUF_INIT;

	strbuf_addstr(&body, "remove \"$arg\" \"$@\" && rm -rf ");
	sq_quote_buf(&body, run->bundle_dir);
	if (ctr_script(run, body.buf, run->id, 60, &res) < 0 || res.exit_status != 0)
		strbuf_addf(&run->cleanup_log, "cleanup failed (exit %d): %s\n", res.exit_status,
			    res.err.buf);
	run->cleanup_seconds = res.seconds;
	strbuf_release(&body);
	exec_result_release(&res);
}

static int run_ctr(struct container_run *run)
{
	struct strvec argv = STRVEC_INIT;
	int ret;

	container_deploy_t0(run, &argv);
	ret = ctr_run_argv(run, 0, &argv);
	if (!ret)
		ret = container_run_batch(run, &argv);
	cleanup(run);
	strvec_clear(&argv);
	return ret;
}

static int start_argv(struct container_run *run, struct strvec *argv)
{
	return ctr_run_argv(run, 1, argv);
}

/* Every container of this run under this runtime, found by its labels; then the namespace if empty.
 */
static void sweep(struct container_run *run)
{
	struct exec_result res = EXEC_RESULT_INIT;
	struct strbuf filter = STRBUF_INIT;

	strbuf_addf(&filter,
		    "labels.\"" SCRATCH_LABEL "\"==\"%s\",labels.\"" RUNTIME_LABEL "\"==\"%s\"",
		    run->host->scratch, run->rt->name);
	ctr_script(run,
		   "for id in $(c containers list -q \"$arg\"); do remove \"$id\" \"$@\"; done\n"
		   "c namespaces remove \"$n\" >/dev/null 2>&1; true\n",
		   filter.buf, 120, &res);
	strbuf_release(&filter);
	exec_result_release(&res);
}

/* scripts/containerd_version.sh and the runtime's version command. */
static void version_argv(const struct container_run *run, const struct ctr_options *o,
			 struct strvec *argv)
{
	const char *name = run->rt->handler + strlen("io.containerd."), *dot = strrchr(name, '.');

	strvec_pushv(argv, (const char *const[]){"sh", "-c", script_containerd_version, "sh",
						 o->address, NULL});
	if (is_runc_v2(run)) {
		strvec_push(argv, o->runc_binary ? o->runc_binary : "runc");
		strvec_push(argv, "--version");
	} else { /* the shim of io.containerd.NAME.vN */
		strvec_pushf(argv, "containerd-shim-%.*s-%s", (int)(dot - name), name, dot + 1);
		strvec_push(argv, "-v");
	}
}

static int version(struct container_run *run, struct strbuf *out)
{
	struct ctr_options o = CTR_OPTIONS_INIT;
	struct strvec argv = STRVEC_INIT;
	struct exec_result res = EXEC_RESULT_INIT;
	int ret = load_options(run, &o);

	if (!ret) {
		version_argv(run, &o, &argv);
		struct exec_request req = {.argv = strvec_argv(&argv), .timeout = 30};
		ret = run->host->conn.ops->exec(&run->host->conn, &req, &res);
	}
	if (!ret && res.exit_status == 0 && res.out.len) {
		strbuf_trim_trailing_newline(&res.out);
		strbuf_addstr(out, res.out.buf);
	} else {
		ret = -1;
	}
	ctr_options_release(&o);
	strvec_clear(&argv);
	exec_result_release(&res);
	return ret;
}

/*
 * The task's process (gVisor: its sandbox), then its parent: the shim,
 * which serves this container alone and lives in containerd's cgroup, not
 * the container's, so it is counted besides the container's cgroup.
 */
static int pids_command(struct container_run *run, struct strbuf *sh)
{
	struct ctr_options o = CTR_OPTIONS_INIT;
	struct strvec argv = STRVEC_INIT;
	const char *const id[] = {run->id, NULL};

	if (load_options(run, &o) < 0)
		return -1;
	ctr_command(&o, &argv);
	strvec_pushv(&argv, (const char *const[]){"tasks", "ls", NULL});
	strbuf_addstr(sh, "pid=$(");
	sq_quote_argv(sh, strvec_argv(&argv));
	strbuf_addstr(sh, " | awk -v id=");
	sq_quote_argv(sh, id);
	strbuf_addstr(sh, " '$1 == id {print $2}') && [ -n \"$pid\" ] && echo \"$pid\" && "
			  "ps -o ppid= -p \"$pid\" | tr -d ' '");
	ctr_options_release(&o);
	strvec_clear(&argv);
	return 0;
}

/* The daemon, and Kata's runtime behind the io.containerd.kata.v2 handler. */
static const char *const programs[] = {"containerd", "kata-runtime", NULL};

const struct driver_ops driver_containerd = {
	.name = "containerd",
	.summary = "containerd through ctr, with a runtime handler (io.containerd.runc.v2, ...)",
	.programs = programs,
	.default_handler = RUNC_V2,
	.validate = validate,
	.run = run_ctr,
	.start_argv = start_argv,
	.stop = cleanup,
	.sweep = sweep,
	.version = version,
	.pids_command = pids_command,
};
