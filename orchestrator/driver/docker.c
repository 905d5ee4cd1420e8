/*
 * The docker driver: containers through Debian's docker client and a
 * daemon on the host; the handler names one of the daemon's runtimes
 * (`docker run --runtime=HANDLER`: runc, crun, runsc, ... as its
 * daemon.json configures them). No registry: the image is the oci driver's
 * skeleton root, imported once per host and tagged by its content, with the
 * host's /usr and /etc bind-mounted read-only. Deploy time is measured as
 * the oci driver does (driver/container.h). Options: `--host=unix:///PATH`
 * picks the daemon (given to the client as DOCKER_HOST); every other flag
 * goes to `docker run`.
 */
#include "common/error.h"
#include "common/quote.h"
#include "common/script.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/driver/container.h"
#include "orchestrator/driver/driver.h"
#include "spec/spec.h"

#include <string.h>

/*
 * Debian's client: another one may come first in PATH (/usr/local/bin/docker).
 * Host facts report its version too, through the ops' programs.
 */
#define DOCKER "/usr/bin/docker"

/* The runtime option that picks the daemon, and the only kind of address it takes. */
#define HOST_OPTION   "--host="
#define SOCKET_SCHEME "unix://"
/* Labels that let sweep() find exactly one run's containers under one runtime. */
#define LABEL_SCRATCH "crbench.scratch"
#define LABEL_RUNTIME "crbench.runtime"
/* A server's network holder is named after it: ID-net. */
#define HOLDER_SUFFIX "-net"
/* In the bundle directory: the container's full id, written by `docker run`. */
#define CID_FILE "cid"

/* Flags the driver sets itself: a second value would break the run or its clean-up. */
static const char *const owned_flags[] = {
	"--name",  "--runtime", "--network", "--net",	      "--detach", "--rm",
	"--label", "--cidfile", "--tty",     "--interactive", "--pull",	  NULL,
};

