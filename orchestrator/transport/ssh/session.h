#ifndef CRBENCH_SSH_SESSION_H
#define CRBENCH_SSH_SESSION_H

#include "common/strbuf.h"
#include "common/strvec.h"

#include <libssh2.h>

struct spec_host;
struct ssh_proxy;

/*
 * One SSH session to one host, non-blocking, every wait bounded by a
 * deadline (ssh_wait). Nothing here is shared between sessions, so each
 * host may be served by its own thread.
 */

/* Where and how to connect: the inventory entry merged with ssh_config. */
struct ssh_target {
	char *name; /* the crbench host name, for messages */
	char *host; /* what to connect to */
	int port;
	char *user;
	struct strvec identities; /* private key files to try, in order */
	int identities_only;	  /* skip the agent */
	char *known_hosts;
	int accept_new;		 /* record unknown host keys */
	double connect_timeout;	 /* seconds */
	struct ssh_target *jump; /* ProxyJump hop, or NULL */
};

/* ssh_target_resolve() flag, beside TRANSPORT_*: ignore ProxyJump (resolving a hop). */
#define SSH_RESOLVE_NO_JUMP 0x8000u

/* Resolve `spec` (may be NULL: then `name` is an ssh_config alias). */
int ssh_target_resolve(struct ssh_target *t, const struct spec_host *spec, const char *name,
		       unsigned flags, struct strbuf *why);
void ssh_target_release(struct ssh_target *t);

struct ssh_conn {
	int sock; /* TCP socket, or our end of the socketpair to a jump host */
	LIBSSH2_SESSION *session;
	struct ssh_proxy *proxy; /* NULL without ProxyJump */
};

#define SSH_CONN_INIT                                                                              \
	{                                                                                          \
		-1, NULL, NULL                                                                     \
	}

/* ssh_conn_open() failures: worth retrying (network) or not (keys, auth). */
enum { SSH_TRANSIENT = -1, SSH_PERMANENT = -2 };

/* Connect, check the host key, authenticate. On failure `why` says why. */
int ssh_conn_open(struct ssh_conn *c, const struct ssh_target *t, struct strbuf *why);
void ssh_conn_close(struct ssh_conn *c);
/*
 * Wait until the session's socket is ready in the direction libssh2 is
 * blocked on, or `deadline` (mono_now() seconds) passes: 0 ready, -1 not.
 */
int ssh_wait(struct ssh_conn *c, double deadline);
/*
 * Idle until the socket is ready or `deadline` (a past deadline: half a
 * second), sending a keepalive when one is due unless `may_keepalive` is
 * 0 (a write is half done); at most 0.1 s when `interruptible`, since the
 * Ctrl-C flag may be set by another thread.
 */
void ssh_idle_wait(struct ssh_conn *c, double deadline, int may_keepalive, int interruptible);
/*
 * Whether data for the channel (either stream) waits in libssh2's queue:
 * reading one stream can pull in a packet of the other, which the socket
 * will not announce again.
 */
int ssh_channel_has_data(LIBSSH2_CHANNEL *ch);
/* libssh2's message for the last error of the session. */
const char *ssh_error(LIBSSH2_SESSION *s);
/* Open a TCP connection to host:port, non-blocking, before `deadline`. */
int ssh_tcp_connect(const char *host, int port, double deadline, struct strbuf *why);
/* libssh2_init() once for the process, safe from any thread. */
int ssh_library_init(void);

/* ProxyJump (ssh_proxy.c): a socket that reaches t->host:t->port through t->jump. */
int ssh_proxy_open(struct ssh_proxy **p, const struct ssh_target *t, double deadline,
		   struct strbuf *why);
void ssh_proxy_close(struct ssh_proxy *p);

#endif
