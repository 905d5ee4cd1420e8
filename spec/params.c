#include "spec/params.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct param_value *params_get(const struct params *p, const char *name)
{
	for (size_t i = 0; i < p->nr; i++)
		if (!strcmp(p->v[i].name, name))
			return &p->v[i];
	return NULL;
}

static const struct param_value *must_get(const struct params *p, const char *name)
{
	const struct param_value *v = params_get(p, name);
	if (!v) {
		fprintf(stderr, "crbench: internal error: parameter '%s' was not declared\n", name);
		abort();
	}
	return v;
}

const char *params_text(const struct params *p, const char *name)
{
	return must_get(p, name)->text;
}

double params_number(const struct params *p, const char *name)
{
	return must_get(p, name)->number;
}

/* Split at commas; an empty text has one empty item (the parser refuses it). */
static void split_list(const char *text, struct strvec *items)
{
	for (;;) {
		size_t len = strcspn(text, ",");
		char *item = xstrndup(text, len);

		strvec_push(items, item);
		free(item);
		if (!text[len])
			return;
		text += len + 1;
	}
}

void params_list(const struct params *p, const char *name, struct strvec *items)
{
	split_list(params_text(p, name), items);
}

void params_set(struct params *p, const char *name, const char *text, double number)
{
	for (size_t i = 0; i < p->nr; i++) {
		if (!strcmp(p->v[i].name, name)) {
			free(p->v[i].text);
			p->v[i].text = xstrdup(text);
			p->v[i].number = number;
			return;
		}
	}
	ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	p->v[p->nr++] = (struct param_value){name, xstrdup(text), number};
}

void params_free(struct params *p)
{
	for (size_t i = 0; i < p->nr; i++)
		free(p->v[i].text);
	free(p->v);
	p->v = NULL;
	p->nr = p->alloc = 0;
}

static int parse_scaled(const char *text, double *out, const char *const *suffixes,
			const double *scales)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || errno || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	for (int i = 0; suffixes[i]; i++) {
		if (!strcasecmp(end, suffixes[i])) {
			*out = v * scales[i];
			return 0;
		}
	}
	return -1;
}

int parse_duration(const char *text, double *seconds)
{
	static const char *const suffix[] = {"", "s", "ms", "m", "min", "h", NULL};
	static const double scale[] = {1, 1, 1e-3, 60, 60, 3600};
	return parse_scaled(text, seconds, suffix, scale);
}

int parse_size(const char *text, double *bytes)
{
	static const char *const suffix[] = {"",  "b",	"k",   "kb", "kib", "m",   "mb", "mib",
					     "g", "gb", "gib", "t",  "tb",  "tib", NULL};
	static const double K = 1024, M = 1024 * 1024, G = 1024.0 * 1024 * 1024;
	static const double scale[] = {1, 1, K, 1e3, K, M, 1e6, M, G, 1e9, G, G * K, 1e12, G * K};
	if (parse_scaled(text, bytes, suffix, scale) < 0)
		return -1;
	*bytes = floor(*bytes);
	return 0;
}

static int check_range(const struct param_decl *decl, double v, struct strbuf *why)
{
	if (decl->min == 0 && decl->max == 0)
		return 0;
	if (v < decl->min || v > decl->max) {
		strbuf_addf(why, "%s must be between %g and %g", decl->name, decl->min, decl->max);
		return -1;
	}
	return 0;
}

static int parse_string(const struct param_decl *decl, const char *text, struct strbuf *why)
{
	if (!decl->choices)
		return 0;
	for (int i = 0; decl->choices[i]; i++)
		if (!strcmp(decl->choices[i], text))
			return 0;
	strbuf_addf(why, "%s must be one of", decl->name);
	for (int i = 0; decl->choices[i]; i++)
		strbuf_addf(why, "%s \"%s\"", i ? "," : "", decl->choices[i]);
	strbuf_addf(why, ", not \"%s\"", text);
	return -1;
}

static int parse_list(const struct param_decl *decl, const char *text, struct strbuf *why)
{
	struct strvec items = STRVEC_INIT;
	int ret = 0;

	split_list(text, &items);
	for (size_t i = 0; i < items.nr && !ret; i++) {
		if (!*items.v[i]) {
			strbuf_addf(why, "%s has an empty item in \"%s\"", decl->name, text);
			ret = -1;
		} else if ((ret = parse_string(decl, items.v[i], why)) == 0) {
			for (size_t j = 0; j < i && !ret; j++)
				if (!strcmp(items.v[j], items.v[i])) {
					strbuf_addf(why, "%s names \"%s\" twice", decl->name,
						    items.v[i]);
					ret = -1;
				}
		}
	}
	strvec_clear(&items);
	return ret;
}

int param_parse(const struct param_decl *decl, const char *text, double *number, struct strbuf *why)
{
	char *end;

	*number = 0;
	switch (decl->type) {
	case PARAM_STRING:
		return parse_string(decl, text, why);
	case PARAM_LIST:
		return parse_list(decl, text, why);
	case PARAM_BOOL:
		if (!strcmp(text, "true") || !strcmp(text, "false")) {
			*number = !strcmp(text, "true");
			return 0;
		}
		strbuf_addf(why, "%s must be true or false, not \"%s\"", decl->name, text);
		return -1;
	case PARAM_INT:
	case PARAM_NUMBER:
		errno = 0;
		*number = strtod(text, &end);
		if (end == text || *end || errno || !isfinite(*number) ||
		    (decl->type == PARAM_INT && *number != floor(*number))) {
			strbuf_addf(why, "%s must be %s, not \"%s\"", decl->name,
				    decl->type == PARAM_INT ? "a whole number" : "a number", text);
			return -1;
		}
		return check_range(decl, *number, why);
	case PARAM_DURATION:
		if (parse_duration(text, number) < 0) {
			strbuf_addf(why,
				    "%s must be a duration like 30, \"30s\", \"5m\", not \"%s\"",
				    decl->name, text);
			return -1;
		}
		return check_range(decl, *number, why);
	case PARAM_SIZE:
		if (parse_size(text, number) < 0) {
			strbuf_addf(why,
				    "%s must be a size like 4096, \"512MiB\", \"2GiB\", not \"%s\"",
				    decl->name, text);
			return -1;
		}
		return check_range(decl, *number, why);
	}
	return -1;
}
