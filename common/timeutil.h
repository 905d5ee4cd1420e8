#ifndef CRBENCH_TIMEUTIL_H
#define CRBENCH_TIMEUTIL_H

#include <time.h>

/* Seconds on the monotonic clock, for durations measured on this machine. */
double mono_now(void);
/* Seconds since the epoch on the wall clock. */
double wall_now(void);
/* "2026-11-23T11:04:52Z" */
void utc_iso8601(char out[32], time_t t);
/* "20261123T110452Z", for directory names */
void utc_compact(char out[32], time_t t);
/* "1h 02m", "3m 20s", "12.3s" */
void format_duration(char out[32], double seconds);

#endif
