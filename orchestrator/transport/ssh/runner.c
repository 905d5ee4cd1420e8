/*
 * Commands through crbench-runner (runner/runner.c), over one channel of
 * the session: see ssh_runner.h and runner/protocol.h.
 */
#include "orchestrator/transport/ssh/runner.h"
#include "common/quote.h"
#include "common/timeutil.h"
#include "orchestrator/transport/transport.h"
#include "runner/protocol.h"

#include <signal.h>
#include <string.h>

/* The runner's program, linked in by runner/blob.S. */
extern const unsigned char crbench_runner_start[], crbench_runner_end[];

/* After SIGKILL, how long to wait for the command's exit to be reported. */
#define KILL_WAIT_SECONDS 5.0
/* The most time spent sending what is left for the runner after a command. */
#define FLUSH_SECONDS 10.0
/* Stdin goes in frames of this size, so that none is too long for the runner. */
#define STDIN_CHUNK 65536
/* The runner's own error output kept for messages. */
#define DIAG_MAX 4096

const void *ssh_runner_binary(size_t *len)
{
	*len = (size_t)(crbench_runner_end - crbench_runner_start);
	return crbench_runner_start;
}

static void add_frame(struct strbuf *out, int type, uint32_t id, const void *payload, size_t len)
{
	unsigned char header[RUNNER_HEADER_LEN];

	header[0] = (unsigned char)type;
	runner_put_u32(header + 1, id);
	runner_put_u32(header + 5, (uint32_t)len);
	strbuf_add(out, header, sizeof(header));
	if (len) /* the end of stdin has no payload, and may be NULL */
		strbuf_add(out, payload, len);
}

/* Send what the channel takes now; `sent` counts the bytes. 0 or a libssh2 error. */
static int flush_out(struct ssh_runner *r, size_t *sent)
{
	while (r->out.len) {
		size_t len = r->pending ? r->pending : r->out.len;
		ssize_t n = libssh2_channel_write(r->ch, r->out.buf, len);
		if (n == LIBSSH2_ERROR_EAGAIN) {
			r->pending = len;
			return 0;
		}
		r->pending = 0;
		if (n < 0)
			return (int)n;
		strbuf_remove_front(&r->out, (size_t)n);
		if (sent)
			*sent += (size_t)n;
	}
	return 0;
}

/* Read what arrived on the runner's stdout and stderr. 0 or a libssh2 error. */
static int read_in(struct ssh_runner *r, int *progress)
{
	char buf[32768];
	ssize_t n;

	while ((n = libssh2_channel_read(r->ch, buf, sizeof(buf))) > 0) {
		strbuf_add(&r->in, buf, (size_t)n);
		*progress = 1;
	}
	if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
		return (int)n;
	while ((n = libssh2_channel_read_stderr(r->ch, buf, sizeof(buf))) > 0) {
		if (r->diag.len < DIAG_MAX)
			strbuf_add(&r->diag, buf, (size_t)n);
		*progress = 1;
	}
	if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
		return (int)n;
	/* reading stderr may have queued stdout data: no wait while data is there */
	if (ssh_channel_has_data(r->ch))
		*progress = 1;
	return 0;
}

static int session_lost(int rc)
{
	return rc == LIBSSH2_ERROR_SOCKET_SEND || rc == LIBSSH2_ERROR_SOCKET_RECV ||
	       rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_SOCKET_TIMEOUT ||
	       rc == LIBSSH2_ERROR_SOCKET_NONE || rc == LIBSSH2_ERROR_BAD_SOCKET;
}

static void runner_ended(struct ssh_runner *r, struct strbuf *why)
{
	strbuf_rtrim(&r->diag);
	strbuf_addstr(why, "the command runner on the host ended");
	if (r->diag.len)
		strbuf_addf(why, ": %s", r->diag.buf);
}

