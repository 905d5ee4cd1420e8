#ifndef CRBENCH_SSH_CONFIG_H
#define CRBENCH_SSH_CONFIG_H

#include "common/strbuf.h"
#include "common/strvec.h"

/*
 * The useful subset of OpenSSH's client configuration (ssh_config(5)) for
 * one host: Host blocks with *, ? and !negation, HostName, User, Port,
 * IdentityFile, IdentitiesOnly, ConnectTimeout, ProxyJump (one hop),
 * UserKnownHostsFile, StrictHostKeyChecking. As in OpenSSH the first value
 * found for a keyword wins (IdentityFile accumulates), keywords are
 * case-insensitive and other keywords are ignored. Match blocks never apply.
 */
enum ssh_strict {
	SSH_STRICT_UNSET,
	SSH_STRICT_YES,	       /* yes, ask: an unknown key is refused */
	SSH_STRICT_ACCEPT_NEW, /* an unknown key is recorded; a changed one refused */
	SSH_STRICT_NO,	       /* no, off: refused too; crbench never skips the check */
};

struct ssh_host_config {
	char *hostname;		      /* NULL: the alias itself */
	char *user;		      /* NULL: not set */
	int port;		      /* 0: not set */
	struct strvec identity_files; /* in file order, ~ and %d/%h/%u/%r expanded */
	int identities_only;
	double connect_timeout; /* seconds; 0: not set */
	char *proxy_jump;	/* "[user@]host[:port]"; NULL: none */
	char *known_hosts;	/* the first UserKnownHostsFile, expanded; NULL: not set */
	enum ssh_strict strict;
};

#define SSH_HOST_CONFIG_INIT                                                                       \
	{                                                                                          \
		NULL, NULL, 0, STRVEC_INIT, 0, 0, NULL, NULL, SSH_STRICT_UNSET                     \
	}

/*
 * Read the settings that apply to `alias` from the ssh_config text `text`
 * (named `file` in messages). Every line is checked, also in blocks that do
 * not apply; the first problem is returned as -1 with "file:line: message"
 * in `why`. Values already set in `out` are kept (first value wins).
 */
int ssh_config_parse(const char *file, const char *text, const char *alias,
		     struct ssh_host_config *out, struct strbuf *why);
/* The same for a file; a missing file is no error when `optional`. */
int ssh_config_read(const char *path, int optional, const char *alias, struct ssh_host_config *out,
		    struct strbuf *why);
void ssh_host_config_release(struct ssh_host_config *c);

/* Does `host` match an ssh_config pattern list ("a*,b?,!c" or "a* b? !c")? */
int ssh_pattern_list_match(const char *patterns, const char *host);

#endif
