#ifndef CRBENCH_SPEC_RUNTIMES_H
#define CRBENCH_SPEC_RUNTIMES_H

#include "spec/setters.h"

/* `runtimes:`, each checked by its driver (runtimes.c). */
set_fn set_runtimes;

#endif
