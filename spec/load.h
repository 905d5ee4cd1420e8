#ifndef CRBENCH_SPEC_LOAD_H
#define CRBENCH_SPEC_LOAD_H

#include "spec/spec.h"

/*
 * Load and validate `path`. Prints every problem found (not only the first)
 * to stderr as "path:line:col: message", sorted by position, and returns -1
 * if there was any; `exp` is then left empty (spec_free() is harmless).
 * YAML aliases (*name) and a second document are refused.
 */
int spec_load(const char *path, struct experiment *exp);

#endif
