#ifndef CRBENCH_SSH_IO_H
#define CRBENCH_SSH_IO_H

#include <libssh2.h>

struct ssh_proxy;

/*
 * A connection's socket and libssh2 session, and the waits on them that
 * everything above (authentication, sessions, commands) shares: the
 * session is non-blocking, and no wait is without a deadline.
 */
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

/* Wait until `fd` is ready for `events` (poll's) or `deadline` passes: 0 ready, -1 not. */
int ssh_wait_fd(int fd, short events, double deadline);
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

#endif
