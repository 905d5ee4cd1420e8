/*
 * known_hosts checking with libssh2's knownhost API (which also matches
 * hashed entries), plus what it does not offer: the line of a changed key
 * for the message, the key types recorded for a host (so the handshake
 * asks for one of them), and appending a newly accepted key.
 */
#include "orchestrator/transport/ssh/knownhosts.h"
#include "common/fsutil.h"
#include "common/xalloc.h"
#include "orchestrator/transport/ssh/config.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	int hostkey_type; /* LIBSSH2_HOSTKEY_TYPE_* */
	int known_type;	  /* LIBSSH2_KNOWNHOST_KEY_* */
	const char *name;
} key_types[] = {
	{LIBSSH2_HOSTKEY_TYPE_ED25519, LIBSSH2_KNOWNHOST_KEY_ED25519, "ssh-ed25519"},
	{LIBSSH2_HOSTKEY_TYPE_ECDSA_256, LIBSSH2_KNOWNHOST_KEY_ECDSA_256, "ecdsa-sha2-nistp256"},
	{LIBSSH2_HOSTKEY_TYPE_ECDSA_384, LIBSSH2_KNOWNHOST_KEY_ECDSA_384, "ecdsa-sha2-nistp384"},
	{LIBSSH2_HOSTKEY_TYPE_ECDSA_521, LIBSSH2_KNOWNHOST_KEY_ECDSA_521, "ecdsa-sha2-nistp521"},
	{LIBSSH2_HOSTKEY_TYPE_RSA, LIBSSH2_KNOWNHOST_KEY_SSHRSA,
	 "rsa-sha2-512,rsa-sha2-256,ssh-rsa"},
	{LIBSSH2_HOSTKEY_TYPE_DSS, LIBSSH2_KNOWNHOST_KEY_SSHDSS, "ssh-dss"},
};

static const char *type_name(int hostkey_type)
{
	for (size_t i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (key_types[i].hostkey_type == hostkey_type)
			return key_types[i].name;
	return "unknown";
}

static int known_type(int hostkey_type)
{
	for (size_t i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (key_types[i].hostkey_type == hostkey_type)
			return key_types[i].known_type;
	return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
}

/* How the host appears in known_hosts: "host" on port 22, "[host]:port" otherwise. */
static void entry_name(struct strbuf *sb, const struct ssh_hostkey_check *chk)
{
	if (chk->port == 22)
		strbuf_addstr(sb, chk->host);
	else
		strbuf_addf(sb, "[%s]:%d", chk->host, chk->port);
}

static void base64(struct strbuf *sb, const unsigned char *p, size_t n)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		strbuf_addch(sb, digits[v >> 18 & 63]);
		strbuf_addch(sb, digits[v >> 12 & 63]);
		if (i + 1 < n)
			strbuf_addch(sb, digits[v >> 6 & 63]);
		if (i + 2 < n)
			strbuf_addch(sb, digits[v & 63]);
	}
}

/* "ssh-ed25519 SHA256:...", as OpenSSH prints it. */
static void describe_key(struct strbuf *sb, LIBSSH2_SESSION *s, int type)
{
	const char *hash = libssh2_hostkey_hash(s, LIBSSH2_HOSTKEY_HASH_SHA256);

	strbuf_addf(sb, "%s key SHA256:",
		    type == LIBSSH2_HOSTKEY_TYPE_RSA ? "ssh-rsa" : type_name(type));
	if (hash)
		base64(sb, (const unsigned char *)hash, 32);
}

/* The fields of a known_hosts line: host patterns and key, after an optional @marker. */
static int split_entry(char *line, char **hosts, char **key)
{
	char *save = NULL, *f[4];
	int n = 0;

	for (char *w = strtok_r(line, " \t", &save); w && n < 4; w = strtok_r(NULL, " \t", &save))
		f[n++] = w;
	if (n && f[0][0] == '@') {
		memmove(f, f + 1, sizeof(f[0]) * (size_t)--n);
	}
	if (n < 3 || f[0][0] == '#')
		return -1;
	*hosts = f[0];
	*key = f[2];
	return 0;
}

/* A plain pattern list that names the host, or a hashed one (not checked: libssh2 did). */
static int hosts_field_matches(const char *field, const char *name)
{
	return !strncmp(field, "|1|", 3) || ssh_pattern_list_match(field, name);
}

int ssh_knownhosts_find_line(const char *text, const char *host, int port, const char *key)
{
	struct ssh_hostkey_check chk = {.host = host, .port = port};
	struct strbuf name = STRBUF_INIT;
	char *copy = xstrdup(text), *line = copy, *next;
	int nr = 0, found = 0;

	entry_name(&name, &chk);
	for (; line && !found; line = next) {
		char *hosts, *k;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		nr++;
		if (split_entry(line, &hosts, &k) == 0 && !strcmp(k, key) &&
		    hosts_field_matches(hosts, name.buf))
			found = nr;
	}
	free(copy);
	strbuf_release(&name);
	return found;
}

static void report_changed(const struct ssh_hostkey_check *chk, struct libssh2_knownhost *old,
			   LIBSSH2_SESSION *s, int type, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT, name = STRBUF_INIT;
	int line = 0;

	if (read_file(chk->file, &text, READ_LIMIT_CONFIG) == 0 && old && old->key)
		line = ssh_knownhosts_find_line(text.buf, chk->host, chk->port, old->key);
	entry_name(&name, chk);
	strbuf_addf(why, "HOST KEY CHANGED for %s: it now offers ", name.buf);
	describe_key(why, s, type);
	strbuf_addf(why, ", which differs from the key recorded in %s", chk->file);
	if (line)
		strbuf_addf(why, ":%d", line);
	strbuf_addf(why,
		    "; someone may be intercepting the connection. If the host was reinstalled, "
		    "remove the old key (ssh-keygen -R '%s' -f %s) and connect again",
		    name.buf, chk->file);
	strbuf_release(&text);
	strbuf_release(&name);
}

