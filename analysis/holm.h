#ifndef CRBENCH_HOLM_H
#define CRBENCH_HOLM_H

#include <stddef.h>

/*
 * Holm's step-down adjustment of a family of p-values, as R's
 * p.adjust(p, method = "holm"): NaN (NA) entries stay NaN and are not
 * members of the family, so they do not inflate the others. `out` may be `p`.
 */
void holm_adjust(const double *p, size_t n, double *out);

#endif
