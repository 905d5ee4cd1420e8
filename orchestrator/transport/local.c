/*
 * The local transport: commands run on this machine, each in its own
 * session (so its whole process group can be signalled), with stdout and
 * stderr captured separately and a deadline on every call.
 */
#include "common/error.h"
#include "common/interrupt.h"
#include "common/fsutil.h"
#include "common/spawn.h"
#include "common/timeutil.h"
#include "orchestrator/transport/transport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* After the command exits, how long to drain output a leftover child may hold open. */
#define DRAIN_SECONDS 0.2

struct child {
	pid_t pid;
	int fds[3]; /* stdin (write end), stdout, stderr (read ends); -1 when closed */
	int pidfd;  /* readable once the child has exited; -1 on kernels before 5.3 */
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

/* A resource shortage is an error of this machine; anything else, of the command (127, as a shell).
 */
static int resource_shortage(int err)
{
	return err == EMFILE || err == ENFILE || err == ENOMEM || err == EAGAIN;
}

static void watch_exit(struct child *c)
{
	c->exited = 0;
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	fcntl(c->fds[0], F_SETFL, O_NONBLOCK);
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
	struct pollfd pfd[4];
	int nfds = 0, map[4];

	for (int i = 0; i < 3; i++) {
		if (c->fds[i] < 0)
			continue;
		pfd[nfds] = (struct pollfd){c->fds[i], i ? POLLIN : POLLOUT, 0};
		map[nfds++] = i;
	}
	/* wakes up on the exit, which may come after the output was closed */
	if (c->pidfd >= 0 && !c->exited) {
		pfd[nfds] = (struct pollfd){c->pidfd, POLLIN, 0};
		map[nfds++] = 3;
	}
	/* nothing left to wait for (the exit was just reaped): no sleep */
	if ((!nfds && c->exited) || poll(pfd, (nfds_t)nfds, (int)(wait * 1000) + 1) <= 0)
		return;
	for (int k = 0; k < nfds; k++) {
		if (!pfd[k].revents || map[k] == 3)
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

static void wait_child(struct child *c, const struct exec_request *req, struct exec_result *res,
		       double start)
{
	const char *in = req->stdin_data ? req->stdin_data : "";
	size_t in_left = req->stdin_data ? req->stdin_len : 0;
	struct stop_schedule stop;
	double exited_at = 0;

	stop_schedule_init(&stop, req, start);
	if (!in_left)
		close_fd(&c->fds[0]);
	while (c->fds[1] >= 0 || c->fds[2] >= 0 || !c->exited) {
		double now = mono_now();
		int sig = stop_schedule_due(&stop, req, res, now);
		if (sig)
			kill(-c->pid, sig);
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
	close_fd(&c->pidfd);
}

static int exec_local(struct host_conn *h, const struct exec_request *req, struct exec_result *res)
{
	struct child c;
	double start = mono_now();
	int rc;

	res->timed_out = res->interrupted = 0;
	if ((rc = spawn_session(req->argv, c.fds, &c.pid)) && resource_shortage(rc)) {
		errno = rc;
		return error_errno("host %s: cannot start '%s'", h->name, req->argv[0]);
	}
	if (rc) {
		strbuf_addf(&res->err, SPAWN_FAILED_FORMAT, req->argv[0], strerror(rc));
		res->exit_status = 127;
		res->exit_signal = 0;
		res->seconds = mono_now() - start;
		return 0;
	}
	watch_exit(&c);
	wait_child(&c, req, res, start);
	res->seconds = mono_now() - start;
	res->exit_status = WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -1;
	res->exit_signal = WIFSIGNALED(c.status) ? WTERMSIG(c.status) : 0;
	return 0;
}

/*
 * What is put on a host (a bundle's config.json, a script) is read by the
 * step that follows and removed with the scratch directory: a reader must
 * see the whole file, which the rename gives, but a crash of this machine
 * loses the step anyway. No fsyncs, then: under I/O load they were two
 * waits of several ms per repetition (tests/bench/engine-overhead).
 */
static int put_file_local(struct host_conn *h, const char *path, const void *data, size_t len,
			  int mode)
{
	(void)h;
	if (write_file_replace(path, data, len) < 0)
		return -1;
	if (chmod(path, (mode_t)mode) < 0)
		return error_errno("cannot chmod '%s'", path);
	return 0;
}

static int get_file_local(struct host_conn *h, const char *path, struct strbuf *out)
{
	(void)h;
	return read_file(path, out, READ_LIMIT_DATA);
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
	.summary = "this machine: commands run as child processes, files in place",
	.connect = connect_local,
	.exec = exec_local,
	.put_file = put_file_local,
	.get_file = get_file_local,
	.empty_dir = empty_dir_local,
	.list_files = list_files_local,
	.disconnect = disconnect_local,
};