static int handler_problem(const char *handler)
{
	if (!*handler || *handler == '-')
		return 1;
	return handler[strspn(handler, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789._-")] != '\0';
}

static int is_host_option(const char *opt)
{
	return !strncmp(opt, HOST_OPTION, strlen(HOST_OPTION));
}

static int option_problem(const char *opt, int *hosts, struct strbuf *why)
{
	size_t flag_len = strcspn(opt, "=");

	if (is_host_option(opt)) {
		const char *addr = opt + strlen(HOST_OPTION);
		if (strncmp(addr, SOCKET_SCHEME "/", strlen(SOCKET_SCHEME) + 1) ||
		    strchr(addr, '\n'))
			strbuf_addf(why,
				    "option \"%s\": the daemon's address must be " SOCKET_SCHEME
				    "/ABSOLUTE/PATH",
				    opt);
		else if (++*hosts > 1)
			strbuf_addf(why, "option \"%s\": only one " HOST_OPTION "... is allowed",
				    opt);
		return why->len > 0;
	}
	if (!strncmp(opt, "-H", 2)) {
		strbuf_addf(
			why,
			"option \"%s\": the daemon's address is written " HOST_OPTION SOCKET_SCHEME
			"/PATH",
			opt);
		return 1;
	}
	if (strncmp(opt, "--", 2) || flag_len < 3) {
		strbuf_addf(why,
			    "option \"%s\": write a `docker run` flag in its long form, "
			    "--flag or --flag=value",
			    opt);
		return 1;
	}
	for (int i = 0; owned_flags[i]; i++)
		if (strlen(owned_flags[i]) == flag_len && !strncmp(opt, owned_flags[i], flag_len)) {
			strbuf_addf(why, "option \"%s\": the docker driver sets %s itself", opt,
				    owned_flags[i]);
			return 1;
		}
	return 0;
}

static int validate(const struct spec_runtime *rt, struct strbuf *why)
{
	int hosts = 0;

	if (handler_problem(rt->handler)) {
		strbuf_addf(why,
			    "handler \"%s\" is not a docker runtime name (letters, digits, "
			    "'.', '_' and '-')",
			    rt->handler);
		return -1;
	}
	for (size_t i = 0; i < rt->options.nr; i++)
		if (option_problem(rt->options.v[i], &hosts, why))
			return -1;
	return 0;
}

/* `env DOCKER_HOST=...` when the runtime names a daemon; the client's default otherwise. */
static void env_prefix(const struct spec_runtime *rt, struct strvec *argv)
{
	for (size_t i = 0; i < rt->options.nr; i++)
		if (is_host_option(rt->options.v[i])) {
			strvec_push(argv, "env");
			strvec_pushf(argv, "DOCKER_HOST=%s",
				     rt->options.v[i] + strlen(HOST_OPTION));
		}
}

SCRIPT(docker_lib);
SCRIPT(docker_remove);
SCRIPT(docker_sweep);
SCRIPT(docker_import);
SCRIPT(docker_holder);
SCRIPT(docker_version);

/* What every script of the driver starts with (scripts/docker_lib.sh). */
static void docker_prelude(struct strbuf *sh)
{
	strbuf_addstr(sh, "docker() { ");
	sq_quote_buf(sh, DOCKER);
	strbuf_addstr(sh, " \"$@\"; }\n");
	sq_quote_assign(sh, "CID_FILE", CID_FILE);
	sq_quote_assign(sh, "HOLDER_SUFFIX", HOLDER_SUFFIX);
	sq_quote_assign(sh, "LABEL_SCRATCH", LABEL_SCRATCH);
	sq_quote_assign(sh, "LABEL_RUNTIME", LABEL_RUNTIME);
	sq_quote_assign(sh, "SERVER_STDOUT", SERVER_STDOUT_FILE);
	sq_quote_assign(sh, "SERVER_STDERR", SERVER_STDERR_FILE);
	sq_quote_assign(sh, "SERVER_LINK", SERVER_LINK);
	sq_quote_assign(sh, "SERVER_ADDRESS", SERVER_ADDRESS);
	strbuf_addstr(sh, script_docker_lib);
}

/* Run `sh -c SCRIPT sh ARGS...` on the host, talking to this runtime's daemon. */
static int docker_sh(const struct container_run *run, const char *script, const char *const *args,
		     double timeout, struct exec_result *res)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sh = STRBUF_INIT;
	struct exec_request req = {.timeout = timeout};
	int ret;

	docker_prelude(&sh);
	strbuf_addstr(&sh, script);
	env_prefix(run->rt, &argv);
	strvec_pushv(&argv, (const char *const[]){"sh", "-c", sh.buf, "sh", NULL});
	strvec_pushv(&argv, args);
	req.argv = strvec_argv(&argv);
	ret = run->host->conn.ops->exec(&run->host->conn, &req, res);
	strvec_clear(&argv);
	strbuf_release(&sh);
	return ret;
}

/* scripts/docker_remove.sh: the container, its holder and namespace mount, the bundle. */
static void docker_remove(struct container_run *run)
{
	struct exec_result res = EXEC_RESULT_INIT;
	const char *args[] = {run->id, run->bundle_dir, run->netns ? run->netns : "",
			      run->server ? run->out_dir : "", NULL};

	if (docker_sh(run, script_docker_remove, args, 60, &res) < 0 || res.exit_status != 0)
		strbuf_addf(&run->cleanup_log, "cleanup failed (exit %d): %s\n", res.exit_status,
			    res.err.buf);
	run->cleanup_seconds = res.seconds;
	exec_result_release(&res);
}

/* scripts/docker_sweep.sh: what a killed run left under this runtime. */
static void docker_sweep(struct container_run *run)
{
	struct exec_result res = EXEC_RESULT_INIT;
	const char *args[] = {run->host->scratch, run->rt->name,
			      run->host->netns ? run->host->netns : "", NULL};

	docker_sh(run, script_docker_sweep, args, 120, &res);
	exec_result_release(&res);
}

/* The tag of the skeleton root's image, imported once per host (scripts/docker_import.sh). */
static int image(const struct container_run *run, struct strbuf *tag)
{
	struct exec_result res = EXEC_RESULT_INIT;
	int ret = 0;

	if (docker_sh(run, script_docker_import, (const char *const[]){run->host->rootfs, NULL},
		      300, &res) < 0 ||
	    res.exit_status != 0 || !res.out.len) {
		strbuf_trim_trailing_newline(&res.err);
		ret = error("host %s: runtime %s: step image: cannot import the skeleton root "
			    "(exit %d): %s",
			    run->host->spec->name, run->rt->name, res.exit_status, res.err.buf);
	} else {
		strbuf_trim_trailing_newline(&res.out);
		strbuf_addbuf(tag, &res.out);
	}
	exec_result_release(&res);
	return ret;
}

struct mount_flags {
	struct strvec *argv;
	int failed;
};

/* Whether the comma-separated mount(8) options hold `word`. */
static int has_option(const char *options, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = options; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, word, n) && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/* The containers' mounts (driver/container.h) as docker flags. */
static void add_mount_flag(void *ctx, const struct container_mount *m)
{
	struct mount_flags *f = ctx;

	if (!strcmp(m->type, "tmpfs")) { /* docker's tmpfs is noexec unless told */
		strvec_pushf(f->argv, "--tmpfs=%s:exec,%s", m->dst, m->options);
		return;
	}
	/* --mount is a comma-separated list; -v would silently create a missing source */
	if (strpbrk(m->src, ",\"") || strpbrk(m->dst, ",\"")) {
		f->failed =
			error("cannot bind-mount %s with docker: its path has a comma or a quote",
			      m->src);
		return;
	}
	strvec_push(f->argv, "--mount");
	strvec_pushf(f->argv, "type=bind,source=%s,destination=%s%s", m->src, m->dst,
		     has_option(m->options, "ro") ? ",readonly" : "");
}

/* The labels that let sweep() find a run's containers, and the runtime. */
static void identity_args(const struct container_run *run, const char *handler, struct strvec *argv)
{
	strvec_pushf(argv, "--label=" LABEL_SCRATCH "=%s", run->host->scratch);
	strvec_pushf(argv, "--label=" LABEL_RUNTIME "=%s", run->rt->name);
	strvec_pushf(argv, "--runtime=%s", handler);
}

/* The container's mounts, a read-only root with a tmpfs /tmp where programs may run. */
static int root_args(const struct container_run *run, struct strvec *argv)
{
	struct mount_flags mounts = {argv, 0};

	strvec_pushv(argv, (const char *const[]){"--pull=never", "--read-only",
						 "--workdir=" CONTAINER_CWD, NULL});
	container_mounts(run, add_mount_flag, &mounts);
	return mounts.failed;
}

/*
 * `docker run` up to the image: the container's own empty network
 * namespace, or a server's holder's (start_argv), the root, the limits.
 */
static int run_args(const struct container_run *run, const char *tag, int detach,
		    struct strvec *argv)
{
	strvec_pushv(argv, (const char *const[]){DOCKER, "run", "--name", run->id, NULL});
	if (detach)
		strvec_push(argv, "--detach");
	strvec_pushf(argv, "--cidfile=%s/" CID_FILE, run->bundle_dir);
	identity_args(run, run->rt->handler, argv);
	if (run->netns)
		strvec_pushf(argv, "--network=container:%s" HOLDER_SUFFIX, run->id);
	else
		strvec_push(argv, "--network=none");
	if (root_args(run, argv) < 0)
		return -1;
	if (run->limits.cpus > 0)
		strvec_pushf(argv, "--cpus=%g", run->limits.cpus);
	if (run->limits.memory_bytes > 0)
		strvec_pushf(argv, "--memory=%lld", (long long)run->limits.memory_bytes);
	for (size_t i = 0; i < run->rt->options.nr; i++)
		if (!is_host_option(run->rt->options.v[i]))
			strvec_push(argv, run->rt->options.v[i]);
	strvec_push(argv, tag);
	return 0;
}

static int run_docker(struct container_run *run)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf tag = STRBUF_INIT;
	int ret = image(run, &tag);

	env_prefix(run->rt, &argv);
	container_deploy_t0(run, &argv);
	if (!ret)
		ret = run_args(run, tag.buf, 0, &argv);
	if (!ret) {
		container_process(run, &argv);
		/* the client passes SIGTERM on to the workload; `rm --force` follows */
		ret = container_run_batch(run, &argv);
	}
	docker_remove(run);
	strvec_clear(&argv);
	strbuf_release(&tag);
	return ret;
}

