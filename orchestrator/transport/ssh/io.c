#include "orchestrator/transport/ssh/io.h"
#include "common/timeutil.h"

#include <errno.h>
#include <poll.h>

int ssh_wait_fd(int fd, short events, double deadline)
{
	for (;;) {
		double left = deadline - mono_now();
		struct pollfd pfd = {fd, events, 0};
		int n;
		if (left <= 0)
			return -1;
		n = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

int ssh_wait(struct ssh_conn *c, double deadline)
{
	int dir = libssh2_session_block_directions(c->session);
	short events = 0;

	if (dir & LIBSSH2_SESSION_BLOCK_INBOUND)
		events |= POLLIN;
	if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND)
		events |= POLLOUT;
	/* nothing to wait for: libssh2 has buffered data; do not spin past the deadline */
	if (!events)
		return mono_now() < deadline ? 0 : -1;
	return ssh_wait_fd(c->sock, events, deadline);
}

void ssh_idle_wait(struct ssh_conn *c, double deadline, int may_keepalive, int interruptible)
{
	int next_keepalive = 1; /* seconds until the next one is due */
	double now, wake;

	/* a lost connection shows in the reads; a keepalive only keeps NATs open */
	if (may_keepalive)
		libssh2_keepalive_send(c->session, &next_keepalive);
	now = mono_now();
	wake = now < deadline ? deadline : now + 0.5;
	if (wake > now + next_keepalive)
		wake = now + (next_keepalive > 0 ? next_keepalive : 1);
	if (interruptible && wake > now + 0.1)
		wake = now + 0.1;
	ssh_wait(c, wake);
}

int ssh_channel_has_data(LIBSSH2_CHANNEL *ch)
{
	unsigned long queued = 0;

	libssh2_channel_window_read_ex(ch, &queued, NULL);
	return queued > 0;
}

const char *ssh_error(LIBSSH2_SESSION *s)
{
	char *msg = NULL;

	if (!s)
		return "no session";
	libssh2_session_last_error(s, &msg, NULL, 0);
	return msg && *msg ? msg : "unknown error";
}
