/*
 * Opening an SSH session to a resolved target (target.c): connect with a
 * deadline, handshake, check the host key, authenticate (auth.c). The
 * session is non-blocking; ssh_wait() (io.c) is the one place that waits
 * for the socket.
 */
#include "orchestrator/transport/ssh/session.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "orchestrator/transport/ssh/auth.h"
#include "orchestrator/transport/ssh/knownhosts.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Keepalive probes while a session is idle or a command runs; the server must answer. */
#define KEEPALIVE_SECONDS 15
/* The order OpenSSH prefers, used after the types known_hosts has for the host. */
#define DEFAULT_HOSTKEY_TYPES                                                                      \
	"ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"                 \
	"rsa-sha2-512,rsa-sha2-256,ssh-rsa"

static pthread_once_t library_once = PTHREAD_ONCE_INIT;
static int library_status;

static void library_init_once(void)
{
	library_status = libssh2_init(0);
}

int ssh_library_init(void)
{
	pthread_once(&library_once, library_init_once);
	return library_status ? -1 : 0;
}

/* ---- connecting ---- */

static int connect_addr(const struct addrinfo *ai, double deadline, struct strbuf *why)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ai->ai_protocol),
	    err = 0, one = 1;
	socklen_t len = sizeof(err);

	if (fd < 0) {
		strbuf_addf(why, "socket: %s", strerror(errno));
		return -1;
	}
	/* every command is a few small packets: do not let Nagle delay them */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS)
		err = errno;
	else if (ssh_wait_fd(fd, POLLOUT, deadline) < 0)
		err = ETIMEDOUT;
	else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		strbuf_addf(why, "%s", strerror(err));
		close(fd);
		return -1;
	}
	return fd;
}

/* A name lookup in flight; on the heap, as a lookup given up may still write to it. */
struct lookup {
	struct addrinfo hints;
	struct gaicb cb;
	char service[16];
	char host[];
};

/*
 * getaddrinfo() with a deadline: glibc's asynchronous lookup, waited for
 * until `deadline`. A lookup that cannot be cancelled keeps its memory.
 */
static int resolve(const char *host, int port, double deadline, struct addrinfo **res,
		   struct strbuf *why)
{
	struct lookup *l = xcalloc(1, sizeof(*l) + strlen(host) + 1);
	struct gaicb *list[] = {&l->cb};
	int rc;

	strcpy(l->host, host);
	snprintf(l->service, sizeof(l->service), "%d", port);
	l->hints = (struct addrinfo){.ai_socktype = SOCK_STREAM, .ai_flags = AI_ADDRCONFIG};
	l->cb = (struct gaicb){
		.ar_name = l->host, .ar_service = l->service, .ar_request = &l->hints};
	if (!(rc = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL)))
		rc = gai_error(&l->cb);
	for (; rc == EAI_INPROGRESS; rc = gai_error(&l->cb)) {
		double left = deadline - mono_now();
		struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
		if (left <= 0) {
			strbuf_addf(why, "cannot resolve %s: no answer before the connect timeout",
				    host);
			rc = gai_cancel(&l->cb);
			if (rc == EAI_NOTCANCELED)
				return -1; /* still running: it owns `l` now */
			if (rc == EAI_ALLDONE && !gai_error(&l->cb))
				freeaddrinfo(l->cb.ar_result);
			free(l);
			return -1;
		}
		gai_suspend((const struct gaicb *const *)list, 1, &ts);
	}
	if (rc)
		strbuf_addf(why, "cannot resolve %s: %s", host, gai_strerror(rc));
	else
		*res = l->cb.ar_result;
	free(l);
	return rc ? -1 : 0;
}

int ssh_tcp_connect(const char *host, int port, double deadline, struct strbuf *why)
{
	struct addrinfo *res, *ai;
	int fd = -1;

	if (resolve(host, port, deadline, &res, why) < 0)
		return -1;
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		if (ai != res)
			strbuf_addstr(why, "; ");
		fd = connect_addr(ai, deadline, why);
	}
	freeaddrinfo(res);
	if (fd >= 0)
		strbuf_reset(why);
	else
		strbuf_addf(why, " (connecting to %s port %d)", host, port);
	return fd;
}

/*
 * Host key types to ask for: those known_hosts has for the host first (as
 * OpenSSH does), then the usual order; each once and only if this libssh2
 * supports it (libssh2 1.10 copies overlapping memory when it drops one).
 */
