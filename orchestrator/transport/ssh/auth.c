/* Public-key authentication of an SSH session: agent first, then key files. */
#include "orchestrator/transport/ssh/auth.h"
#include "common/fsutil.h"
#include "common/xalloc.h"
#include "orchestrator/transport/ssh/io.h"
#include "orchestrator/transport/ssh/target.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* One prompt at a time: hosts connect from parallel threads, there is one terminal. */
static pthread_mutex_t prompt_lock = PTHREAD_MUTEX_INITIALIZER;

/* Ask on the terminal with echo off; NULL when there is no terminal. */
static char *prompt_passphrase(const char *key_file)
{
	struct termios old, quiet;
	char line[1024];
	char *answer = NULL;
	FILE *tty;

	pthread_mutex_lock(&prompt_lock);
	tty = isatty(STDIN_FILENO) ? fopen("/dev/tty", "r+") : NULL;
	if (tty && tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		fprintf(tty, "Enter passphrase for key '%s': ", key_file);
		fflush(tty);
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
		if (fgets(line, sizeof(line), tty)) {
			line[strcspn(line, "\r\n")] = '\0';
			answer = xstrdup(line);
		}
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		fputc('\n', tty);
		explicit_bzero(line, sizeof(line));
	}
	if (tty)
		fclose(tty);
	pthread_mutex_unlock(&prompt_lock);
	return answer;
}

static void forget(char *secret)
{
	if (secret) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
}

/* The methods the server accepts for the user; NULL with *done set if "none" already worked. */
static const char *auth_methods(struct ssh_conn *c, const struct ssh_target *t, double deadline,
				int *done)
{
	const char *list;

	*done = 0;
	while (!(list = libssh2_userauth_list(c->session, t->user, (unsigned)strlen(t->user)))) {
		if (libssh2_userauth_authenticated(c->session)) {
			*done = 1;
			return NULL;
		}
		if (libssh2_session_last_errno(c->session) != LIBSSH2_ERROR_EAGAIN ||
		    ssh_wait(c, deadline) < 0)
			return NULL;
	}
	return list;
}

static int try_agent(struct ssh_conn *c, const struct ssh_target *t, double deadline,
		     struct strbuf *tried)
{
	LIBSSH2_AGENT *agent = libssh2_agent_init(c->session);
	struct libssh2_agent_publickey *id = NULL;
	int ok = 0, rc;

	if (!agent)
		return 0;
	if (libssh2_agent_connect(agent) || libssh2_agent_list_identities(agent)) {
		strbuf_addstr(tried, "agent unreachable; ");
		libssh2_agent_free(agent);
		return 0;
	}
	while (!ok && libssh2_agent_get_identity(agent, &id, id) == 0) {
		while ((rc = libssh2_agent_userauth(agent, t->user, id)) == LIBSSH2_ERROR_EAGAIN)
			if (ssh_wait(c, deadline) < 0)
				break;
		ok = rc == 0;
		if (!ok)
			strbuf_addf(tried, "agent key %s refused; ",
				    id->comment ? id->comment : "?");
	}
	libssh2_agent_disconnect(agent);
	libssh2_agent_free(agent);
	return ok;
}

static int key_auth(struct ssh_conn *c, const struct ssh_target *t, const char *key,
		    const char *pub, const char *passphrase, double deadline)
{
	int rc;

	while ((rc = libssh2_userauth_publickey_fromfile_ex(c->session, t->user,
							    (unsigned)strlen(t->user), pub, key,
							    passphrase)) == LIBSSH2_ERROR_EAGAIN)
		if (ssh_wait(c, deadline) < 0)
			break;
	return rc;
}

/* One identity file; a key that cannot be read without a passphrase gets one. */
static int try_key(struct ssh_conn *c, const struct ssh_target *t, const char *key, double deadline,
		   struct strbuf *tried)
{
	struct strbuf pub = STRBUF_INIT;
	const char *env = getenv("CRBENCH_SSH_PASSPHRASE");
	char *asked = NULL;
	int rc;

	/* libssh2 reads it to its end: /dev/zero would never end */
	if (check_regular(key, READ_LIMIT_CONFIG, tried) < 0) {
		strbuf_addstr(tried, "; ");
		return 0;
	}
	strbuf_addf(&pub, "%s.pub", key);
	rc = key_auth(c, t, key, file_exists(pub.buf) ? pub.buf : NULL, env, deadline);
	if (rc == LIBSSH2_ERROR_FILE && !env && (asked = prompt_passphrase(key)))
		rc = key_auth(c, t, key, file_exists(pub.buf) ? pub.buf : NULL, asked, deadline);
	forget(asked);
	strbuf_release(&pub);
	if (rc == LIBSSH2_ERROR_FILE)
		strbuf_addf(tried, "%s cannot be read (encrypted? set CRBENCH_SSH_PASSPHRASE); ",
			    key);
	else if (rc)
		strbuf_addf(tried, "%s refused (%s); ", key, ssh_error(c->session));
	return rc == 0;
}

int ssh_authenticate(struct ssh_conn *c, const struct ssh_target *t, double deadline,
		     struct strbuf *why)
{
	struct strbuf tried = STRBUF_INIT;
	int done, ok = 0;
	const char *methods = auth_methods(c, t, deadline, &done);

	if (done)
		return 0;
	if (!methods) {
		strbuf_addf(why, "cannot ask %s which authentication it accepts: %s", t->host,
			    ssh_error(c->session));
		return SSH_TRANSIENT;
	}
	if (!strstr(methods, "publickey")) {
		strbuf_addf(why, "%s accepts no public key for %s (only: %s)", t->host, t->user,
			    methods);
		return SSH_PERMANENT;
	}
	if (getenv("SSH_AUTH_SOCK") && !t->identities_only)
		ok = try_agent(c, t, deadline, &tried);
	for (size_t i = 0; !ok && i < t->identities.nr; i++)
		if (file_exists(t->identities.v[i]))
			ok = try_key(c, t, t->identities.v[i], deadline, &tried);
	if (!ok) {
		strbuf_rtrim(&tried);
		strbuf_addf(why, "authentication as %s@%s failed: %s", t->user, t->host,
			    tried.len ? tried.buf : "no agent and no identity file found");
		if (why->len && why->buf[why->len - 1] == ';')
			strbuf_setlen(why, why->len - 1);
	}
	strbuf_release(&tried);
	return ok ? 0 : SSH_PERMANENT;
}