/*
 * Act on the whole frames that arrived: those about command `id` fill
 * `res`, others are late words about commands given up. 1 when `id` has
 * exited, 0 not yet, -1 on a frame that makes no sense.
 */
static int take_frames(struct ssh_runner *r, uint32_t id, struct exec_result *res)
{
	const unsigned char *b = (const unsigned char *)r->in.buf;
	size_t at = 0;
	int done = 0;

	while (!done && r->in.len - at >= RUNNER_HEADER_LEN) {
		int type = b[at];
		uint32_t frame_id = runner_get_u32(b + at + 1), len = runner_get_u32(b + at + 5);
		const unsigned char *payload = b + at + RUNNER_HEADER_LEN;
		if (len > RUNNER_MAX_PAYLOAD)
			return -1;
		if (r->in.len - at < RUNNER_HEADER_LEN + len)
			break;
		at += RUNNER_HEADER_LEN + len;
		if (frame_id != id)
			continue;
		if (type == RUNNER_STDOUT || type == RUNNER_STDERR)
			strbuf_add(type == RUNNER_STDOUT ? &res->out : &res->err, payload, len);
		else if (type == RUNNER_EXIT && len == 8) {
			res->exit_status = (int)runner_get_u32(payload);
			res->exit_signal = (int)runner_get_u32(payload + 4);
			done = 1;
		} else
			return -1;
	}
	strbuf_remove_front(&r->in, at);
	return done;
}

/* Queue the frames of a command; returns the length of its start frame. */
static size_t queue_command(struct ssh_runner *r, uint32_t id, const struct exec_request *req)
{
	struct strbuf argv = STRBUF_INIT;
	size_t left = req->stdin_data ? req->stdin_len : 0;
	const char *in = req->stdin_data;
	size_t start_len;

	for (const char *const *a = req->argv; *a; a++)
		strbuf_add(&argv, *a, strlen(*a) + 1);
	add_frame(&r->out, RUNNER_START, id, argv.buf, argv.len);
	start_len = RUNNER_HEADER_LEN + argv.len;
	strbuf_release(&argv);
	while (left) {
		size_t n = left < STDIN_CHUNK ? left : STDIN_CHUNK;
		add_frame(&r->out, RUNNER_STDIN, id, in, n);
		in += n;
		left -= n;
	}
	add_frame(&r->out, RUNNER_STDIN_EOF, id, NULL, 0);
	return start_len;
}

/* A signal frame, once no half-done write stands in the way (libssh2's rule). */
static void queue_signal(struct ssh_runner *r, uint32_t id, int *sig)
{
	unsigned char payload[4];

	if (!*sig || r->pending)
		return;
	runner_put_u32(payload, (uint32_t)*sig);
	add_frame(&r->out, RUNNER_SIGNAL, id, payload, sizeof(payload));
	*sig = 0;
}

/* Until the command's exit arrives, or it is given up. */
static int pump(struct ssh_conn *c, struct ssh_runner *r, uint32_t id, size_t start_len,
		const struct exec_request *req, struct exec_result *res, struct strbuf *why)
{
	size_t sent = 0; /* out held nothing before this command: its start frame goes first */
	struct stop_schedule stop;
	int rc, done = 0, sig = 0;

	stop_schedule_init(&stop, req, mono_now());
	while (!done) {
		int progress = 0;
		double now;
		if ((rc = flush_out(r, &sent)) < 0 || (rc = read_in(r, &progress)) < 0) {
			strbuf_addstr(why, ssh_error(c->session));
			if (!session_lost(rc))
				return RUNNER_BROKEN;
			return sent >= start_len ? RUNNER_LOST : RUNNER_NOT_SENT;
		}
		if ((done = take_frames(r, id, res)) < 0) {
			strbuf_addstr(why, "the command runner sent a malformed frame");
			return RUNNER_BROKEN;
		}
		if (done)
			break;
		if (libssh2_channel_eof(r->ch)) {
			runner_ended(r, why);
			return RUNNER_BROKEN;
		}
		now = mono_now();
		if ((rc = stop_schedule_due(&stop, req, res, now)))
			sig = rc;
		queue_signal(r, id, &sig);
		if (stop_schedule_given_up(&stop, now, KILL_WAIT_SECONDS)) {
			res->exit_status = -1; /* it outlived SIGKILL */
			res->exit_signal = SIGKILL;
			break;
		}
		if (!progress)
			ssh_idle_wait(c, stop.deadline, !r->pending, req->interruptible);
	}
	return 0;
}

