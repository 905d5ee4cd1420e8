#ifndef CRBENCH_PROGRESS_H
#define CRBENCH_PROGRESS_H

#include <stddef.h>

struct experiment;
struct matrix;
struct plan_entry;

/*
 * What a user watching an overnight run sees: on a terminal one updating
 * line (done/total, failures, elapsed, ETA); otherwise a plain line every
 * `interval` seconds. Failures are always printed as lines of their own.
 * The ETA comes from measured durations of the same runtime x application,
 * the plan's estimate until there is one. Callers serialise calls.
 */
struct progress {
	const struct experiment *exp;
	const struct matrix *m;
	int tty, quiet, color;
	double interval, started, last_line;
	size_t total, done, failed;
	size_t nr_pairs;   /* runtime x application */
	double *sum;	   /* measured seconds per pair */
	size_t *measured;  /* repetitions measured per pair */
	size_t *remaining; /* per host x pair */
};

void progress_init(struct progress *p, const struct experiment *exp, const struct matrix *m,
		   int quiet, double interval);
/* An entry that needs no running (already recorded when resuming). */
void progress_skip(struct progress *p, const struct plan_entry *e, int failed);
void progress_started(struct progress *p, const struct plan_entry *e, int attempt);
void progress_finished(struct progress *p, const struct plan_entry *e, const char *status,
		       const char *detail, double seconds, int final);
void progress_end(struct progress *p);
void progress_free(struct progress *p);

#endif
