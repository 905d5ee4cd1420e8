/*
 * A reader for the subset of ssh_config(5) that crbench's ssh transport
 * honours. One pass over the lines: a Host line decides whether the lines
 * after it apply to the alias; a known keyword in an applying block sets
 * its field unless an earlier line did (OpenSSH's "first value wins").
 */
#include "orchestrator/transport/ssh/config.h"
#include "common/fsutil.h"
#include "common/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_ARGS 64

struct cfg_line {
	const char *file;
	int nr;
	char *words[MAX_ARGS]; /* words[0] is the keyword */
	int nr_words;
};

/* OpenSSH's patterns: * is any run of characters, ? one character. */
static int glob_match(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '*') {
			for (; *s; s++)
				if (glob_match(pat + 1, s))
					return 1;
			return glob_match(pat + 1, s);
		}
		if (!*s ||
		    (*pat != '?' && tolower((unsigned char)*pat) != tolower((unsigned char)*s)))
			return 0;
	}
	return !*s;
}

int ssh_pattern_list_match(const char *patterns, const char *host)
{
	char *copy = xstrdup(patterns), *save = NULL;
	int matched = 0, negated = 0;

	for (char *p = strtok_r(copy, ", \t", &save); p; p = strtok_r(NULL, ", \t", &save)) {
		if (*p == '!' && glob_match(p + 1, host))
			negated = 1;
		else if (*p != '!' && glob_match(p, host))
			matched = 1;
	}
	free(copy);
	return matched && !negated;
}

/* ~ and the tokens %d (home), %h (host), %r (remote user), %u (local user), %%. */
/* One %-token; -1 for an unknown one. */
static int expand_token(struct strbuf *sb, char token, const struct ssh_host_config *c,
			const char *alias, const char *me)
{
	char *home;

	switch (token) {
	case '%':
		strbuf_addch(sb, '%');
		return 0;
	case 'd':
		home = expand_home("~");
		strbuf_addstr(sb, home);
		free(home);
		return 0;
	case 'h':
		strbuf_addstr(sb, c->hostname ? c->hostname : alias);
		return 0;
	case 'r':
		strbuf_addstr(sb, c->user ? c->user : me);
		return 0;
	case 'u':
		strbuf_addstr(sb, me);
		return 0;
	}
	return -1;
}

/* ~ and the tokens %d (home), %h (host), %r (remote user), %u (local user), %%. */
static int expand_path(const char *in, const struct ssh_host_config *c, const char *alias,
		       char **out)
{
	struct strbuf sb = STRBUF_INIT;
	char *tilde = expand_home(in), *me = user_name();
	int ret = 0;

	for (const char *p = tilde; !ret && *p; p++) {
		if (*p != '%')
			strbuf_addch(&sb, *p);
		else
			ret = expand_token(&sb, *++p, c, alias, me);
	}
	free(tilde);
	free(me);
	if (ret)
		strbuf_release(&sb);
	else
		*out = strbuf_detach(&sb, NULL);
	return ret;
}

__attribute__((format(printf, 3, 4))) static int fail(struct strbuf *why, const struct cfg_line *l,
						      const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(why, "%s:%d: ", l->file, l->nr);
	va_start(ap, fmt);
	strbuf_vaddf(why, fmt, ap);
	va_end(ap);
	return -1;
}

/* The next word of `*s` into `*w` (in place), with "double" and 'single' quotes grouping. */
static int next_word(char **s, char **w, const struct cfg_line *l, struct strbuf *why)
{
	char quote = 0;

	while (**s && (quote || !isspace((unsigned char)**s))) {
		if (!quote && (**s == '"' || **s == '\''))
			quote = *(*s)++;
		else if (quote && **s == quote)
			quote = 0, (*s)++;
		else
			*(*w)++ = *(*s)++;
	}
	if (quote)
		return fail(why, l, "unterminated quote");
	return 0;
}

/*
 * Split a line (modified in place) into the keyword and its arguments:
 * "Keyword value", "Keyword=value" and "Keyword = value" are the same.
 */
