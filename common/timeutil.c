#include "common/timeutil.h"

#include <stdio.h>

double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void utc_iso8601(char out[32], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void utc_compact(char out[32], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y%m%dT%H%M%SZ", &tm);
}

void format_duration(char out[32], double seconds)
{
	long s = (long)(seconds + 0.5);

	if (seconds < 60)
		snprintf(out, 32, "%.1fs", seconds);
	else if (s < 3600)
		snprintf(out, 32, "%ldm %02lds", s / 60, s % 60);
	else
		snprintf(out, 32, "%ldh %02ldm", s / 3600, (s % 3600) / 60);
}
