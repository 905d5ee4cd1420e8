#ifndef CRBENCH_PARAMS_H
#define CRBENCH_PARAMS_H

#include <stddef.h>

/*
 * Declared parameters of a workload (after fio's option table): the spec
 * loader validates an application's `params:` against its workload's table
 * and fills in defaults, so workloads only read checked values.
 */
enum param_type {
	PARAM_STRING,
	PARAM_INT,	/* whole number within [min, max] */
	PARAM_NUMBER,	/* real number within [min, max] */
	PARAM_DURATION, /* seconds: 30, 2.5, "30s", "5m", "1h", "250ms" */
	PARAM_SIZE,	/* bytes: 1048576, "512MiB", "2GiB", "4k" */
	PARAM_BOOL,
	PARAM_LIST, /* comma-separated items, each one of `choices`, none empty or repeated */
};

struct param_decl {
	const char *name;
	enum param_type type;
	const char *default_value; /* NULL: required */
	double min, max;	   /* numeric types; min == max == 0: unbounded */
	const char *const
		*choices; /* PARAM_STRING, PARAM_LIST: NULL-terminated allowed values, or NULL */
	const char *help;
};

/* A validated value: `text` as written (or the default), `number` parsed. */
struct param_value {
	const char *name; /* points into the declaration */
	char *text;
	double number; /* seconds for durations, bytes for sizes, 0/1 for bools */
};

struct params {
	struct param_value *v;
	size_t nr, alloc;
};

const struct param_value *params_get(const struct params *p, const char *name);
/* Shortcuts for declared parameters (abort if the name was never declared). */
const char *params_text(const struct params *p, const char *name);
double params_number(const struct params *p, const char *name);
/* The items of a PARAM_LIST value, appended to `items` (a struct strvec). */
struct strvec;
void params_list(const struct params *p, const char *name, struct strvec *items);
void params_set(struct params *p, const char *name, const char *text, double number);
void params_free(struct params *p);

/*
 * Parse `text` as a value of `decl`; on error returns -1 and puts the reason
 * into `why` (no position: the caller knows where the value was).
 */
struct strbuf;
int param_parse(const struct param_decl *decl, const char *text, double *number,
		struct strbuf *why);
/* Parsers shared with other parts of the spec (limits, timeouts). */
int parse_duration(const char *text, double *seconds);
int parse_size(const char *text, double *bytes);

#endif
