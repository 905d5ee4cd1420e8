/*
 * The ssh transport: one libssh2 session per host, reused for every
 * command (one channel each), files over SFTP. Every call has a deadline.
 *
 * A remote command is sent as `echo crbench-pgid=$$ >&2; exec ARGV...`,
 * ARGV quoted by sq_quote_argv(). sshd starts the login shell in a new
 * session (setsid), so $$ is the process group of the command and all it
 * starts; the marker line is taken out of stderr. On timeout a second
 * channel runs `kill -TERM -- -PGID`, then `kill -KILL` after a grace
 * period. A command cut off by a lost connection returns -1 (the engine
 * retries the repetition); its group is killed once the host is reached
 * again, so the host is left clean.
 */
#include "common/digest.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "common/quote.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "orchestrator/transport/ssh/runner.h"
#include "orchestrator/transport/ssh/session.h"
#include "orchestrator/transport/transport.h"

#include <libssh2_sftp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PGID_MARKER "crbench-pgid="
/* After SIGTERM, how long the group gets before SIGKILL (as the local transport). */
#define KILL_GRACE_SECONDS 5.0
/* After SIGKILL, how long to wait for the channel to report the end. */
#define KILL_WAIT_SECONDS 5.0
/* Deadline of a kill command, and of a file transfer (plus 1 s per MB). */
#define CONTROL_SECONDS 10.0
#define FILE_SECONDS	60.0
/* Reconnecting: first pause, and the most time spent on it. */
#define BACKOFF_FIRST 0.25
#define BACKOFF_MAX   4.0
#define RECONNECT_MAX 30.0

struct ssh_priv {
	struct ssh_target target;
	struct ssh_conn conn; /* conn.session is NULL while the host is not connected */
	LIBSSH2_SFTP *sftp;   /* opened on first use */
	long orphan_pgid;     /* a group a lost connection left running; killed on reconnect */
	struct ssh_runner runner;
	int runner_off; /* 1: each command gets a channel of its own (no runner on this host) */
};

/* A running command. */
struct remote_run {
	LIBSSH2_CHANNEL *ch;
	const char *in;
	size_t in_left;
	int in_done;
	long pgid;     /* 0 until the marker arrived */
	int signalled; /* 0, 1 after SIGTERM, 2 after SIGKILL */
	/*
	 * A write returned EAGAIN with part of its packet sent: libssh2 then
	 * sends nothing else (no keepalive, no kill channel) until the same
	 * write is repeated and completes.
	 */
	int pending;
};

static int session_lost(int rc)
{
	return rc == LIBSSH2_ERROR_SOCKET_SEND || rc == LIBSSH2_ERROR_SOCKET_RECV ||
	       rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_SOCKET_TIMEOUT ||
	       rc == LIBSSH2_ERROR_SOCKET_NONE || rc == LIBSSH2_ERROR_BAD_SOCKET;
}

static void drop_session(struct ssh_priv *p)
{
	double deadline = mono_now() + 1.0;

	/* the SFTP channel must be closed first, or the session cannot be freed */
	while (p->sftp && libssh2_sftp_shutdown(p->sftp) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(&p->conn, deadline) < 0)
			shutdown(p->conn.sock, SHUT_RDWR);
	p->sftp = NULL;
	ssh_runner_forget(&p->runner); /* its channel goes with the session */
	ssh_conn_close(&p->conn);
}

/* ---- connecting and reconnecting ---- */

static int control(struct ssh_priv *p, const char *cmd);

static void kill_orphans(struct ssh_priv *p)
{
	struct strbuf cmd = STRBUF_INIT;

	if (!p->orphan_pgid)
		return;
	strbuf_addf(&cmd, "kill -KILL -- -%ld 2>/dev/null; true", p->orphan_pgid);
	p->orphan_pgid = 0;
	control(p, cmd.buf);
	strbuf_release(&cmd);
}

/* Connect, retrying transient failures with exponential backoff until `limit`. */
static int reconnect(struct host_conn *h, struct ssh_priv *p, double limit)
{
	struct strbuf why = STRBUF_INIT;
	double pause = BACKOFF_FIRST;
	int rc;

	for (;;) {
		strbuf_reset(&why);
		rc = ssh_conn_open(&p->conn, &p->target, &why);
		if (rc != SSH_TRANSIENT || mono_now() + pause >= limit)
			break;
		usleep((useconds_t)(pause * 1e6));
		pause = pause * 2 > BACKOFF_MAX ? BACKOFF_MAX : pause * 2;
	}
	if (rc)
		error("host %s: step connect: %s", h->name, why.buf);
	strbuf_release(&why);
	if (!rc)
		kill_orphans(p);
	return rc ? -1 : 0;
}

