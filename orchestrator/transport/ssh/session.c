/*
 * Opening an SSH session: resolve the target (inventory entry, then
 * ssh_config, then OpenSSH's defaults), connect with a deadline, handshake,
 * check the host key, authenticate (ssh_auth.c). The session is
 * non-blocking; ssh_wait() is the one place that waits for the socket.
 */
#include "orchestrator/transport/ssh/session.h"
#include "common/fsutil.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "spec/spec.h"
#include "orchestrator/transport/ssh/auth.h"
#include "orchestrator/transport/ssh/config.h"
#include "orchestrator/transport/ssh/knownhosts.h"
#include "orchestrator/transport/transport.h"

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
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_CONNECT_TIMEOUT 10.0
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

const char *ssh_error(LIBSSH2_SESSION *s)
{
	char *msg = NULL;

	if (!s)
		return "no session";
	libssh2_session_last_error(s, &msg, NULL, 0);
	return msg && *msg ? msg : "unknown error";
}

/* ---- the target ---- */

static void default_identities(struct strvec *ids)
{
	static const char *const names[] = {"~/.ssh/id_ed25519", "~/.ssh/id_ecdsa",
					    "~/.ssh/id_rsa"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = expand_home(names[i]);
		strvec_push(ids, path);
		free(path);
	}
}

/* "[user@]host[:port]" of ProxyJump, resolved through the same ssh_config without a further hop. */
static int resolve_jump(struct ssh_target *t, const char *spec_text, const char *cfgfile,
			unsigned flags, struct strbuf *why)
{
	struct spec_host hop = {.ssh_config = (char *)cfgfile};
	char *copy = xstrdup(spec_text), *at = strrchr(copy, '@'), *host = at ? at + 1 : copy;
	char *colon = strrchr(host, ':');
	int ret;

	if (at) {
		*at = '\0';
		hop.user = copy;
	}
	if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		*colon = '\0';
		hop.port = atoi(colon + 1);
	}
	hop.ssh_alias = host;
	t->jump = xcalloc(1, sizeof(*t->jump));
	ret = ssh_target_resolve(t->jump, &hop, host, flags | SSH_RESOLVE_NO_JUMP, why);
	free(copy);
	return ret;
}

static const char *pick(const char *a, const char *b, const char *c)
{
	return a ? a : b ? b : c;
}

int ssh_target_resolve(struct ssh_target *t, const struct spec_host *spec, const char *name,
		       unsigned flags, struct strbuf *why)
{
	struct ssh_host_config cfg = SSH_HOST_CONFIG_INIT;
	const char *alias = spec ? pick(spec->ssh_alias, spec->address, name) : name;
	char *cfgfile =
		spec && spec->ssh_config ? xstrdup(spec->ssh_config) : expand_home("~/.ssh/config");
	char *user = NULL, *kh = NULL;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (ssh_config_read(cfgfile, !(spec && spec->ssh_config), alias, &cfg, why) < 0) {
		free(cfgfile);
		return -1;
	}
	t->name = xstrdup(name);
	t->host = xstrdup(pick(spec ? spec->address : NULL, cfg.hostname, alias));
	t->port = spec && spec->port ? spec->port : cfg.port ? cfg.port : 22;
	t->user = spec && spec->user ? xstrdup(spec->user)
		  : cfg.user	     ? xstrdup(cfg.user)
				     : (user = user_name());
	if (spec && spec->identity)
		strvec_push(&t->identities, spec->identity);
	strvec_pushv(&t->identities, strvec_argv(&cfg.identity_files));
	if (!t->identities.nr)
		default_identities(&t->identities);
	t->identities_only = cfg.identities_only == 1;
	kh = expand_home("~/.ssh/known_hosts");
	t->known_hosts = xstrdup(pick(spec ? spec->known_hosts : NULL, cfg.known_hosts, kh));
	t->accept_new =
		(flags & TRANSPORT_ACCEPT_NEW_HOST_KEYS) || cfg.strict == SSH_STRICT_ACCEPT_NEW;
	t->connect_timeout =
		cfg.connect_timeout > 0 ? cfg.connect_timeout : DEFAULT_CONNECT_TIMEOUT;
	/* one hop only: the jump host's own ProxyJump is not followed */
	if (cfg.proxy_jump && strcasecmp(cfg.proxy_jump, "none") && !(flags & SSH_RESOLVE_NO_JUMP))
		ret = resolve_jump(t, cfg.proxy_jump, cfgfile, flags, why);
	free(kh);
	free(cfgfile);
	ssh_host_config_release(&cfg);
	return ret;
}

void ssh_target_release(struct ssh_target *t)
{
	if (t->jump) {
		ssh_target_release(t->jump);
		free(t->jump);
	}
	free(t->name);
	free(t->host);
	free(t->user);
	strvec_clear(&t->identities);
	free(t->known_hosts);
	memset(t, 0, sizeof(*t));
}

/* ---- waiting ---- */

static int wait_fd(int fd, short events, double deadline)
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
	return wait_fd(c->sock, events, deadline);
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
	else if (wait_fd(fd, POLLOUT, deadline) < 0)
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
