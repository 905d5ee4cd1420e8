#ifndef CRBENCH_SPEC_H
#define CRBENCH_SPEC_H

#include "common/strvec.h"
#include "spec/params.h"

#include <stddef.h>

/*
 * An experiment file, loaded and validated (spec/load.c). Every problem is
 * reported as "file:line:col: message"; after a successful load every field
 * holds a checked value or its default, so later stages never re-validate.
 */

struct spec_pos {
	int line, col; /* 1-based; 0 when the value is a default */
};

struct spec_limits {
	double cpus;	     /* 0: no limit */
	double memory_bytes; /* 0: no limit */
};

/* Per-step overrides of `timeout`, in seconds; 0: `timeout` applies. */
struct spec_step_timeouts {
	double run;    /* a batch workload's container */
	double deploy; /* a server workload: start to ready */
	double setup;
	double client;
};

struct spec_host {
	char *name;
	char *transport; /* "local" | "ssh" */
	char *host_type; /* "bare-metal" | "nested-vm" */
	struct spec_pos pos;
	/*
	 * Where the ssh transport connects; each NULL/0 field comes from
	 * ssh_config for `ssh_alias` (default: the address, else the name),
	 * then from OpenSSH's defaults. Paths are absolute once loaded.
	 */
	char *address; /* host name or IP address */
	char *user;
	int port;	      /* 0: not set */
	char *ssh_alias;      /* the Host to look up in ssh_config */
	char *ssh_config;     /* NULL: ~/.ssh/config */
	char *known_hosts;    /* NULL: ssh_config's UserKnownHostsFile, else ~/.ssh/known_hosts */
	char *identity;	      /* a private key file, tried before ssh_config's */
	struct strvec labels; /* "key=value" or "word": inventory groups, free tags */
	/*
	 * The crbench that host-side steps which are crbench itself (http's
	 * load generator, WORKLOAD_CRBENCH) run there: an absolute path or a
	 * name looked up in PATH. NULL: this very binary on a local host,
	 * `crbench` from PATH on an ssh host (host_crbench.h).
	 */
	char *crbench;
};

/*
 * The keys of a host entry that say how to reach it over ssh, shared by the
 * loader and the writer: address, user, port, ssh_alias, ssh_config,
 * known_hosts, identity (NULL-terminated, in that order).
 */
extern const char *const spec_ssh_keys[];

struct spec_runtime {
	char *name;
	char *driver;	       /* a name from the driver table, e.g. "oci" */
	char *handler;	       /* e.g. "runc", "runsc"; the driver says what it means */
	struct strvec options; /* extra runtime flags, e.g. "--network=none" */
	const struct driver_ops *ops;
	struct spec_pos pos;
};

struct spec_application {
	char *name;
	char *workload; /* a name from the workload table */
	const struct workload_ops *ops;
	struct params params; /* validated, defaults filled in */
	struct spec_limits limits;
	double timeout; /* seconds for one step of a repetition */
	struct spec_step_timeouts timeouts;
	double idle; /* seconds the application idles before its idle memory is measured */
	struct spec_pos pos;
};

enum spec_metric {
	METRIC_DEPLOY_TIME = 1 << 0,
	METRIC_PERFORMANCE = 1 << 1,
	METRIC_IDLE_MEMORY = 1 << 2,
};

/*
 * A figure of the report (`figures:`): which metric, one panel per
 * application or per metric, and how it is drawn. The report only draws;
 * these choices are presentation, so they never change what is run.
 */
enum figure_grouping { GROUP_BY_APPLICATION, GROUP_BY_METRIC };
enum figure_scale { SCALE_LINEAR, SCALE_LOG };

/* The dimensions of the matrix an `exclude:` entry may name. */
enum spec_dimension { DIM_HOST, DIM_HOST_TYPE, DIM_RUNTIME, DIM_APPLICATION, DIM_N };
const char *spec_dimension_name(enum spec_dimension d);

/* A combination the matrix leaves out: every dimension given must match. */
struct spec_exclude {
	struct strvec values[DIM_N]; /* names; empty: any */
	struct spec_pos pos;
};

struct spec_figure {
	char *name;   /* file name of the figure under report/figures/ */
	char *metric; /* deploy_time, performance, idle_memory or a metric a workload declares */
	enum figure_grouping grouping;
	enum figure_scale scale;
	int normalize;		    /* divide by the baseline runtime's median, dashed line at 1 */
	int points;		    /* the raw values, jittered, over the boxes */
	char *size;		    /* as written: single, double, auto or WxH (inches) */
	double width_in, height_in; /* 0: auto (width by panel count, height by rows) */
	struct spec_pos pos;
};

#define FIGURE_SINGLE_IN 3.5  /* IEEE single column */
#define FIGURE_DOUBLE_IN 7.16 /* IEEE double column */

/*
 * "single", "double", "auto" (0 × 0) or "WxH" in inches (e.g. "5x2.5"):
 * the figure size, height 0 where it follows from the panels. Returns -1
 * for anything else or sizes outside 1–20 inches.
 */
int spec_figure_size(const char *text, double *width_in, double *height_in);

enum spec_order {
	ORDER_RANDOMIZED, /* every round a seeded permutation of the cells */
	ORDER_SEQUENTIAL, /* declaration order, all repetitions of a cell together */
};

struct experiment {
	char *file; /* path as given, used in messages */
	char *name;
	char *description;
	unsigned long seed;
	int repetitions;
	struct spec_host *hosts;
	size_t nr_hosts;
	struct spec_runtime *runtimes;
	size_t nr_runtimes;
	struct spec_application *apps;
	size_t nr_apps;
	unsigned metrics;		    /* enum spec_metric bits */
	char *baseline;			    /* a runtime name; default: the first runtime */
	struct spec_limits limits;	    /* default for every application */
	struct spec_step_timeouts timeouts; /* default for every application */
	double timeout;			    /* default step timeout, seconds */
	double idle;			    /* default idle period before idle memory, seconds */
	enum spec_order order;
	int warmup;	      /* unmeasured rounds before the measured ones */
	double pause;	      /* seconds between two repetitions on a host */
	int retries;	      /* further attempts of a failed repetition */
	double retry_backoff; /* seconds before the first retry; doubles each time */
	/* the report's figures; one per measured metric kind when the file has none */
	struct spec_figure *figures;
	size_t nr_figures;
	int figures_declared; /* written back to experiment.yaml only when the file had them */
	struct spec_exclude *excludes;
	size_t nr_excludes;
	struct spec_pos exclude_pos; /* of the `exclude:` key, for "no cell left" */
};

void spec_free(struct experiment *exp);
/*
 * No `figures:`: append one figure per metric kind in exp->metrics, named
 * after it, panels per application (also for a report without experiment).
 */
void spec_default_figures(struct experiment *exp);

void spec_free_hosts(struct spec_host *hosts, size_t nr);

const char *spec_metric_name(enum spec_metric m);
const char *spec_order_name(enum spec_order o);
/* The timeout of step `step` ("run", "deploy", "setup", "client") of `app`. */
double spec_step_timeout(const struct spec_application *app, const char *step);
const char *spec_grouping_name(enum figure_grouping g);
const char *spec_scale_name(enum figure_scale s);

#endif