static int ensure_session(struct host_conn *h, struct ssh_priv *p)
{
	if (p->conn.session)
		return 0;
	return reconnect(h, p, mono_now() + RECONNECT_MAX);
}

/* CRBENCH_SSH_RUNNER=off: a channel and a shell per command, as plain ssh does. */
static int runner_disabled(void)
{
	const char *v = getenv("CRBENCH_SSH_RUNNER");

	return v && (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no"));
}

static int connect_ssh(struct host_conn *h)
{
	struct ssh_priv *p = xcalloc(1, sizeof(*p));
	struct strbuf why = STRBUF_INIT;

	p->conn = (struct ssh_conn)SSH_CONN_INIT;
	p->runner = (struct ssh_runner)SSH_RUNNER_INIT;
	p->runner_off = runner_disabled();
	h->priv = p;
	if (ssh_target_resolve(&p->target, h->spec, h->name, h->flags, &why) < 0) {
		error("host %s: step connect: %s", h->name, why.buf);
		strbuf_release(&why);
		return -1;
	}
	strbuf_release(&why);
	/* the first connection is not retried: an unreachable host is reported at once */
	return reconnect(h, p, 0);
}

static void disconnect_ssh(struct host_conn *h)
{
	struct ssh_priv *p = h->priv;

	if (!p)
		return;
	drop_session(p);
	ssh_runner_release(&p->runner);
	ssh_target_release(&p->target);
	free(p);
	h->priv = NULL;
}

/* ---- channels ---- */

static LIBSSH2_CHANNEL *open_exec(struct ssh_priv *p, const char *cmd, double deadline, int *rc)
{
	LIBSSH2_CHANNEL *ch;

	while (!(ch = libssh2_channel_open_session(p->conn.session))) {
		*rc = libssh2_session_last_errno(p->conn.session);
		if (*rc != LIBSSH2_ERROR_EAGAIN || ssh_wait(&p->conn, deadline) < 0)
			return NULL;
	}
	while ((*rc = libssh2_channel_exec(ch, cmd)) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(&p->conn, deadline) < 0)
			break;
	if (*rc) {
		libssh2_channel_free(ch);
		return NULL;
	}
	return ch;
}

/* Close and free a channel; never waits past `deadline`. */
static void close_channel(struct ssh_priv *p, LIBSSH2_CHANNEL *ch, double deadline)
{
	while (libssh2_channel_close(ch) == LIBSSH2_ERROR_EAGAIN &&
	       ssh_wait(&p->conn, deadline) == 0)
		;
	while (libssh2_channel_wait_closed(ch) == LIBSSH2_ERROR_EAGAIN &&
	       ssh_wait(&p->conn, deadline) == 0)
		;
	libssh2_channel_free(ch);
}

/* A short command on its own channel (kill); output ignored. */
static int control(struct ssh_priv *p, const char *cmd)
{
	double deadline = mono_now() + CONTROL_SECONDS;
	char buf[4096];
	int rc;
	LIBSSH2_CHANNEL *ch = open_exec(p, cmd, deadline, &rc);

	if (!ch)
		return -1;
	while (!libssh2_channel_eof(ch)) {
		ssize_t n = libssh2_channel_read(ch, buf, sizeof(buf));
		if (n == LIBSSH2_ERROR_EAGAIN && ssh_wait(&p->conn, deadline) < 0)
			break;
		if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
			break;
	}
	close_channel(p, ch, deadline);
	return 0;
}

/* ---- commands ---- */

static void remote_command(struct strbuf *cmd, const char *const *argv)
{
	strbuf_addstr(cmd, "echo " PGID_MARKER "$$ >&2; exec ");
	sq_quote_argv(cmd, argv);
}

/* Take the marker line out of stderr once it has arrived whole. */
static void take_marker(struct remote_run *r, struct strbuf *err)
{
	char *m, *nl;
	size_t at, cut;

	if (r->pgid)
		return;
	for (m = err->buf; (m = strstr(m, PGID_MARKER)); m++)
		if (m == err->buf || m[-1] == '\n')
			break;
	if (!m || !(nl = strchr(m, '\n')))
		return;
	r->pgid = strtol(m + strlen(PGID_MARKER), NULL, 10);
	at = (size_t)(m - err->buf);
	cut = (size_t)(nl + 1 - m);
	memmove(m, nl + 1, err->len - at - cut + 1); /* with the NUL */
	strbuf_setlen(err, err->len - cut);
}

static int feed_stdin(struct remote_run *r, int *progress);

/* Complete a half-sent write (see remote_run.pending) so that other packets can go. */
static void flush_pending(struct ssh_priv *p, struct remote_run *r)
{
	double limit = mono_now() + CONTROL_SECONDS;
	int progress;

	while (r->pending && feed_stdin(r, &progress) == 0 && r->pending)
		if (ssh_wait(&p->conn, limit) < 0)
			break;
}

static void signal_group(struct ssh_priv *p, struct remote_run *r, const char *sig)
{
	struct strbuf cmd = STRBUF_INIT;

	flush_pending(p, r);
	strbuf_addf(&cmd, "kill -%s -- -%ld 2>/dev/null; true", sig, r->pgid);
	control(p, cmd.buf);
	strbuf_release(&cmd);
}

/*
 * SIGTERM to the group at the deadline (or on Ctrl-C when the request
 * allows it), SIGKILL after the grace period. Returns 1 when the command is
 * to be given up (it outlived SIGKILL).
 */
static int enforce_deadline(struct ssh_priv *p, struct remote_run *r, double *deadline,
			    const struct exec_request *req, struct exec_result *res)
{
	double now = mono_now(), grace = req->grace > 0 ? req->grace : KILL_GRACE_SECONDS;

	if (req->interruptible && interrupt_requested && !res->interrupted && now < *deadline) {
		res->interrupted = 1;
		*deadline = now;
	}
	if (now < *deadline)
		return 0;
	res->timed_out = !res->interrupted;
	if (!r->pgid) /* the marker comes first; without it nothing can be signalled */
		return now >= *deadline + grace + KILL_WAIT_SECONDS;
	if (r->signalled == 0) {
		signal_group(p, r, "TERM");
		r->signalled = 1;
	} else if (r->signalled == 1 && now >= *deadline + grace) {
		signal_group(p, r, "KILL");
		r->signalled = 2;
	}
	return now >= *deadline + grace + KILL_WAIT_SECONDS;
}

/* Send what stdin data the channel takes now; EOF after the last byte. */
static int feed_stdin(struct remote_run *r, int *progress)
{
	ssize_t n;

	if (r->in_done)
		return 0;
	if (r->in_left) {
		n = libssh2_channel_write(r->ch, r->in, r->in_left);
		r->pending = n == LIBSSH2_ERROR_EAGAIN;
		if (n == LIBSSH2_ERROR_EAGAIN)
			return 0;
		if (n < 0)
			return (int)n;
		r->in += n;
		r->in_left -= (size_t)n;
		*progress = 1;
	}
	if (!r->in_left) {
		n = libssh2_channel_send_eof(r->ch);
		r->pending = n == LIBSSH2_ERROR_EAGAIN;
		if (n == 0)
			r->in_done = 1;
		else if (n != LIBSSH2_ERROR_EAGAIN)
			return (int)n;
	}
	return 0;
}

/* Read what has arrived on stdout and stderr; a negative libssh2 code on failure. */
static int read_output(struct remote_run *r, struct exec_result *res, int *progress)
{
	char buf[32768];

	for (int stream = 0; stream < 2; stream++) {
		struct strbuf *into = stream ? &res->err : &res->out;
		ssize_t n;
		while ((n = libssh2_channel_read_ex(r->ch, stream, buf, sizeof(buf))) > 0) {
			strbuf_add(into, buf, (size_t)n);
			*progress = 1;
		}
		if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
			return (int)n;
	}
	/* reading stderr may have queued stdout data: no wait while data is there */
	if (ssh_channel_has_data(r->ch))
		*progress = 1;
	take_marker(r, &res->err);
	return 0;
}

/* Until the remote end closes its output (or the command is given up). */
static int pump_command(struct ssh_priv *p, struct remote_run *r, double deadline,
			const struct exec_request *req, struct exec_result *res)
{
	int rc;

	for (;;) {
		int progress = 0;
		if ((rc = feed_stdin(r, &progress)) < 0 ||
		    (rc = read_output(r, res, &progress)) < 0)
			return rc;
		if (libssh2_channel_eof(r->ch))
			return 0;
		if (enforce_deadline(p, r, &deadline, req, res))
			return 0;
		if (!progress)
			ssh_idle_wait(&p->conn, deadline, !r->pending, req->interruptible);
	}
}

static int signal_number(const char *name)
{
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);
		if (abbrev && !strcmp(abbrev, name))
			return sig;
	}
	return SIGKILL; /* an unknown name: report the process as killed */
}