/*
 * A server's network holder (scripts/docker_holder.sh), before the deploy
 * time starts: the runtime finds the link in place as it creates the
 * container, and gVisor's netstack takes it over as under the other
 * drivers. stop() removes the holder and the mount; the pair ends with the
 * holder (the engine makes a new one before the next server).
 */
static int start_holder(struct container_run *run, const char *tag)
{
	struct strvec args = STRVEC_INIT;
	struct exec_result res = EXEC_RESULT_INIT;
	int ret = -1;

	strvec_pushv(&args, (const char *const[]){run->netns, NULL});
	strvec_pushf(&args, "%s" HOLDER_SUFFIX, run->id);
	strvec_pushv(&args, (const char *const[]){DOCKER, "run", "--detach", "--name", NULL});
	strvec_pushf(&args, "%s" HOLDER_SUFFIX, run->id);
	identity_args(run, "runc", &args);
	strvec_push(&args, "--network=none");
	if (root_args(run, &args) == 0) {
		strvec_pushv(&args, (const char *const[]){tag, "sleep", "infinity", NULL});
		if (docker_sh(run, script_docker_holder, strvec_argv(&args), 60, &res) == 0 &&
		    res.exit_status == 0)
			ret = 0;
		else
			ret = error("host %s: runtime %s: step network: cannot start the "
				    "server's network holder (exit %d): %s",
				    run->host->spec->name, run->rt->name, res.exit_status,
				    res.err.buf);
	}
	strvec_clear(&args);
	exec_result_release(&res);
	return ret;
}