int ssh_runner_exec(struct ssh_conn *c, struct ssh_runner *r, const struct exec_request *req,
		    struct exec_result *res, struct strbuf *why)
{
	uint32_t id = ++r->last_id;
	double start = mono_now(), limit;
	int rc;

	res->timed_out = res->interrupted = 0;
	rc = pump(c, r, id, queue_command(r, id, req), req, res, why);
	if (rc < 0)
		return rc;
	res->seconds = mono_now() - start;
	/* stdin the command did not read is still owed to the runner, which drops it */
	limit = mono_now() + FLUSH_SECONDS;
	while (r->out.len) {
		if ((rc = flush_out(r, NULL)) < 0 || ssh_wait(c, limit) < 0) {
			strbuf_addstr(why,
				      "cannot send the rest of the command's stdin to the runner");
			return session_lost(rc) ? RUNNER_LOST : RUNNER_BROKEN;
		}
	}
	return 0;
}

int ssh_runner_open(struct ssh_conn *c, struct ssh_runner *r, const char *path, double deadline,
		    struct strbuf *why)
{
	struct strbuf cmd = STRBUF_INIT;
	const char *const argv[] = {path, NULL};
	size_t greeting = strlen(RUNNER_GREETING);
	int rc;

	strbuf_addstr(&cmd, "exec ");
	sq_quote_argv(&cmd, argv);
	while (!(r->ch = libssh2_channel_open_session(c->session)))
		if (libssh2_session_last_errno(c->session) != LIBSSH2_ERROR_EAGAIN ||
		    ssh_wait(c, deadline) < 0)
			goto fail;
	while ((rc = libssh2_channel_exec(r->ch, cmd.buf)) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(c, deadline) < 0)
			goto fail;
	if (rc)
		goto fail;
	/* the greeting: one frame, id 0 */
	while (r->in.len < RUNNER_HEADER_LEN + greeting) {
		int progress = 0;
		if (read_in(r, &progress) < 0 || libssh2_channel_eof(r->ch) ||
		    (!progress && ssh_wait(c, deadline) < 0))
			goto fail;
	}
	if (r->in.buf[0] != RUNNER_HELLO ||
	    memcmp(r->in.buf + RUNNER_HEADER_LEN, RUNNER_GREETING, greeting)) {
		strbuf_addstr(why, "the command runner did not greet as " RUNNER_GREETING);
		goto close;
	}
	strbuf_remove_front(&r->in, RUNNER_HEADER_LEN + greeting);
	strbuf_release(&cmd);
	return 0;
fail:
	if (r->ch && libssh2_channel_eof(r->ch))
		runner_ended(r, why);
	else
		strbuf_addf(why, "cannot start the command runner: %s", ssh_error(c->session));
close:
	strbuf_release(&cmd);
	if (r->ch)
		libssh2_channel_free(r->ch);
	ssh_runner_forget(r);
	return -1;
}

void ssh_runner_forget(struct ssh_runner *r)
{
	r->ch = NULL;
	r->pending = 0;
	strbuf_setlen(&r->in, 0);
	strbuf_setlen(&r->out, 0);
	strbuf_setlen(&r->diag, 0);
}

void ssh_runner_release(struct ssh_runner *r)
{
	strbuf_release(&r->in);
	strbuf_release(&r->out);
	strbuf_release(&r->diag);
}
