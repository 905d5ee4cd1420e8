#ifndef CRBENCH_COMPARISON_FIELDS_H
#define CRBENCH_COMPARISON_FIELDS_H

#include <stddef.h>

struct comparison;

/*
 * The fields of one comparison, once, in the column order of
 * comparisons.csv, for every export (comparisons.csv, summary.json).
 * host_type and runtime are those of the candidate group, so that
 * (host_type, runtime, application, variant, metric) is the candidate's
 * row in summary.csv; `baseline` names the runtime or host type it is
 * compared with.
 */
enum field_type { FIELD_TEXT, FIELD_NUMBER, FIELD_COUNT };

struct field {
	const char *name;
	enum field_type type;
	const char *text; /* FIELD_TEXT; NULL is NA */
	double number;	  /* FIELD_NUMBER (NaN is NA) and FIELD_COUNT */
};

enum { COMPARISON_NFIELDS = 24 };

void comparison_fields(const struct comparison *c, struct field out[COMPARISON_NFIELDS]);

#endif
