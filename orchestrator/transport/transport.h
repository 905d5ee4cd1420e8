#ifndef CRBENCH_TRANSPORT_H
#define CRBENCH_TRANSPORT_H

#include "common/strbuf.h"
#include "common/strvec.h"

#include <stddef.h>

/*
 * How commands reach a host: one file per transport under
 * orchestrator/transport/, one line in transport/table.c. Every call has a
 * deadline; a command runs in its own process group, and on timeout the
 * whole group gets SIGTERM, then SIGKILL after a grace period.
 */
struct exec_request {
	const char *const
		*argv; /* program and arguments; quoted by the transport if a shell is involved */
	const char *stdin_data; /* NULL: empty stdin */
	size_t stdin_len;
	double timeout;	   /* seconds; must be > 0 */
	int interruptible; /* stop it like a timeout when interrupt_requested is set */
	double grace;	   /* seconds from SIGTERM to SIGKILL; 0: the default 5 s */
};

struct exec_result {
	int exit_status; /* 0..255, or -1 when killed by a signal */
	int exit_signal; /* signal number, or 0 */
	int timed_out;
	int interrupted; /* stopped because of Ctrl-C / SIGTERM */
	double seconds;	 /* wall time of the command, measured by the transport */
	struct strbuf out;
	struct strbuf err;
};

#define EXEC_RESULT_INIT                                                                           \
	{                                                                                          \
		.out = STRBUF_INIT, .err = STRBUF_INIT                                             \
	}
void exec_result_release(struct exec_result *r);

struct spec_host;

/* host_conn.flags */
#define TRANSPORT_ACCEPT_NEW_HOST_KEYS                                                             \
	0x1 /* ssh: record an unknown host key instead of refusing                                 \
	     */

struct host_conn {
	const struct transport_ops *ops;
	const char *name; /* host name, for messages */
	void *priv;	  /* the transport's own state */
	/*
	 * The inventory entry (address, user, keys, ...); NULL: `name` is
	 * all there is, and the ssh transport looks it up in ~/.ssh/config
	 * as `ssh NAME` would.
	 */
	const struct spec_host *spec;
	unsigned flags;
};

struct transport_ops {
	const char *name;
	const char *summary; /* one line for `crbench help transports` */
	int (*connect)(struct host_conn *h);
	/*
	 * Run a command. Returns 0 when the command ran (whatever its exit
	 * status), -1 when it could not be started or the host is unreachable.
	 */
	int (*exec)(struct host_conn *h, const struct exec_request *req, struct exec_result *res);
	int (*put_file)(struct host_conn *h, const char *path, const void *data, size_t len,
			int mode);
	int (*get_file)(struct host_conn *h, const char *path, struct strbuf *out);
	/*
	 * Optional (NULL: done with a shell command through exec): make `path`
	 * an empty directory, parents included; list the names of the regular
	 * files directly in `dir`.
	 */
	int (*empty_dir)(struct host_conn *h, const char *path);
	int (*list_files)(struct host_conn *h, const char *dir, struct strvec *names);
	void (*disconnect)(struct host_conn *h);
};

/*
 * When a running command is stopped, shared by the transports: SIGTERM to
 * its group at the deadline (or at once on Ctrl-C when the request allows
 * it), SIGKILL when the grace period is over.
 */
struct stop_schedule {
	double deadline;
	double grace;
	int signalled; /* the last signal due: 0, SIGTERM or SIGKILL */
};

void stop_schedule_init(struct stop_schedule *s, const struct exec_request *req, double start);
/*
 * The signal due now for the command's group (0: none), at most once
 * each; sets res->timed_out or res->interrupted.
 */
int stop_schedule_due(struct stop_schedule *s, const struct exec_request *req,
		      struct exec_result *res, double now);
/* The command outlived SIGKILL by `wait` seconds: it is given up. */
int stop_schedule_given_up(const struct stop_schedule *s, double now, double wait);

const struct transport_ops *transport_find(const char *name);
extern const struct transport_ops *const transport_table[];

/* Convenience: run `sh -c SCRIPT` through the transport. */
int transport_sh(struct host_conn *h, const char *script, double timeout, struct exec_result *res);
/* The optional operations, with their shell fallbacks; errors name the host. */
int transport_empty_dir(struct host_conn *h, const char *path);
int transport_list_files(struct host_conn *h, const char *dir, struct strvec *names);

#endif
