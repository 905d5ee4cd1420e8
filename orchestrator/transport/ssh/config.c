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

static int same_char(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/*
 * OpenSSH's patterns: * is any run of characters, ? one character. Only the
 * last * is ever retried (with one more character swallowed): an earlier
 * one could only swallow what the later one can, so the match costs at
 * most length(pat) x length(s) steps, where a recursion per * is
 * exponential in the number of stars.
 */
static int glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		if (*pat == '*') {
			star = ++pat;
			retry = s;
		} else if (*pat && (*pat == '?' || same_char(*pat, *s))) {
			pat++;
			s++;
		} else if (star) {
			pat = star;
			s = ++retry;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
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

/*
 * Where this parse's paths were written. They are expanded once the whole
 * text is read, since %h and %r take the values that win, and a bad
 * %-token is reported at its line.
 */
struct new_paths {
	size_t first_identity; /* identity_files before it are expanded already */
	int *identity_lines;   /* the line of identity_files.v[first_identity + i] */
	size_t nr, alloc;
	int known_hosts_line; /* 0: not set yet; -1: set before this parse */
};

/* Note the line of a path that the keyword on line `nr` may have stored. */
static void note_new_paths(struct new_paths *np, const struct ssh_host_config *c, int nr)
{
	if (c->identity_files.nr > np->first_identity + np->nr) {
		ALLOC_GROW(np->identity_lines, np->nr + 1, np->alloc);
		np->identity_lines[np->nr++] = nr;
	}
	if (!np->known_hosts_line && c->known_hosts)
		np->known_hosts_line = nr;
}

static int expand_at(char **path, const struct cfg_line *where, const struct ssh_host_config *c,
		     const char *alias, struct strbuf *why)
{
	char *expanded;

	if (expand_path(*path, c, alias, &expanded) < 0)
		return fail(why, where, "unknown %%-token in \"%s\" (known: %%d %%h %%r %%u %%%%)",
			    *path);
	free(*path);
	*path = expanded;
	return 0;
}

static int expand_new_paths(struct ssh_host_config *c, const char *alias,
			    const struct new_paths *np, const char *file, struct strbuf *why)
{
	struct cfg_line where = {.file = file};

	for (size_t i = 0; i < np->nr; i++) {
		char **path = &c->identity_files.v[np->first_identity + i];

		where.nr = np->identity_lines[i];
		if (expand_at(path, &where, c, alias, why) < 0)
			return -1;
	}
	where.nr = np->known_hosts_line;
	if (where.nr > 0 && expand_at(&c->known_hosts, &where, c, alias, why) < 0)
		return -1;
	return 0;
}

int ssh_config_parse(const char *file, const char *text, const char *alias,
		     struct ssh_host_config *c, struct strbuf *why)
{
	char *copy = xstrdup(text), *line = copy, *next;
	struct new_paths np = {.first_identity = c->identity_files.nr,
			       .known_hosts_line = c->known_hosts ? -1 : 0};
	int apply = 1, ret = 0;
	struct cfg_line l = {.file = file, .nr = 0};

	/* editors on Windows write one; left in, it hides the first keyword */
	if (!strncmp(line, "\xEF\xBB\xBF", 3))
		line += 3;
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
			note_new_paths(&np, c, l.nr);
		}
	}
	free(copy);
	if (!ret)
		ret = expand_new_paths(c, alias, &np, file, why);
	free(np.identity_lines);
	return ret;
}

/* The number of the line of `text` that `at` is on. */
static int line_of(const char *text, const char *at)
{
	int nr = 1;

	for (; text < at; text++)
		nr += *text == '\n';
	return nr;
}

int ssh_config_read(const char *path, int optional, const char *alias, struct ssh_host_config *out,
		    struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	const char *nul;
	int ret;

	if (optional && access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (read_file_why(path, &text, READ_LIMIT_CONFIG, why) < 0) {
		strbuf_release(&text);
		return -1;
	}
	nul = memchr(text.buf, '\0', text.len);
	/* the parser sees text up to the first NUL only: the rest would vanish */
	if (nul) {
		strbuf_addf(why, "%s:%d: NUL byte: not a text file", path, line_of(text.buf, nul));
		ret = -1;
	} else {
		ret = ssh_config_parse(path, text.buf, alias, out, why);
	}
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