static int split_line(char *s, struct cfg_line *l, struct strbuf *why)
{
	char *w;

	l->nr_words = 0;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '#')
		return 0;
	l->words[l->nr_words++] = s;
	s += strcspn(s, " \t\r=");
	w = s;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '=')
		s++;
	*w = '\0';
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			return 0;
		if (l->nr_words == MAX_ARGS)
			return fail(why, l, "too many arguments");
		l->words[l->nr_words++] = w = s;
		if (next_word(&s, &w, l, why) < 0)
			return -1;
		if (*s)
			s++;
		*w = '\0';
	}
}

/* Exactly `n` arguments, or at least one when `n` is 0. */
static int want_args(const struct cfg_line *l, int n, struct strbuf *why)
{
	if (l->nr_words - 1 < (n ? n : 1))
		return fail(why, l, "%s needs an argument", l->words[0]);
	if (n && l->nr_words - 1 > n)
		return fail(why, l, "%s takes %d argument%s, not %d", l->words[0], n,
			    n == 1 ? "" : "s", l->nr_words - 1);
	return 0;
}

static int parse_uint(const char *s, long max, long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	return (*end || errno || *out > max) ? -1 : 0;
}

static void set_once(char **field, const char *value)
{
	if (!*field)
		*field = xstrdup(value);
}

static int yes_no(const struct cfg_line *l, int *out, struct strbuf *why)
{
	if (!strcasecmp(l->words[1], "yes"))
		*out = 1;
	else if (!strcasecmp(l->words[1], "no"))
		*out = 0;
	else
		return fail(why, l, "%s must be yes or no, not \"%s\"", l->words[0], l->words[1]);
	return 0;
}

static int strict_value(const struct cfg_line *l, enum ssh_strict *out, struct strbuf *why)
{
	static const struct {
		const char *word;
		enum ssh_strict value;
	} values[] = {{"yes", SSH_STRICT_YES},
		      {"ask", SSH_STRICT_YES},
		      {"accept-new", SSH_STRICT_ACCEPT_NEW},
		      {"no", SSH_STRICT_NO},
		      {"off", SSH_STRICT_NO}};

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (!strcasecmp(l->words[1], values[i].word)) {
			*out = values[i].value;
			return 0;
		}
	}
	return fail(why, l,
		    "StrictHostKeyChecking must be yes, accept-new, ask, no or off, not \"%s\"",
		    l->words[1]);
}

/* Check one keyword line; store its value when `apply`. */
static int keyword(const struct cfg_line *l, int apply, struct ssh_host_config *c,
		   struct strbuf *why)
{
	const char *k = l->words[0], *v = l->nr_words > 1 ? l->words[1] : NULL;
	long n;
	int flag = 0;

	if (!strcasecmp(k, "Port")) {
		if (want_args(l, 1, why) < 0)
			return -1;
		if (parse_uint(v, 65535, &n) < 0 || !n)
			return fail(why, l, "bad port \"%s\"", v);
		if (apply && !c->port)
			c->port = (int)n;
	} else if (!strcasecmp(k, "ConnectTimeout")) {
		if (want_args(l, 1, why) < 0)
			return -1;
		if (parse_uint(v, 86400, &n) < 0)
			return fail(why, l, "bad ConnectTimeout \"%s\" (whole seconds)", v);
		if (apply && !c->connect_timeout)
			c->connect_timeout = (double)n; /* 0 stays "not set" */
	} else if (!strcasecmp(k, "HostName") || !strcasecmp(k, "User") ||
		   !strcasecmp(k, "ProxyJump") || !strcasecmp(k, "UserKnownHostsFile")) {
		if (want_args(l, strcasecmp(k, "UserKnownHostsFile") ? 1 : 0, why) < 0)
			return -1;
		if (!strcasecmp(k, "ProxyJump") && strchr(v, ','))
			return fail(why, l, "ProxyJump with more than one hop is not supported");
		if (!apply)
			return 0;
		if (!strcasecmp(k, "HostName"))
			set_once(&c->hostname, v);
		else if (!strcasecmp(k, "User"))
			set_once(&c->user, v);
		else if (!strcasecmp(k, "ProxyJump"))
			set_once(&c->proxy_jump, v); /* "none" is resolved by the caller */
		else
			set_once(&c->known_hosts, v);
	} else if (!strcasecmp(k, "IdentityFile")) {
		if (want_args(l, 1, why) < 0)
			return -1;
		if (apply)
			strvec_push(&c->identity_files, v);
	} else if (!strcasecmp(k, "IdentitiesOnly")) {
		if (want_args(l, 1, why) < 0 || yes_no(l, &flag, why) < 0)
			return -1;
		if (apply && !c->identities_only)
			c->identities_only = flag ? 1 : -1;
	} else if (!strcasecmp(k, "StrictHostKeyChecking")) {
		enum ssh_strict s = SSH_STRICT_UNSET;
		if (want_args(l, 1, why) < 0 || strict_value(l, &s, why) < 0)
			return -1;
		if (apply && c->strict == SSH_STRICT_UNSET)
			c->strict = s;
	}
	return 0;
}

