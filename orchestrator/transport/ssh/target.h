#ifndef CRBENCH_SSH_TARGET_H
#define CRBENCH_SSH_TARGET_H

#include "common/strbuf.h"
#include "common/strvec.h"

struct spec_host;

/* Where and how to connect: the inventory entry merged with ssh_config. */
struct ssh_target {
	char *name; /* the crbench host name, for messages */
	char *host; /* what to connect to */
	int port;
	char *user;
	struct strvec identities; /* private key files to try, in order */
	int identities_only;	  /* skip the agent */
	char *known_hosts;
	int accept_new;		 /* record unknown host keys */
	double connect_timeout;	 /* seconds */
	struct ssh_target *jump; /* ProxyJump hop, or NULL */
};

/* ssh_target_resolve() flag, beside TRANSPORT_*: ignore ProxyJump (resolving a hop). */
#define SSH_RESOLVE_NO_JUMP 0x8000u

/* Resolve `spec` (may be NULL: then `name` is an ssh_config alias). */
int ssh_target_resolve(struct ssh_target *t, const struct spec_host *spec, const char *name,
		       unsigned flags, struct strbuf *why);
void ssh_target_release(struct ssh_target *t);

#endif
