#ifndef CRBENCH_SPEC_APPLICATIONS_H
#define CRBENCH_SPEC_APPLICATIONS_H

#include "spec/setters.h"

/* `applications:`, their parameters checked by their workload (applications.c). */
set_fn set_apps;
/* `limits:` and `timeouts:`, of the experiment and of an application */
extern const struct section limits_section, timeouts_section;

#endif
