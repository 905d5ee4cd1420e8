#ifndef CRBENCH_SSH_SESSION_H
#define CRBENCH_SSH_SESSION_H

#include "common/strbuf.h"
#include "orchestrator/transport/ssh/io.h"
#include "orchestrator/transport/ssh/target.h"

struct ssh_proxy;

/*
 * One SSH session to one host, non-blocking, every wait bounded by a
 * deadline (io.h). Nothing here is shared between sessions, so each
 * host may be served by its own thread.
 */

/* Connect, check the host key, authenticate. On failure `why` says why. */
int ssh_conn_open(struct ssh_conn *c, const struct ssh_target *t, struct strbuf *why);
void ssh_conn_close(struct ssh_conn *c);
/* Open a TCP connection to host:port, non-blocking, before `deadline`. */
int ssh_tcp_connect(const char *host, int port, double deadline, struct strbuf *why);
/* libssh2_init() once for the process, safe from any thread. */
int ssh_library_init(void);

/*
 * ProxyJump (proxy.c): a socket that reaches t->host:t->port through
 * t->jump. The one recursion of the layering (docs/architecture.md): the
 * jump host is reached by a session of its own, so proxy.c uses this file
 * while session.c calls back into proxy.c through these two functions.
 */
int ssh_proxy_open(struct ssh_proxy **p, const struct ssh_target *t, double deadline,
		   struct strbuf *why);
void ssh_proxy_close(struct ssh_proxy *p);

#endif
