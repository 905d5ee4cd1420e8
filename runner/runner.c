/*
 * crbench-runner: runs commands on a host for the ssh transport. One
 * runner is started per SSH session; it reads frames (runner/protocol.h)
 * on stdin and starts each command with spawn_session(), so a command
 * costs one process start instead of sshd's session process, a login
 * shell and the command. Output and the exit status come back as frames
 * on stdout, written once per round of poll: sshd does not turn off
 * Nagle's algorithm for commands without a terminal, and a second small
 * packet would wait for the client's delayed acknowledgement of the first.
 *
 * It behaves as the local transport does: each command has its own
 * session and process group; once the command has exited and its output
 * is closed (or 0.2 s later, when a leftover child holds it open), what
 * is left in its group is killed. When the connection goes (stdin ends or
 * stdout breaks), every group still running is killed and the runner
 * exits, so a lost connection leaves the host clean.
 *
 * Linked statically against libc alone: it is copied to hosts that need
 * not have any of crbench's libraries.
 */
#include "common/spawn.h"
#include "runner/protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DRAIN_SECONDS 0.2
#define READ_CHUNK    65536

struct command {
	uint32_t id;
	pid_t pid;
	int fds[3]; /* stdin (write end), stdout, stderr; -1 when closed */
	char *in;   /* stdin bytes not yet taken by the command */
	size_t in_len, in_off;
	int in_eof; /* close stdin once `in` is written */
	int exited, status;
	double exited_at;
};