/* Expand the paths this parse added (earlier ones are expanded already). */
static int expand_new_paths(struct ssh_host_config *c, const char *alias, size_t first_identity,
			    int known_hosts_new, const char *file, struct strbuf *why)
{
	char *expanded;

	for (size_t i = first_identity; i < c->identity_files.nr; i++) {
		if (expand_path(c->identity_files.v[i], c, alias, &expanded) < 0)
			goto bad;
		free(c->identity_files.v[i]);
		c->identity_files.v[i] = expanded;
	}
	if (known_hosts_new && c->known_hosts) {
		if (expand_path(c->known_hosts, c, alias, &expanded) < 0)
			goto bad;
		free(c->known_hosts);
		c->known_hosts = expanded;
	}
	return 0;
bad:
	strbuf_addf(why, "%s: unknown %%-token in a path (known: %%d %%h %%r %%u %%%%)", file);
	return -1;
}

int ssh_config_parse(const char *file, const char *text, const char *alias,
		     struct ssh_host_config *c, struct strbuf *why)
{
	char *copy = xstrdup(text), *line = copy, *next;
	size_t first_identity = c->identity_files.nr;
	int known_hosts_new = !c->known_hosts, apply = 1, ret = 0;
	struct cfg_line l = {.file = file, .nr = 0};

	for (; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		l.nr++;
		if (split_line(line, &l, why) < 0) {
			ret = -1;
		} else if (!l.nr_words) {
			continue;
		} else if (!strcasecmp(l.words[0], "Host")) {
			ret = want_args(&l, 0, why);
			apply = 0;
			for (int i = 1; i < l.nr_words && !ret; i++)
				apply |= ssh_pattern_list_match(l.words[i], alias);
			/* a negation anywhere on the line vetoes the whole line */
			for (int i = 1; i < l.nr_words && !ret; i++)
				if (l.words[i][0] == '!' && glob_match(l.words[i] + 1, alias))
					apply = 0;
		} else if (!strcasecmp(l.words[0], "Match")) {
			apply = 0; /* conditions are not evaluated: never apply */
		} else {
			ret = keyword(&l, apply, c, why);
		}
	}
	free(copy);
	if (!ret)
		ret = expand_new_paths(c, alias, first_identity, known_hosts_new, file, why);
	return ret;
}

int ssh_config_read(const char *path, int optional, const char *alias, struct ssh_host_config *out,
		    struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	if (optional && access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (read_file_why(path, &text, READ_LIMIT_CONFIG, why) < 0) {
		strbuf_release(&text);
		return -1;
	}
	ret = ssh_config_parse(path, text.buf, alias, out, why);
	strbuf_release(&text);
	return ret;
}

void ssh_host_config_release(struct ssh_host_config *c)
{
	free(c->hostname);
	free(c->user);
	strvec_clear(&c->identity_files);
	free(c->proxy_jump);
	free(c->known_hosts);
	*c = (struct ssh_host_config)SSH_HOST_CONFIG_INIT;
}
