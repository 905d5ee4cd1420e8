/* The driver table: adding a driver is one file and one line here. */
#include "orchestrator/driver/driver.h"

#include <string.h>

extern const struct driver_ops driver_oci;
extern const struct driver_ops driver_containerd;
extern const struct driver_ops driver_docker;

const struct driver_ops *const driver_table[] = {
	&driver_oci,
	&driver_containerd,
	&driver_docker,
	NULL,
};

/*
 * The seam for tests: a test program defines this function to add drivers
 * of its own (tests/unit/test_engine.c: a fake that starts no container);
 * in crbench this weak default adds none. Found by name like the others,
 * also in a resumed run's experiment.yaml.
 */
__attribute__((weak)) const struct driver_ops *const *driver_table_for_tests(void)
{
	return NULL;
}

static const struct driver_ops *find_in(const struct driver_ops *const *table, const char *name)
{
	for (int i = 0; table && table[i]; i++)
		if (!strcmp(table[i]->name, name))
			return table[i];
	return NULL;
}

const struct driver_ops *driver_find(const char *name)
{
	const struct driver_ops *ops = find_in(driver_table, name);

	return ops ? ops : find_in(driver_table_for_tests(), name);
}