static struct command *cmds;
static size_t nr_cmds;
static unsigned char *frames; /* bytes read from stdin, not yet a whole frame */
static size_t frames_len, frames_alloc;
static unsigned char *replies; /* frames for the client, written at the end of the round */
static size_t replies_len, replies_alloc;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *grow(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fputs("crbench-runner: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The connection is gone: nothing may outlive it. */
static void quit(int status)
{
	for (size_t i = 0; i < nr_cmds; i++)
		kill(-cmds[i].pid, SIGKILL);
	exit(status);
}

static void flush_replies(void)
{
	const unsigned char *p = replies;

	while (replies_len) {
		ssize_t n = write(1, p, replies_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			quit(0);
		p += n;
		replies_len -= (size_t)n;
	}
}

static void send_frame(int type, uint32_t id, const void *payload, size_t len)
{
	if (replies_alloc < replies_len + RUNNER_HEADER_LEN + len) {
		replies_alloc = replies_len + RUNNER_HEADER_LEN + len + READ_CHUNK;
		replies = grow(replies, replies_alloc);
	}
	replies[replies_len] = (unsigned char)type;
	runner_put_u32(replies + replies_len + 1, id);
	runner_put_u32(replies + replies_len + 5, (uint32_t)len);
	if (len)
		memcpy(replies + replies_len + RUNNER_HEADER_LEN, payload, len);
	replies_len += RUNNER_HEADER_LEN + len;
}

static void send_exit(uint32_t id, uint32_t status, uint32_t signal)
{
	unsigned char payload[8];

	runner_put_u32(payload, status);
	runner_put_u32(payload + 4, signal);
	send_frame(RUNNER_EXIT, id, payload, sizeof(payload));
}

static struct command *find(uint32_t id)
{
	for (size_t i = 0; i < nr_cmds; i++)
		if (cmds[i].id == id)
			return &cmds[i];
	return NULL;
}

/* argv from NUL-terminated strings; NULL when the payload is not that. */
static char **split_argv(char *payload, size_t len)
{
	size_t argc = 0, k = 0;
	char **argv;

	if (!len || payload[len - 1])
		return NULL;
	for (size_t i = 0; i < len; i++)
		argc += !payload[i];
	argv = grow(NULL, (argc + 1) * sizeof(*argv));
	for (size_t i = 0; i < len; i += strlen(payload + i) + 1)
		argv[k++] = payload + i;
	argv[k] = NULL;
	return argv;
}

static void start(uint32_t id, char *payload, size_t len)
{
	char **argv = split_argv(payload, len);
	struct command c = {.id = id};
	char msg[512];
	int rc;

	if (!argv || find(id)) {
		fprintf(stderr, "crbench-runner: bad start frame for command %u\n", id);
		quit(2);
	}
	rc = spawn_session((const char *const *)argv, c.fds, &c.pid);
	if (rc) {
		int n = snprintf(msg, sizeof(msg), SPAWN_FAILED_FORMAT, argv[0], strerror(rc));
		send_frame(RUNNER_STDERR, id, msg, n < 0 ? 0 : strnlen(msg, sizeof(msg)));
		send_exit(id, 127, 0);
	} else {
		fcntl(c.fds[0], F_SETFL, O_NONBLOCK);
		cmds = grow(cmds, (nr_cmds + 1) * sizeof(*cmds));
		cmds[nr_cmds++] = c;
	}
	free(argv);
}

static void queue_stdin(struct command *c, const unsigned char *data, size_t len)
{
	if (c->fds[0] < 0) /* it closed its stdin: the bytes have nowhere to go */
		return;
	c->in = grow(c->in, c->in_len + len);
	memcpy(c->in + c->in_len, data, len);
	c->in_len += len;
}

static void handle_frame(int type, uint32_t id, unsigned char *payload, size_t len)
{
	struct command *c = type == RUNNER_START ? NULL : find(id);

	switch (type) {
	case RUNNER_START:
		start(id, (char *)payload, len);
		break;
	case RUNNER_STDIN:
		if (c)
			queue_stdin(c, payload, len);
		break;
	case RUNNER_STDIN_EOF:
		if (c)
			c->in_eof = 1;
		break;
	case RUNNER_SIGNAL:
		if (c && len == 4)
			kill(-c->pid, (int)runner_get_u32(payload));
		break;
	default:
		fprintf(stderr, "crbench-runner: unknown frame type %d\n", type);
		quit(2);
	}
}

/* Read what the client sent and act on every whole frame. */
static void read_frames(void)
{
	size_t at = 0;
	ssize_t n;

	if (frames_alloc - frames_len < READ_CHUNK) {
		frames_alloc = frames_len + READ_CHUNK;
		frames = grow(frames, frames_alloc);
	}
	n = read(0, frames + frames_len, READ_CHUNK);
	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0)
		quit(0);
	frames_len += (size_t)n;
	while (frames_len - at >= RUNNER_HEADER_LEN) {
		uint32_t len = runner_get_u32(frames + at + 5);
		if (len > RUNNER_MAX_PAYLOAD) {
			fprintf(stderr, "crbench-runner: frame of %u bytes is too long\n", len);
			quit(2);
		}
		if (frames_len - at < RUNNER_HEADER_LEN + len)
			break;
		handle_frame(frames[at], runner_get_u32(frames + at + 1),
			     frames + at + RUNNER_HEADER_LEN, len);
		at += RUNNER_HEADER_LEN + len;
	}
	memmove(frames, frames + at, frames_len - at);
	frames_len -= at;
}

static void feed_stdin(struct command *c)
{
	ssize_t n = write(c->fds[0], c->in + c->in_off, c->in_len - c->in_off);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) { /* EPIPE: the command does not read its input */
		close_fd(&c->fds[0]);
		return;
	}
	c->in_off += (size_t)n;
	if (c->in_off == c->in_len)
		c->in_off = c->in_len = 0;
}

static void forward_output(struct command *c, int stream)
{
	static char buf[READ_CHUNK];
	ssize_t n = read(c->fds[stream], buf, sizeof(buf));

	if (n > 0)
		send_frame(stream == 1 ? RUNNER_STDOUT : RUNNER_STDERR, c->id, buf, (size_t)n);
	else if (n == 0 || errno != EINTR)
		close_fd(&c->fds[stream]);
}

static void reap(int sigfd)
{
	struct signalfd_siginfo si;
	int status;
	pid_t pid;

	while (read(sigfd, &si, sizeof(si)) == sizeof(si))
		;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (size_t i = 0; i < nr_cmds; i++)
			if (cmds[i].pid == pid) {
				cmds[i].exited = 1;
				cmds[i].status = status;
				cmds[i].exited_at = now();
			}
}

/* Report the commands that are done and forget them. */
static void finish_done(void)
{
	double t = now();

	for (size_t i = 0; i < nr_cmds;) {
		struct command *c = &cmds[i];
		int st = c->status;
		if (!c->exited ||
		    ((c->fds[1] >= 0 || c->fds[2] >= 0) && t - c->exited_at < DRAIN_SECONDS)) {
			i++;
			continue;
		}
		send_exit(c->id, WIFEXITED(st) ? (uint32_t)WEXITSTATUS(st) : (uint32_t)-1,
			  WIFSIGNALED(st) ? (uint32_t)WTERMSIG(st) : 0);
		/* anything the command left behind in its group goes with it */
		kill(-c->pid, SIGKILL);
		for (int k = 0; k < 3; k++)
			close_fd(&c->fds[k]);
		free(c->in);
		cmds[i] = cmds[--nr_cmds];
	}
}

/* Poll set: the client, the exits, then every open pipe. */
static size_t fill_poll(struct pollfd *pfd, struct command **owner, int *stream, int sigfd)
{
	size_t n = 0;

	pfd[n++] = (struct pollfd){0, POLLIN, 0};
	pfd[n++] = (struct pollfd){sigfd, POLLIN, 0};
	for (size_t i = 0; i < nr_cmds; i++) {
		struct command *c = &cmds[i];
		if (c->fds[0] >= 0 && c->in_len == 0 && c->in_eof)
			close_fd(&c->fds[0]);
		for (int k = 0; k < 3; k++) {
			if (c->fds[k] < 0 || (k == 0 && c->in_len == 0))
				continue;
			owner[n] = c;
			stream[n] = k;
			pfd[n++] = (struct pollfd){c->fds[k], k ? POLLIN : POLLOUT, 0};
		}
	}
	return n;
}

static int poll_timeout(void)
{
	for (size_t i = 0; i < nr_cmds; i++)
		if (cmds[i].exited)
			return (int)(DRAIN_SECONDS * 1000) / 4 + 1;
	return -1;
}

static void serve(int sigfd)
{
	for (;;) {
		size_t max = 2 + 3 * nr_cmds, n;
		struct pollfd *pfd = grow(NULL, max * sizeof(*pfd));
		struct command **owner = grow(NULL, max * sizeof(*owner));
		int *stream = grow(NULL, max * sizeof(*stream));

		n = fill_poll(pfd, owner, stream, sigfd);
		if (poll(pfd, n, poll_timeout()) > 0) {
			/* output first: a frame may remove a command from the table */
			for (size_t i = 2; i < n; i++) {
				if (!pfd[i].revents)
					continue;
				if (stream[i] == 0)
					feed_stdin(owner[i]);
				else
					forward_output(owner[i], stream[i]);
			}
			if (pfd[1].revents)
				reap(sigfd);
			if (pfd[0].revents)
				read_frames();
		}
		finish_done();
		flush_replies();
		free(pfd);
		free(owner);
		free(stream);
	}
}

int main(void)
{
	sigset_t chld;
	int sigfd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigfd < 0) {
		perror("crbench-runner: signalfd");
		return 3;
	}
	send_frame(RUNNER_HELLO, 0, RUNNER_GREETING, strlen(RUNNER_GREETING));
	flush_replies();
	serve(sigfd);
	return 0;
}