/* `docker run --detach ...`, failing when the container ended at once (run_detached). */
static int start_argv(struct container_run *run, struct strvec *argv)
{
	struct strbuf tag = STRBUF_INIT, sh = STRBUF_INIT;
	int ret = image(run, &tag);

	if (!ret && run->netns)
		ret = start_holder(run, tag.buf);
	env_prefix(run->rt, argv);
	docker_prelude(&sh);
	strbuf_addstr(&sh, "run_detached \"$@\" >/dev/null\n");
	strvec_pushv(argv, (const char *const[]){"sh", "-c", sh.buf, "sh", run->id, NULL});
	if (!ret)
		ret = run_args(run, tag.buf, 1, argv);
	strvec_pushv(argv, run->argv);
	strbuf_release(&tag);
	strbuf_release(&sh);
	return ret;
}

/* The daemon's, the client's and the handler's versions (scripts/docker_version.sh). */
static int version(struct container_run *run, struct strbuf *out)
{
	struct exec_result res = EXEC_RESULT_INIT;
	int ret = -1;

	if (docker_sh(run, script_docker_version, (const char *const[]){run->rt->handler, NULL}, 30,
		      &res) == 0 &&
	    res.exit_status == 0 && res.out.len) {
		strbuf_trim_trailing_newline(&res.out);
		strbuf_addstr(out, res.out.buf);
		ret = 0;
	}
	exec_result_release(&res);
	return ret;
}

/*
 * The container's first process (gVisor: its sandbox), then its parent:
 * containerd's shim, which serves this container alone and lives outside
 * the container's cgroup. dockerd and containerd serve every container
 * and are not counted.
 */
static int pids_command(struct container_run *run, struct strbuf *sh)
{
	struct strvec argv = STRVEC_INIT;

	env_prefix(run->rt, &argv);
	strvec_pushv(&argv, (const char *const[]){DOCKER, "inspect", "--format", "{{.State.Pid}}",
						  run->id, NULL});
	strbuf_addstr(sh, "pid=$(");
	sq_quote_argv(sh, strvec_argv(&argv));
	strbuf_addstr(sh, ") && [ \"$pid\" -gt 0 ] && echo \"$pid\" && "
			  "ps -o ppid= -p \"$pid\" | tr -d ' '");
	strvec_clear(&argv);
	return 0;
}

/* The client this driver runs, whichever docker comes first in PATH. */
static const char *const programs[] = {DOCKER, NULL};

const struct driver_ops driver_docker = {
	.name = "docker",
	.summary = "a docker daemon's runtimes (runc, crun, runsc, ...) through the docker CLI",
	.programs = programs,
	.validate = validate,
	.run = run_docker,
	.start_argv = start_argv,
	.stop = docker_remove,
	.sweep = docker_sweep,
	.version = version,
	.pids_command = pids_command,
};
