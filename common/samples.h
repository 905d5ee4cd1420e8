#ifndef CRBENCH_SAMPLES_H
#define CRBENCH_SAMPLES_H

/*
 * samples.csv: the contract between the orchestrator and analysis
 * (DESIGN.md). One row per measured value, fixed columns in this order.
 * A failed repetition is a row too, with an empty value and a status word
 * other than "ok". A warm-up repetition has status "warmup" and keeps its
 * value when it gave one; analysis counts it but does not use it.
 */
#define SAMPLES_HEADER                                                                             \
	"run_id,host,host_type,runtime,application,variant,repetition,metric,value,unit,better,"   \
	"status"

enum samples_column {
	SC_RUN_ID,
	SC_HOST,
	SC_HOST_TYPE,
	SC_RUNTIME,
	SC_APPLICATION,
	SC_VARIANT,
	SC_REPETITION,
	SC_METRIC,
	SC_VALUE,
	SC_UNIT,
	SC_BETTER,
	SC_STATUS,
	SC_NCOLUMNS
};

struct strbuf;

struct sample {
	const char *run_id;
	const char *host;
	const char *host_type; /* "bare-metal" | "nested-vm" */
	const char *runtime;
	const char *application;
	const char *variant;
	int repetition; /* 1-based */
	const char *metric;
	double value; /* written for "ok" and "warmup" rows when not NaN */
	const char *unit;
	const char *better; /* "higher" | "lower" */
	const char *status; /* "ok" or a failure word */
};

/* Append one CSV line (with "\n") for `s`. */
void sample_format_row(struct strbuf *out, const struct sample *s);

#endif