/* Append the session's key for the host to the file (creating it and its directory). */
static int record_key(LIBSSH2_KNOWNHOSTS *kh, const struct ssh_hostkey_check *chk, const char *key,
		      size_t len, int type, struct strbuf *why)
{
	struct strbuf name = STRBUF_INIT, dir = STRBUF_INIT;
	struct libssh2_knownhost *entry = NULL;
	char line[8192];
	size_t line_len = 0;
	int ret = -1;

	entry_name(&name, chk);
	strbuf_addstr(&dir, chk->file);
	while (dir.len && dir.buf[dir.len - 1] != '/')
		dir.len--;
	strbuf_setlen(&dir, dir.len);
	if (libssh2_knownhost_addc(kh, name.buf, NULL, key, len, NULL, 0,
				   LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW |
					   known_type(type),
				   &entry) ||
	    libssh2_knownhost_writeline(kh, entry, line, sizeof(line), &line_len,
					LIBSSH2_KNOWNHOST_FILE_OPENSSH))
		strbuf_addf(why, "cannot format a known_hosts line for %s", name.buf);
	else if ((dir.len && mkdir_p(dir.buf, 0700) < 0) ||
		 append_file_sync(chk->file, line, line_len) < 0)
		strbuf_addf(why, "cannot record the host key of %s in %s", name.buf, chk->file);
	else
		ret = 0;
	strbuf_release(&name);
	strbuf_release(&dir);
	return ret;
}

static int check_key(LIBSSH2_SESSION *s, LIBSSH2_KNOWNHOSTS *kh,
		     const struct ssh_hostkey_check *chk, struct strbuf *why)
{
	struct libssh2_knownhost *found = NULL;
	size_t len;
	int type, rc;
	const char *key = libssh2_session_hostkey(s, &len, &type);

	if (!key) {
		strbuf_addstr(why, "the server sent no host key");
		return -1;
	}
	rc = libssh2_knownhost_checkp(kh, chk->host, chk->port, key, len,
				      LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW |
					      known_type(type),
				      &found);
	if (rc == LIBSSH2_KNOWNHOST_CHECK_MATCH)
		return 0;
	if (rc == LIBSSH2_KNOWNHOST_CHECK_MISMATCH) {
		report_changed(chk, found, s, type, why);
		return -1;
	}
	if (rc == LIBSSH2_KNOWNHOST_CHECK_NOTFOUND && chk->accept_new) {
		if (record_key(kh, chk, key, len, type, why) < 0)
			return -1;
		return 0;
	}
	if (rc == LIBSSH2_KNOWNHOST_CHECK_NOTFOUND) {
		strbuf_addstr(why, "unknown host key: ");
		describe_key(why, s, type);
		strbuf_addf(why,
			    " is not in %s. Check the fingerprint, then connect once with "
			    "--accept-new-host-keys (or StrictHostKeyChecking accept-new in "
			    "ssh_config) to record it",
			    chk->file);
		return -1;
	}
	strbuf_addf(why, "cannot check the host key against %s", chk->file);
	return -1;
}

static LIBSSH2_KNOWNHOSTS *load(LIBSSH2_SESSION *s, const char *file, struct strbuf *why)
{
	LIBSSH2_KNOWNHOSTS *kh = libssh2_knownhost_init(s);

	if (!kh) {
		strbuf_addstr(why, "cannot initialise known_hosts checking");
		return NULL;
	}
	/* a missing file has no keys: every key is unknown */
	if (!file_exists(file))
		return kh;
	if (check_regular(file, READ_LIMIT_CONFIG, why) < 0) {
		libssh2_knownhost_free(kh);
		return NULL;
	}
	if (libssh2_knownhost_readfile(kh, file, LIBSSH2_KNOWNHOST_FILE_OPENSSH) < 0) {
		strbuf_addf(why, "cannot read known_hosts file %s", file);
		libssh2_knownhost_free(kh);
		return NULL;
	}
	return kh;
}

int ssh_knownhosts_check(LIBSSH2_SESSION *s, const struct ssh_hostkey_check *chk,
			 struct strbuf *why)
{
	LIBSSH2_KNOWNHOSTS *kh = load(s, chk->file, why);
	int ret;

	if (!kh)
		return -1;
	ret = check_key(s, kh, chk, why);
	libssh2_knownhost_free(kh);
	return ret;
}

void ssh_knownhosts_types(const struct ssh_hostkey_check *chk, struct strbuf *types)
{
	LIBSSH2_SESSION *s = libssh2_session_init();
	struct strbuf ignored = STRBUF_INIT;
	LIBSSH2_KNOWNHOSTS *kh = s ? load(s, chk->file, &ignored) : NULL;

	/* with a key that cannot match, MISMATCH means "an entry of this type exists" */
	for (size_t i = 0; kh && i < sizeof(key_types) / sizeof(key_types[0]); i++) {
		int rc = libssh2_knownhost_checkp(kh, chk->host, chk->port, "-", 1,
						  LIBSSH2_KNOWNHOST_TYPE_PLAIN |
							  LIBSSH2_KNOWNHOST_KEYENC_RAW |
							  key_types[i].known_type,
						  NULL);
		if (rc == LIBSSH2_KNOWNHOST_CHECK_MISMATCH)
			strbuf_addf(types, "%s%s", types->len ? "," : "", key_types[i].name);
	}
	if (kh)
		libssh2_knownhost_free(kh);
	if (s)
		libssh2_session_free(s);
	strbuf_release(&ignored);
}
