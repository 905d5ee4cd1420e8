/*
 * Where and how to connect: the inventory entry first, then ssh_config,
 * then OpenSSH's defaults.
 */
#include "orchestrator/transport/ssh/target.h"
#include "common/fsutil.h"
#include "common/xalloc.h"
#include "orchestrator/transport/ssh/config.h"
#include "orchestrator/transport/transport.h"
#include "spec/spec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_CONNECT_TIMEOUT 10.0

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
		ssh_host_config_release(&cfg); /* what the lines before the bad one set */
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
