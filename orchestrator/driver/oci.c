#include "common/strbuf.h"
#include "orchestrator/driver.h"
#include "orchestrator/spec.h"

#include <string.h>

static int validate(const struct spec_runtime *rt, struct strbuf *why)
{
	static const char *const handlers[] = {"runc", "runsc", "crun", NULL};
	for (int i = 0; handlers[i]; i++)
		if (!strcmp(rt->handler, handlers[i]))
			return 0;
	strbuf_addf(why, "handler \"%s\" is not an OCI runtime crbench knows (runc, runsc, crun)",
		    rt->handler);
	return -1;
}

const struct driver_ops driver_oci = {
	.name = "oci",
	.summary = "runc, crun or runsc directly, with an OCI bundle",
	.validate = validate,
};
