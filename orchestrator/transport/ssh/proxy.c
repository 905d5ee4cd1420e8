/*
 * ProxyJump, one hop: a session to the jump host opens a direct-tcpip
 * channel to the target, and a thread pumps bytes between that channel and
 * one end of a socketpair. The target's session runs over the other end as
 * if it were a TCP socket (libssh2 needs a socket). The thread owns the
 * jump session alone, so nothing is shared but the socketpair.
 */
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "orchestrator/transport/ssh/session.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PUMP_BUF 32768

struct ssh_proxy {
	struct ssh_conn jump;
	LIBSSH2_CHANNEL *ch;
	int fd;	     /* the pump's end of the socketpair */
	int stop[2]; /* a byte on stop[1] ends the pump */
	pthread_t thread;
	int started;
};

struct pipe_buf {
	char data[PUMP_BUF];
	size_t len, off;
};

/* Move what can move without waiting; returns -1 when either side is finished. */
static int pump_once(struct ssh_proxy *p, struct pipe_buf *up, struct pipe_buf *down, int *moved)
{
	ssize_t n;

	if (!up->len) {
		n = read(p->fd, up->data, sizeof(up->data));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return -1; /* the target session is gone */
		up->len = n > 0 ? (size_t)n : 0, up->off = 0;
	}
	if (up->len) {
		n = libssh2_channel_write(p->ch, up->data + up->off, up->len - up->off);
		if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
			return -1;
		if (n > 0 && (up->off += (size_t)n) == up->len)
			up->len = 0;
		*moved |= n > 0;
	}
	if (!down->len) {
		n = libssh2_channel_read(p->ch, down->data, sizeof(down->data));
		if ((n == 0 && libssh2_channel_eof(p->ch)) || (n < 0 && n != LIBSSH2_ERROR_EAGAIN))
			return -1;
		down->len = n > 0 ? (size_t)n : 0, down->off = 0;
	}
	if (down->len) {
		n = write(p->fd, down->data + down->off, down->len - down->off);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (n > 0 && (down->off += (size_t)n) == down->len)
			down->len = 0;
		*moved |= n > 0;
	}
	return 0;
}

static void *pump(void *arg)
{
	struct ssh_proxy *p = arg;
	struct pipe_buf *up = xmalloc(sizeof(*up)), *down = xmalloc(sizeof(*down));
	int next;

	up->len = down->len = 0;
	for (;;) {
		int moved = 0, dir;
		struct pollfd pfd[3] = {
			{p->fd, 0, 0}, {p->jump.sock, POLLIN, 0}, {p->stop[0], POLLIN, 0}};
		if (pump_once(p, up, down, &moved) < 0)
			break;
		if (moved)
			continue;
		pfd[0].events = (short)((up->len ? 0 : POLLIN) | (down->len ? POLLOUT : 0));
		dir = libssh2_session_block_directions(p->jump.session);
		if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND)
			pfd[1].events |= POLLOUT;
		if (poll(pfd, 3, 1000) < 0 && errno != EINTR)
			break;
		if (pfd[2].revents)
			break;
		libssh2_keepalive_send(p->jump.session, &next);
	}
	/* the target session sees EOF */
	shutdown(p->fd, SHUT_RDWR);
	free(up);
	free(down);
	return NULL;
}

static LIBSSH2_CHANNEL *open_tunnel(struct ssh_proxy *p, const struct ssh_target *t,
				    double deadline, struct strbuf *why)
{
	LIBSSH2_CHANNEL *ch;

	while (!(ch = libssh2_channel_direct_tcpip_ex(p->jump.session, t->host, t->port,
						      "127.0.0.1", 0)))
		if (libssh2_session_last_errno(p->jump.session) != LIBSSH2_ERROR_EAGAIN ||
		    ssh_wait(&p->jump, deadline) < 0)
			break;
	if (!ch)
		strbuf_addf(why, "jump host %s cannot reach %s port %d: %s", t->jump->host, t->host,
			    t->port, ssh_error(p->jump.session));
	return ch;
}

int ssh_proxy_open(struct ssh_proxy **out, const struct ssh_target *t, double deadline,
		   struct strbuf *why)
{
	struct ssh_proxy *p = xcalloc(1, sizeof(*p));
	int sv[2] = {-1, -1};

	p->fd = p->stop[0] = p->stop[1] = -1;
	*out = p;
	if (ssh_conn_open(&p->jump, t->jump, why) < 0) {
		strbuf_addf(why, " (jump host %s)", t->jump->name);
		return -1;
	}
	p->ch = open_tunnel(p, t, deadline, why);
	if (!p->ch)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(p->stop, O_CLOEXEC) < 0) {
		strbuf_addf(why, "socketpair: %s", strerror(errno));
		return -1;
	}
	p->fd = sv[1];
	fcntl(p->fd, F_SETFL, O_NONBLOCK);
	if (pthread_create(&p->thread, NULL, pump, p)) {
		strbuf_addstr(why, "cannot start the ProxyJump thread");
		close(sv[0]);
		return -1;
	}
	p->started = 1;
	return sv[0];
}

void ssh_proxy_close(struct ssh_proxy *p)
{
	if (!p)
		return;
	if (p->started) {
		if (write(p->stop[1], "x", 1) < 0) {
			/* the pipe is ours and empty: cannot fail; the pump stops on EOF anyway */
		}
		pthread_join(p->thread, NULL);
	}
	if (p->ch)
		libssh2_channel_free(p->ch);
	ssh_conn_close(&p->jump);
	if (p->fd >= 0)
		close(p->fd);
	if (p->stop[0] >= 0)
		close(p->stop[0]);
	if (p->stop[1] >= 0)
		close(p->stop[1]);
	free(p);
}
