#ifndef CRBENCH_SSH_KNOWNHOSTS_H
#define CRBENCH_SSH_KNOWNHOSTS_H

#include "common/strbuf.h"

#include <libssh2.h>

/*
 * Host key checking against an OpenSSH known_hosts file. Only an exact
 * match (LIBSSH2_KNOWNHOST_CHECK_MATCH) lets a connection go on. An
 * unknown key is refused, or appended to the file when `accept_new`; a
 * changed key is always refused, naming the file and line of the old key.
 * Entries are "host" for port 22 and "[host]:port" otherwise; hashed
 * entries (|1|salt|hash) are understood.
 */
struct ssh_hostkey_check {
	const char *file; /* the known_hosts file */
	const char *host; /* as connected to: address or name */
	int port;
	int accept_new;
};

/* 0 when the session's host key may be trusted; -1 with the reason in `why`. */
int ssh_knownhosts_check(LIBSSH2_SESSION *s, const struct ssh_hostkey_check *chk,
			 struct strbuf *why);
/*
 * The key types ("ssh-ed25519,ecdsa-sha2-nistp256") recorded for the host,
 * comma-separated, so the handshake can ask for a key that can be checked.
 */
void ssh_knownhosts_types(const struct ssh_hostkey_check *chk, struct strbuf *types);
/*
 * The 1-based line of the first entry for host/port (of key type `type`
 * when not NULL), or 0. Exposed for tests.
 */
int ssh_knownhosts_find_line(const char *text, const char *host, int port, const char *type);

#endif
