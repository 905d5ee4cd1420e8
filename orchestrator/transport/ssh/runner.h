#ifndef CRBENCH_SSH_RUNNER_H
#define CRBENCH_SSH_RUNNER_H

#include "orchestrator/transport/ssh/session.h"

#include <stdint.h>

struct exec_request;
struct exec_result;

/*
 * The client side of crbench-runner (runner/runner.c): one channel of the
 * session stays open to a runner on the host, and every command is a few
 * frames on it instead of a channel, a session process and a login shell
 * of its own.
 */
struct ssh_runner {
	LIBSSH2_CHANNEL *ch; /* NULL while no runner is open */
	struct strbuf in;    /* bytes from the runner, not yet a whole frame */
	struct strbuf out;   /* frames for the runner, not yet sent */
	size_t pending;	     /* a write of this many bytes must be repeated (libssh2's rule) */
	struct strbuf diag;  /* what the runner wrote on its stderr */
	uint32_t last_id;
};

#define SSH_RUNNER_INIT                                                                            \
	{                                                                                          \
		.in = STRBUF_INIT, .out = STRBUF_INIT, .diag = STRBUF_INIT                         \
	}

/* The runner program carried inside crbench (runner/blob.S). */
const void *ssh_runner_binary(size_t *len);

/* Start the runner at `path` on the host and wait for its greeting. */
int ssh_runner_open(struct ssh_conn *c, struct ssh_runner *r, const char *path, double deadline,
		    struct strbuf *why);

/* ssh_runner_exec() results besides 0 (the command ran) */
enum {
	RUNNER_LOST = -1,     /* the session is gone (socket error) */
	RUNNER_BROKEN = -2,   /* the runner ended or spoke nonsense; the session may be fine */
	RUNNER_NOT_SENT = -3, /* as RUNNER_LOST, but the command had not been sent */
};

/*
 * Run one command through the runner, with the transports' deadline and
 * stop schedule (signals go to the command's group by its id). On
 * failure `why` says what happened; the runner kills every command it
 * runs when its connection goes.
 */
int ssh_runner_exec(struct ssh_conn *c, struct ssh_runner *r, const struct exec_request *req,
		    struct exec_result *res, struct strbuf *why);

/* Forget the runner (its channel goes with the session). */
void ssh_runner_forget(struct ssh_runner *r);
void ssh_runner_release(struct ssh_runner *r);

#endif
