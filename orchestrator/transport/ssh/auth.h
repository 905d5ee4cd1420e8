#ifndef CRBENCH_SSH_AUTH_H
#define CRBENCH_SSH_AUTH_H

#include "common/strbuf.h"

struct ssh_conn;
struct ssh_target;

/*
 * Public-key authentication: the ssh-agent's identities first (when
 * SSH_AUTH_SOCK is set and IdentitiesOnly is not), then each identity file.
 * An encrypted key's passphrase comes from CRBENCH_SSH_PASSPHRASE or, on a
 * terminal, a prompt; it is never logged. Returns 0, or SSH_PERMANENT /
 * SSH_TRANSIENT with the reason in `why`.
 */
int ssh_authenticate(struct ssh_conn *c, const struct ssh_target *t, double deadline,
		     struct strbuf *why);

#endif