static int finish(struct ssh_priv *p, struct remote_run *r, struct exec_result *res)
{
	double deadline = mono_now() + CONTROL_SECONDS;
	char *name = NULL;
	size_t len = 0;

	while (libssh2_channel_close(r->ch) == LIBSSH2_ERROR_EAGAIN &&
	       ssh_wait(&p->conn, deadline) == 0)
		;
	while (libssh2_channel_wait_closed(r->ch) == LIBSSH2_ERROR_EAGAIN &&
	       ssh_wait(&p->conn, deadline) == 0)
		;
	res->exit_status = libssh2_channel_get_exit_status(r->ch);
	res->exit_signal = 0;
	if (libssh2_channel_get_exit_signal(r->ch, &name, &len, NULL, NULL, NULL, NULL) == 0 &&
	    name) {
		res->exit_signal = signal_number(name);
		res->exit_status = -1;
		libssh2_free(p->conn.session, name);
	} else if (res->timed_out && r->signalled && !libssh2_channel_eof(r->ch)) {
		res->exit_status = -1; /* given up: it outlived SIGKILL */
		res->exit_signal = SIGKILL;
	}
	libssh2_channel_free(r->ch);
	r->ch = NULL;
	return 0;
}

/* A command on a channel of its own, started by the login shell. */
static int exec_channel(struct host_conn *h, const struct exec_request *req,
			struct exec_result *res)
{
	struct ssh_priv *p = h->priv;
	struct strbuf cmd = STRBUF_INIT;
	struct remote_run r = {.in = req->stdin_data ? req->stdin_data : "",
			       .in_left = req->stdin_data ? req->stdin_len : 0};
	double start = mono_now(), deadline = start + req->timeout;
	int rc = 0;

