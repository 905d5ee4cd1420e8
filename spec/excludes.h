#ifndef CRBENCH_SPEC_EXCLUDES_H
#define CRBENCH_SPEC_EXCLUDES_H

#include "spec/setters.h"

/* `exclude:`, names of hosts, runtimes... (excludes.c); after those sections. */
set_fn set_excludes;

#endif
