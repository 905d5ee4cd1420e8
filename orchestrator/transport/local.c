/*
 * The local transport: commands run on this machine, each in its own
 * session (so its whole process group can be signalled), with stdout and
 * stderr captured separately and a deadline on every call.
 */
#include "common/error.h"
#include "common/interrupt.h"
#include "common/fsutil.h"
#include "common/timeutil.h"
#include "orchestrator/transport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* After SIGTERM, how long the group gets before SIGKILL, unless the request says. */
#define KILL_GRACE_SECONDS 5.0
/* After the command exits, how long to drain output a leftover child may hold open. */
#define DRAIN_SECONDS 0.2

struct child {
	pid_t pid;
	int fds[3]; /* stdin (write end), stdout, stderr (read ends); -1 when closed */
	int status;
	int exited;
};

static int connect_local(struct host_conn *h)
{
	(void)h;
	return 0;
}

static void disconnect_local(struct host_conn *h)
{
	(void)h;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void child_exec(const char *const *argv, int in[2], int out[2], int err[2])
{
	setsid();
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
		_exit(127);
	execvp(argv[0], (char *const *)argv);
	dprintf(2, "crbench: cannot run '%s': %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int spawn(const char *const *argv, struct child *c)
{
	int in[2], out[2], err[2];

	if (pipe2(in, O_CLOEXEC) < 0)
		return error_errno("cannot create a pipe");
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		return error_errno("cannot create a pipe");
	c->pid = fork();
	if (c->pid < 0)
		return error_errno("cannot fork to run '%s'", argv[0]);
	if (c->pid == 0)
		child_exec(argv, in, out, err);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	c->fds[0] = in[1];
	c->fds[1] = out[0];
	c->fds[2] = err[0];
	c->exited = 0;
	fcntl(c->fds[0], F_SETFL, O_NONBLOCK);
	return 0;
}

static void feed_stdin(struct child *c, const char **data, size_t *left)
{
	ssize_t n = write(c->fds[0], *data, *left);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) { /* EPIPE: the command does not read its input */
		close_fd(&c->fds[0]);
		return;
	}
	*data += n;
	*left -= (size_t)n;
	if (!*left)
		close_fd(&c->fds[0]);
}

static void read_output(int *fd, struct strbuf *into)
{
	char buf[16384];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n > 0)
		strbuf_add(into, buf, (size_t)n);
	else if (n == 0 || errno != EINTR)
		close_fd(fd);
}

/* One round of poll over the open pipes, at most `wait` seconds. */
static void pump(struct child *c, const char **in, size_t *in_left, struct exec_result *res,
		 double wait)
{
	struct pollfd pfd[3];
	int nfds = 0, map[3];

	for (int i = 0; i < 3; i++) {
		if (c->fds[i] < 0)
			continue;
		pfd[nfds] = (struct pollfd){c->fds[i], i ? POLLIN : POLLOUT, 0};
		map[nfds++] = i;
	}
	if (poll(pfd, (nfds_t)nfds, (int)(wait * 1000) + 1) <= 0)
		return;
	for (int k = 0; k < nfds; k++) {
		if (!pfd[k].revents)
			continue;
		if (map[k] == 0)
			feed_stdin(c, in, in_left);
		else
			read_output(&c->fds[map[k]], map[k] == 1 ? &res->out : &res->err);
	}
}

static void reap(struct child *c)
{
	if (!c->exited && waitpid(c->pid, &c->status, WNOHANG) == c->pid)
		c->exited = 1;
}

/*
 * Signal the whole group at the deadline (or on an interrupt when the
 * request allows it), SIGKILL after the grace period.
 */
static void enforce_deadline(struct child *c, double now, double *deadline, int *signalled,
			     const struct exec_request *req, struct exec_result *res)
{
	if (req->interruptible && interrupt_requested && !*signalled && now < *deadline) {
		res->interrupted = 1;
		*deadline = now;
	}
	if (now >= *deadline && !*signalled) {
		res->timed_out = !res->interrupted;
		kill(-c->pid, SIGTERM);
		*signalled = 1;
	} else if (*signalled == 1 &&
		   now >= *deadline + (req->grace > 0 ? req->grace : KILL_GRACE_SECONDS)) {
		kill(-c->pid, SIGKILL);
		*signalled = 2;
	}
}

static void wait_child(struct child *c, const struct exec_request *req, struct exec_result *res,
		       double start)
{
	const char *in = req->stdin_data ? req->stdin_data : "";
	size_t in_left = req->stdin_data ? req->stdin_len : 0;
	double deadline = start + req->timeout, exited_at = 0;
	int signalled = 0;

	if (!in_left)
		close_fd(&c->fds[0]);
	while (c->fds[1] >= 0 || c->fds[2] >= 0 || !c->exited) {
		double now = mono_now();
		enforce_deadline(c, now, &deadline, &signalled, req, res);
		reap(c);
		if (c->exited && !exited_at)
			exited_at = now;
		if (exited_at && now - exited_at > DRAIN_SECONDS)
			break;
		pump(c, &in, &in_left, res, 0.05);
	}
	/* Anything the command left behind in its group goes with it. */
	kill(-c->pid, SIGKILL);
	for (int i = 0; i < 3; i++)
		close_fd(&c->fds[i]);
}

static int exec_local(struct host_conn *h, const struct exec_request *req, struct exec_result *res)
{
	struct child c;
	double start = mono_now();

	(void)h;
	res->timed_out = res->interrupted = 0;
	if (spawn(req->argv, &c) < 0)
		return -1;
	wait_child(&c, req, res, start);
	res->seconds = mono_now() - start;
	res->exit_status = WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -1;
	res->exit_signal = WIFSIGNALED(c.status) ? WTERMSIG(c.status) : 0;
	return 0;
}

static int put_file_local(struct host_conn *h, const char *path, const void *data, size_t len,
			  int mode)
{
	(void)h;
	if (write_file_atomic(path, data, len) < 0)
		return -1;
	if (chmod(path, (mode_t)mode) < 0)
		return error_errno("cannot chmod '%s'", path);
	return 0;
}

static int get_file_local(struct host_conn *h, const char *path, struct strbuf *out)
{
	(void)h;
	return read_file(path, out);
}

static int empty_dir_local(struct host_conn *h, const char *path)
{
	if (remove_tree(path) < 0 || mkdir_p(path, 0755) < 0)
		return error("host %s: step prepare: cannot make %s an empty directory", h->name,
			     path);
	return 0;
}

static int list_files_local(struct host_conn *h, const char *dir, struct strvec *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return error_errno("host %s: step fetch: cannot list %s", h->name, dir);
	while ((e = readdir(d)))
		if (e->d_type == DT_REG)
			strvec_push(names, e->d_name);
	closedir(d);
	return 0;
}

const struct transport_ops transport_local = {
	.name = "local",
	.connect = connect_local,
	.exec = exec_local,
	.put_file = put_file_local,
	.get_file = get_file_local,
	.empty_dir = empty_dir_local,
	.list_files = list_files_local,
	.disconnect = disconnect_local,
};