	res->timed_out = res->interrupted = 0;
	remote_command(&cmd, req->argv);
	/* a session found dead before the command started is reopened, and the call retried once */
	for (int attempt = 0; attempt < 2 && !r.ch; attempt++) {
		if (ensure_session(h, p) < 0)
			break;
		r.ch = open_exec(p, cmd.buf, deadline, &rc);
		if (!r.ch && session_lost(rc))
			drop_session(p);
		else if (!r.ch)
			break;
	}
	strbuf_release(&cmd);
	if (!r.ch)
		return error("host %s: step exec: cannot start '%s': %s", h->name, req->argv[0],
			     p->conn.session ? ssh_error(p->conn.session) : "not connected");
	rc = pump_command(p, &r, deadline, req, res);
	if (rc < 0) {
		/* lost mid-command: reconnecting now would only delay the engine's retry */
		error("host %s: step exec: connection lost while '%s' ran: %s", h->name,
		      req->argv[0], ssh_error(p->conn.session));
		p->orphan_pgid = r.pgid;
		libssh2_channel_free(r.ch);
		drop_session(p);
		return -1;
	}
	finish(p, &r, res);
	res->seconds = mono_now() - start;
	return 0;
}

/* ---- files (SFTP) ---- */

static LIBSSH2_SFTP *sftp(struct ssh_priv *p, double deadline)
{
	while (!p->sftp) {
		p->sftp = libssh2_sftp_init(p->conn.session);
		if (p->sftp ||
		    libssh2_session_last_errno(p->conn.session) != LIBSSH2_ERROR_EAGAIN ||
		    ssh_wait(&p->conn, deadline) < 0)
			break;
	}
	return p->sftp;
}

static const char *sftp_problem(struct ssh_priv *p)
{
	static const char *const names[] = {
		"ok",
		"end of file",
		"no such file",
		"permission denied",
		"failure",
		"bad message",
		"no connection",
		"connection lost",
		"not supported",
		"invalid handle",
		"no such path",
		"file exists",
		"write protected",
		"no media",
		"no space",
		"quota exceeded",
	};
	unsigned long code;

	if (libssh2_session_last_errno(p->conn.session) != LIBSSH2_ERROR_SFTP_PROTOCOL)
		return ssh_error(p->conn.session);
	code = libssh2_sftp_last_error(p->sftp);
	return code < sizeof(names) / sizeof(names[0]) ? names[code] : "SFTP error";
}

