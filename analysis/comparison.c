#include "analysis/comparison.h"

#include <stdlib.h>
#include <string.h>

void comparison_set_clear(struct comparison_set *set)
{
	free(set->items);
	memset(set, 0, sizeof(*set));
}
