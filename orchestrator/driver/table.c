/* The driver table: adding a driver is one file and one line here. */
#include "orchestrator/driver/driver.h"
#include "common/plugin.h"

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

const struct driver_ops *driver_find(const char *name)
{
	const struct driver_ops *const *tests = driver_table_for_tests();
	const struct driver_ops *ops = plugin_find(driver_table, name);

	return ops || !tests ? ops : plugin_find(tests, name);
}
