#ifndef CRBENCH_SPEC_FIGURES_H
#define CRBENCH_SPEC_FIGURES_H

#include "spec/setters.h"

/* `figures:`, the report's (figures.c); after `metrics` and `applications`. */
set_fn set_figures;

#endif
