#ifndef CRBENCH_SPEC_WRITE_H
#define CRBENCH_SPEC_WRITE_H

#include "spec/spec.h"

struct strbuf;

/*
 * The experiment as run, with every default written out, as YAML that
 * spec_load() reads back to the same values (experiment.yaml of a run).
 */
int spec_write_resolved(const struct experiment *exp, struct strbuf *out);

#endif