static LIBSSH2_SFTP_HANDLE *open_file(struct ssh_priv *p, const char *path, unsigned long flags,
				      int mode, double deadline)
{
	LIBSSH2_SFTP_HANDLE *fh;

	while (!(fh = libssh2_sftp_open_ex(p->sftp, path, (unsigned)strlen(path), flags, mode,
					   LIBSSH2_SFTP_OPENFILE)))
		if (libssh2_session_last_errno(p->conn.session) != LIBSSH2_ERROR_EAGAIN ||
		    ssh_wait(&p->conn, deadline) < 0)
			break;
	return fh;
}

static int close_file(struct ssh_priv *p, LIBSSH2_SFTP_HANDLE *fh, double deadline)
{
	int rc;

	while ((rc = libssh2_sftp_close_handle(fh)) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(&p->conn, deadline) < 0)
			return -1;
	return rc;
}

static int write_all_sftp(struct ssh_priv *p, LIBSSH2_SFTP_HANDLE *fh, const char *data, size_t len,
			  int mode, double deadline)
{
	LIBSSH2_SFTP_ATTRIBUTES attrs = {.flags = LIBSSH2_SFTP_ATTR_PERMISSIONS,
					 .permissions = (unsigned long)mode};
	ssize_t n;
	int rc;

	while (len) {
		n = libssh2_sftp_write(fh, data, len);
		if (n == LIBSSH2_ERROR_EAGAIN && ssh_wait(&p->conn, deadline) == 0)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	/* the umask narrowed the mode of a new file; an existing file kept its own */
	while ((rc = libssh2_sftp_fsetstat(fh, &attrs)) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(&p->conn, deadline) < 0)
			return -1;
	return rc ? -1 : 0;
}

static int read_all_sftp(struct ssh_priv *p, LIBSSH2_SFTP_HANDLE *fh, struct strbuf *out,
			 double deadline)
{
	char buf[32768];
	ssize_t n;

	while ((n = libssh2_sftp_read(fh, buf, sizeof(buf))) != 0) {
		if (n == LIBSSH2_ERROR_EAGAIN && ssh_wait(&p->conn, deadline) == 0)
			continue;
		if (n < 0)
			return -1;
		strbuf_add(out, buf, (size_t)n);
	}
	return 0;
}

struct file_op {
	const char *step, *path;
	const char *data; /* put: what to write */
	size_t len;
	int mode;
	struct strbuf *out; /* get: where to read into */
};

/* One attempt; -2 when the session was lost (worth one retry on a new one). */
static int file_op_once(struct ssh_priv *p, const struct file_op *op, struct strbuf *why)
{
	double deadline = mono_now() + FILE_SECONDS + (double)op->len / 1e6;
	unsigned long flags = op->out ? LIBSSH2_FXF_READ
				      : LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC;
	LIBSSH2_SFTP_HANDLE *fh;
	size_t before = op->out ? op->out->len : 0;
	int rc;

	if (!sftp(p, deadline) || !(fh = open_file(p, op->path, flags, op->mode, deadline))) {
		rc = libssh2_session_last_errno(p->conn.session);
		strbuf_addf(why, "cannot open %s: %s", op->path,
			    p->sftp ? sftp_problem(p) : ssh_error(p->conn.session));
		return session_lost(rc) ? -2 : -1;
	}
	rc = op->out ? read_all_sftp(p, fh, op->out, deadline)
		     : write_all_sftp(p, fh, op->data, op->len, op->mode, deadline);
	if (rc < 0)
		strbuf_addf(why, "cannot %s %s: %s", op->out ? "read" : "write", op->path,
			    sftp_problem(p));
	if (close_file(p, fh, deadline) < 0 && !rc) {
		strbuf_addf(why, "cannot close %s: %s", op->path, sftp_problem(p));
		rc = -1;
	}
	if (rc < 0 && op->out)
		strbuf_setlen(op->out, before);
	if (rc < 0 && session_lost(libssh2_session_last_errno(p->conn.session)))
		return -2;
	return rc;
}

static int file_op(struct host_conn *h, const struct file_op *op)
{
	struct ssh_priv *p = h->priv;
	struct strbuf why = STRBUF_INIT;
	int rc = -2;

	for (int attempt = 0; attempt < 2 && rc == -2; attempt++) {
		strbuf_reset(&why);
		if (ensure_session(h, p) < 0) {
			strbuf_release(&why);
			return -1;
		}
		rc = file_op_once(p, op, &why);
		if (rc == -2)
			drop_session(p);
	}
	if (rc)
		error("host %s: step %s: %s", h->name, op->step, why.buf);
	strbuf_release(&why);
	return rc ? -1 : 0;
}

static int put_file_ssh(struct host_conn *h, const char *path, const void *data, size_t len,
			int mode)
{
	struct file_op op = {"put_file", path, data, len, mode, NULL};
	return file_op(h, &op);
}

static int get_file_ssh(struct host_conn *h, const char *path, struct strbuf *out)
{
	struct file_op op = {"get_file", path, NULL, 0, 0, out};
	return file_op(h, &op);
}

/* ---- the command runner ---- */

static char runner_name[32]; /* runner-<16 hex digits of its SHA-256> */
static pthread_once_t runner_name_once = PTHREAD_ONCE_INIT;

static void name_runner(void)
{
	size_t len;
	const void *bin = ssh_runner_binary(&len);
	char hex[65];

	sha256_hex(bin, len, hex);
	snprintf(runner_name, sizeof(runner_name), "runner-%.16s", hex);
}

/*
 * The runner's directory is ${XDG_CACHE_HOME:-~/.cache}/crbench on the
 * host; each build's runner is named by its digest, so a host keeps the
 * copy until crbench changes and older copies are removed.
 */
#define RUNNER_PREPARE                                                                             \
	"d=\"${XDG_CACHE_HOME:-$HOME/.cache}/crbench\" && mkdir -p \"$d\" && cd \"$d\" && "        \
	"uname -m && pwd && if test -x \"$1\"; then echo present; else echo missing; fi"
#define RUNNER_INSTALL                                                                             \
	"cd \"$1\" && mv -f \"$2\" \"$3\" && for f in runner-*; do "                               \
	"[ \"$f\" = \"$3\" ] || rm -f \"$f\"; done"

/* A set-up command on a channel; 0 when it ran and exited 0, -1 when the session went. */
static int setup_command(struct host_conn *h, const char *const *argv, struct exec_result *res,
			 struct strbuf *why)
{
	struct exec_request req = {.argv = argv, .timeout = CONTROL_SECONDS};

	if (exec_channel(h, &req, res) < 0)
		return -1;
	if (res->exit_status) {
		strbuf_rtrim(&res->err);
		strbuf_addf(why, "cannot prepare its directory: %s", res->err.buf);
		return -2;
	}
	return 0;
}

/* Over SFTP under a temporary name, then renamed: a runner is never seen half written. */
static int upload_runner(struct host_conn *h, struct ssh_priv *p, const char *dir,
			 struct strbuf *why)
{
	struct strbuf tmp = STRBUF_INIT, path = STRBUF_INIT;
	struct exec_result res = EXEC_RESULT_INIT;
	struct file_op op = {"install the command runner", NULL, NULL, 0, 0755, NULL};
	int rc;

	strbuf_addf(&tmp, "%s.tmp-%ld", runner_name, (long)getpid());
	strbuf_addf(&path, "%s/%s", dir, tmp.buf);
	op.path = path.buf;
	op.data = ssh_runner_binary(&op.len);
	rc = file_op_once(p, &op, why);
	if (!rc) {
		const char *install[] = {"sh", "-c",	RUNNER_INSTALL, "sh",
					 dir,  tmp.buf, runner_name,	NULL};
		rc = setup_command(h, install, &res, why);
	} else
		rc = rc == -2 ? -1 : -2;
	exec_result_release(&res);
	strbuf_release(&path);
	strbuf_release(&tmp);
	return rc;
}

/* The set-up's three lines: machine, directory, present|missing. */
static int parse_prepare(char *out, char *line[3])
{
	char *save = NULL;
	int n = 0;

	for (char *t = strtok_r(out, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		if (n == 3)
			return -1;
		line[n++] = t;
	}
	return n == 3 ? 0 : -1;
}

/* Copy the runner to the host unless it is there. 0, -1 session lost, -2 no runner. */
static int install_runner(struct host_conn *h, struct ssh_priv *p, struct strbuf *path,
			  struct strbuf *why)
{
	const char *prepare[] = {"sh", "-c", RUNNER_PREPARE, "sh", runner_name, NULL};
	struct exec_result res = EXEC_RESULT_INIT;
	struct utsname local;
	char *line[3];
	int rc = setup_command(h, prepare, &res, why);

	uname(&local);
	if (!rc && parse_prepare(res.out.buf, line) < 0) {
		strbuf_addstr(why, "its set-up printed something unexpected");
		rc = -2;
	} else if (!rc && strcmp(line[0], local.machine)) {
		strbuf_addf(why, "the host is %s, the runner is built for %s", line[0],
			    local.machine);
		rc = -2;
	}
	if (!rc) {
		strbuf_addf(path, "%s/%s", line[1], runner_name);
		if (!strcmp(line[2], "missing"))
			rc = upload_runner(h, p, line[1], why);
	}
	exec_result_release(&res);
	return rc;
}

/*
 * Have a runner open on the host: 0 it is, 1 there is none (each command
 * gets a channel: said once per host), -1 the session went meanwhile.
 */
static int ensure_runner(struct host_conn *h, struct ssh_priv *p)
{
	struct strbuf path = STRBUF_INIT, why = STRBUF_INIT;
	int rc;

	if (p->runner.ch)
		return 0;
	if (p->runner_off)
		return 1;
	pthread_once(&runner_name_once, name_runner);
	rc = install_runner(h, p, &path, &why);
	if (!rc &&
	    ssh_runner_open(&p->conn, &p->runner, path.buf, mono_now() + CONTROL_SECONDS, &why) < 0)
		rc = session_lost(libssh2_session_last_errno(p->conn.session)) ? -1 : -2;
	if (rc == -2) {
		warning("host %s: no command runner (%s); each command starts a shell of its own, "
			"which is slower",
			h->name, why.buf);
		p->runner_off = 1;
	}
	strbuf_release(&path);
	strbuf_release(&why);
	return rc == -2 ? 1 : rc;
}

/* The runner could not finish a command: say why, and leave the host clean. */
static int runner_failed(struct host_conn *h, struct ssh_priv *p, const struct exec_request *req,
			 int rc, const char *why)
{
	error("host %s: step exec: %s while '%s' ran: %s", h->name,
	      rc == RUNNER_LOST ? "connection lost" : "command runner failed", req->argv[0], why);
	if (rc == RUNNER_LOST) { /* the runner kills what it ran when its connection ends */
		drop_session(p);
		return -1;
	}
	/* a runner that misbehaved once is not trusted again on this host */
	libssh2_channel_free(p->runner.ch);
	ssh_runner_forget(&p->runner);
	p->runner_off = 1;
	return -1;
}

static int exec_ssh(struct host_conn *h, const struct exec_request *req, struct exec_result *res)
{
	struct ssh_priv *p = h->priv;
	struct strbuf why = STRBUF_INIT;
	int rc = RUNNER_NOT_SENT;

	/* a session found dead before the command was sent is reopened, and the call retried once
	 */
	for (int attempt = 0; attempt < 2 && rc == RUNNER_NOT_SENT && !p->runner_off; attempt++) {
		if (ensure_session(h, p) < 0)
			break;
		if ((rc = ensure_runner(h, p)) == 1)
			break;
		strbuf_reset(&why);
		rc = rc < 0 ? RUNNER_NOT_SENT
			    : ssh_runner_exec(&p->conn, &p->runner, req, res, &why);
		if (rc == RUNNER_NOT_SENT)
			drop_session(p);
	}
	if (p->runner_off)
		rc = exec_channel(h, req, res);
	else if (rc == RUNNER_NOT_SENT)
		rc = error("host %s: step exec: cannot start '%s': %s", h->name, req->argv[0],
			   why.len ? why.buf : "not connected");
	else if (rc < 0)
		rc = runner_failed(h, p, req, rc, why.buf);
	strbuf_release(&why);
	return rc;
}

const struct transport_ops transport_ssh = {
	.name = "ssh",
	.summary = "a host over SSH (libssh2): one session per host, known_hosts checked, "
		   "~/.ssh/config",
	.connect = connect_ssh,
	.exec = exec_ssh,
	.put_file = put_file_ssh,
	.get_file = get_file_ssh,
	.disconnect = disconnect_ssh,
};
