#ifndef CRBENCH_HOST_CRBENCH_H
#define CRBENCH_HOST_CRBENCH_H

#include "orchestrator/host/host.h"
#include "spec/spec.h"

/*
 * crbench on a target host: a host-side step whose argv[0] is
 * WORKLOAD_CRBENCH (http's load generator, `crbench http-load`) runs the
 * host's `crbench:`, else this very binary on a local host, else `crbench`
 * from the host's PATH.
 */

/* The program such a step runs on `spec`'s host; a new string. */
char *host_crbench(const struct spec_host *spec);
/*
 * The host-side step of `app` that is crbench (its workload's
 * crbench_step), its argv in `argv` if given; NULL when no step is.
 */
const char *app_crbench_step(const struct spec_application *app, struct strvec *argv);
/* The first application of `exp` with such a step, or NULL. */
const struct spec_application *experiment_crbench_app(const struct experiment *exp);
/*
 * Does the host's crbench run, for `app` (one whose app_crbench_step() is
 * set)? 0 with its `--version` line in `version`; -1 with the reason in
 * `why`: where it looked, what runs it there and what to do.
 */
int host_crbench_check(struct host_state *h, const struct spec_application *app,
		       struct strbuf *version, struct strbuf *why);

#endif
