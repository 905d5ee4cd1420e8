#ifndef CRBENCH_WORKLOAD_OUTPUT_H
#define CRBENCH_WORKLOAD_OUTPUT_H

/*
 * Helpers shared by the workload parsers (workload/output.c). Each returns
 * -1 with a reason in `why` that names what was looked for, so a
 * parse-error row says what was wrong with the tool's output.
 */
#include <jansson.h>

struct strbuf;

/* The whole of `text` as a finite number; -1 otherwise (nothing in `why`). */
int output_number(const char *text, double *value);
/* rep_dir/name into `text`; "<name> was not written" when missing. */
int output_read(const char *rep_dir, const char *name, struct strbuf *text, struct strbuf *why);
/*
 * The JSON object that starts at the first '{' of `text`: tools under
 * gVisor may print a warning line before it (RECIPES §4). `what` names the
 * output in messages ("stdout", "fio.json"). The caller json_decref()s.
 */
json_t *output_json(const char *text, const char *what, struct strbuf *why);
/*
 * The number at `path` below `node`: keys separated by '/', e.g.
 * "end/sum_sent/bits_per_second" (keys holding '/' cannot be named).
 */
int output_json_number(json_t *node, const char *path, double *value, struct strbuf *why);
/*
 * In line-oriented text, the number right after `prefix` at the start of a
 * line, which must be followed by `suffix` (so a line cut short is not
 * read as a smaller number): output_line_number(t, "tps = ", " (", &v).
 */
int output_line_number(const char *text, const char *prefix, const char *suffix, double *value,
		       struct strbuf *why);

#endif
