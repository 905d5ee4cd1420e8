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

const struct driver_ops *driver_find(const char *name)
{
	for (int i = 0; driver_table[i]; i++)
		if (!strcmp(driver_table[i]->name, name))
			return driver_table[i];
	return NULL;
}