static void hostkey_prefs(LIBSSH2_SESSION *s, const struct ssh_hostkey_check *chk,
			  struct strbuf *prefs)
{
	struct strbuf wanted = STRBUF_INIT;
	const char **algs = NULL;
	char *save = NULL;
	int n;

	ssh_knownhosts_types(chk, &wanted);
	strbuf_addf(&wanted, "%s%s", wanted.len ? "," : "", DEFAULT_HOSTKEY_TYPES);
	n = libssh2_session_supported_algs(s, LIBSSH2_METHOD_HOSTKEY, &algs);
	for (char *w = strtok_r(wanted.buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int supported = 0, seen = 0;
		for (int i = 0; i < n; i++)
			supported |= !strcmp(algs[i], w);
		for (const char *p = prefs->buf; (p = strstr(p, w)); p++)
			seen |= (p == prefs->buf || p[-1] == ',') &&
				(!p[strlen(w)] || p[strlen(w)] == ',');
		if (supported && !seen)
			strbuf_addf(prefs, "%s%s", prefs->len ? "," : "", w);
	}
	if (n > 0)
		libssh2_free(s, algs);
	strbuf_release(&wanted);
}

static int handshake(struct ssh_conn *c, const struct ssh_target *t, double deadline,
		     struct strbuf *why)
{
	struct ssh_hostkey_check chk = {t->known_hosts, t->host, t->port, t->accept_new};
	struct strbuf prefs = STRBUF_INIT;
	int rc;

	hostkey_prefs(c->session, &chk, &prefs);
	if (prefs.len)
		libssh2_session_method_pref(c->session, LIBSSH2_METHOD_HOSTKEY, prefs.buf);
	strbuf_release(&prefs);
	while ((rc = libssh2_session_handshake(c->session, c->sock)) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(c, deadline) < 0)
			break;
	if (rc) {
		strbuf_addf(why, "SSH handshake with %s port %d failed: %s", t->host, t->port,
			    rc == LIBSSH2_ERROR_EAGAIN ? "timed out" : ssh_error(c->session));
		return SSH_TRANSIENT;
	}
	return ssh_knownhosts_check(c->session, &chk, why) < 0 ? SSH_PERMANENT : 0;
}

int ssh_conn_open(struct ssh_conn *c, const struct ssh_target *t, struct strbuf *why)
{
	double deadline = mono_now() + t->connect_timeout;
	int rc;

	*c = (struct ssh_conn)SSH_CONN_INIT;
	if (ssh_library_init() < 0) {
		strbuf_addstr(why, "cannot initialise libssh2");
		return SSH_PERMANENT;
	}
	if (t->jump)
		c->sock = ssh_proxy_open(&c->proxy, t, deadline, why);
	else
		c->sock = ssh_tcp_connect(t->host, t->port, deadline, why);
	if (c->sock < 0)
		return SSH_TRANSIENT;
	c->session = libssh2_session_init();
	if (!c->session) {
		strbuf_addstr(why, "cannot create an SSH session");
		ssh_conn_close(c);
		return SSH_PERMANENT;
	}
	libssh2_session_set_blocking(c->session, 0);
	rc = handshake(c, t, deadline, why);
	if (!rc)
		rc = ssh_authenticate(c, t, deadline, why);
	if (rc) {
		ssh_conn_close(c);
		return rc;
	}
	libssh2_keepalive_config(c->session, 1, KEEPALIVE_SECONDS);
	return 0;
}

/*
 * Free the session without waiting past a second: a non-blocking
 * libssh2_session_free() returns EAGAIN (and frees nothing) while it still
 * closes channels; once the socket is shut down it fails fast instead.
 */
static void free_session(struct ssh_conn *c)
{
	double deadline = mono_now() + 1.0;

	while (libssh2_session_disconnect(c->session, "bye") == LIBSSH2_ERROR_EAGAIN &&
	       ssh_wait(c, deadline) == 0)
		;
	while (libssh2_session_free(c->session) == LIBSSH2_ERROR_EAGAIN) {
		if (ssh_wait(c, deadline) < 0 && c->sock >= 0) {
			shutdown(c->sock, SHUT_RDWR);
			deadline = mono_now() + 1.0;
		}
	}
}

void ssh_conn_close(struct ssh_conn *c)
{
	if (c->session)
		free_session(c);
	if (c->sock >= 0)
		close(c->sock);
	if (c->proxy)
		ssh_proxy_close(c->proxy);
	*c = (struct ssh_conn)SSH_CONN_INIT;
}
