#ifndef CRBENCH_SPEC_APPLICATIONS_H
#define CRBENCH_SPEC_APPLICATIONS_H

#include "spec/setters.h"

/* `applications:`, their parameters checked by their workload (applications.c). */
set_fn set_apps;
/*
 * Whether the application's workload is known and each parameter it declares
 * has a valid value: what its metric names and its estimate read.
 */
int app_params_complete(const struct spec_application *app);
/* `limits:` and `timeouts:`, of the experiment and of an application */
extern const struct section limits_section, timeouts_section;

#endif
