#ifndef CRBENCH_WORKLOAD_H
#define CRBENCH_WORKLOAD_H

#include "spec/params.h"

struct strbuf;
struct strvec;

/*
 * A server listens on every address of its network namespace (0.0.0.0);
 * the readiness probe and the clients, in a namespace of their own on the
 * same host, reach it at SERVER_ADDRESS (see host_state in engine.h).
 */
#define SERVER_ADDRESS "198.19.255.1"
#define CLIENT_ADDRESS "198.19.255.2"

/* A server workload's own output, kept in its output directory (see server.c). */
#define SERVER_STDOUT_FILE "server.stdout"
#define SERVER_STDERR_FILE "server.stderr"

/* One measured value a workload extracted from its output. */
struct metric_value {
	char *name; /* e.g. "cpu_bogo_ops_per_s" */
	double value;
	const char *unit;   /* e.g. "bogo-ops/s" */
	const char *better; /* "higher" | "lower" */
};

struct metric_list {
	struct metric_value *v;
	size_t nr, alloc;
};

void metric_list_add(struct metric_list *l, const char *name, double value, const char *unit,
		     const char *better);
void metric_list_free(struct metric_list *l);
/* Set the value of a declared metric; -1 if it was not declared. */
int metric_list_set(struct metric_list *l, const char *name, double value);

/*
 * A metric a workload declares, and where the tool's output holds it (a
 * CSV column, a JSON path; NULL: the parser knows). In `name`, "{PARAM}"
 * stands for the value of parameter PARAM, one metric per item of a list
 * parameter ("{stressor}_bogo_ops_per_s"); a `unit` or `better` that is
 * "{PARAM}" is that parameter's value (command's user-declared metric).
 */
struct output_metric {
	const char *name, *source, *unit, *better;
	const char *help; /* what it measures, for `crbench help` */
};

/* A parameter value `run --quick` uses when it is smaller than the experiment's. */
struct param_override {
	const char *name, *text;
};

/*
 * An application kind (after stress-ng's stressor_info_t): one file per
 * workload under orchestrator/workload/, one line in workload/table.c.
 */
struct workload_ops {
	const char *name;
	const char *summary;		    /* one line for `crbench help workloads` */
	const struct param_decl *params;    /* terminated by an entry with name NULL */
	const struct param_override *quick; /* for `run --quick`; terminated by name NULL */
	/*
	 * Optional: what the parameters' types cannot say (http's operation
	 * lines), checked by the spec loader once every parameter is valid;
	 * -1 with the reason in `why` and the parameter at fault in `*param`.
	 */
	int (*check_params)(const struct params *p, const char **param, struct strbuf *why);
	/*
	 * The programs it runs on a host or in a container of the host's
	 * root filesystem, as driver_ops.programs; NULL: none of its own.
	 */
	const char *const *programs;
	/* Shell command printing the tool's version on the host, for host facts. */
	const char *version_command;
	/*
	 * The metrics a repetition yields, declared once here (`crbench help`
	 * lists them); terminated by an entry with name NULL.
	 */
	const struct output_metric *metrics;
	/*
	 * Optional: whether a repetition with `p` yields metric `name` (fio's
	 * read and write figures follow its pattern); NULL: every one does.
	 */
	int (*yields)(const struct params *p, const char *name);
	/* Expected seconds of one repetition, for `crbench plan`'s estimate. */
	double (*estimate)(const struct params *p);
	/*
	 * The process to run inside the container; it writes any result file
	 * into `outdir` (a directory inside the container). For a server
	 * workload (client_argv set) this is the server, which runs until the
	 * engine stops the container.
	 */
	void (*container_argv)(const struct params *p, const char *outdir, struct strvec *argv);
	/*
	 * Server workloads only (NULL for batch tools): all three run on the
	 * target host, outside the container, in the clients' network
	 * namespace; the server listens on 0.0.0.0 and is SERVER_ADDRESS to
	 * them. The probe runs in the server's output directory on the host.
	 * ready_argv: exits 0 once the server answers (redis PING, PostgreSQL
	 *   accepting connections, iperf3 listening); polled every 5 ms, its
	 *   first success ends the deploy time. A probe written as
	 *   `bash -c SCRIPT NAME ARGS...` runs as a function of the polling
	 *   bash, so a try starts no process: SCRIPT must not `exit` or change
	 *   the shell's state (use `{ ...; } 3<>FILE` rather than `exec 3<>`).
	 * setup_argv: optional, run once after ready (e.g. `pgbench -i`).
	 * client_argv: the measuring client; its stdout is what parse() reads.
	 * The server's own stdout and stderr are kept in its output directory
	 * (SERVER_STDOUT_FILE, SERVER_STDERR_FILE) for parse() and for people.
	 */
	void (*ready_argv)(const struct params *p, struct strvec *argv);
	void (*setup_argv)(const struct params *p, struct strvec *argv);
	void (*client_argv)(const struct params *p, struct strvec *argv);
	/*
	 * The host-side step that is crbench itself, its argv[0]
	 * WORKLOAD_CRBENCH ("ready", "setup" or "client": http's load
	 * generator); NULL: none. The engine then needs crbench on the host:
	 * it checks before the first repetition that it runs there, records
	 * its version in the host facts and runs it in that step
	 * (host/crbench.h).
	 */
	const char *crbench_step;
	/*
	 * Read the repetition's outputs (stdout in `stdout_text`, result files
	 * in the local directory `rep_dir`) and set the values of the declared
	 * metrics in `out`. On malformed output return -1 with the reason in
	 * `why`.
	 */
	int (*parse)(const struct params *p, const char *rep_dir, const char *stdout_text,
		     struct metric_list *out, struct strbuf *why);
};

const struct workload_ops *workload_find(const char *name);
/*
 * The metrics a repetition of `w` with `p` yields, values unset: a failed
 * repetition still gets a row per metric, so nothing silently vanishes.
 */
void workload_declare_metrics(const struct workload_ops *w, const struct params *p,
			      struct metric_list *out);
/* A builtin readiness probe (see ready_argv): `bash -c SCRIPT crbench-ready PORT`. */
void workload_bash_probe(const char *script, const struct params *p, struct strvec *argv);
/*
 * argv[0] of the host-side command that is crbench itself (crbench_step):
 * the engine runs the host's `crbench:`, else its own binary on a local
 * host and `crbench` from PATH on an SSH host (host/crbench.h).
 */
#define WORKLOAD_CRBENCH "crbench"

/* NULL-terminated list of every registered workload. */
extern const struct workload_ops *const workload_table[];

#endif
