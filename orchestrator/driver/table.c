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

const struct driver_ops *driver_find(const char *name)
{
	return plugin_find(driver_table, name);
}
