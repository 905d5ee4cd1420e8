/* Placeholder until the experiment loader lands (issue 3). */
#include "common/error.h"
#include "orchestrator/spec.h"

int spec_load(const char *path, struct experiment *exp)
{
	(void)exp;
	return error("%s: experiment loader not written yet", path);
}

void spec_free(struct experiment *exp)
{
	(void)exp;
}

int spec_write_resolved(const struct experiment *exp, struct strbuf *out)
{
	(void)exp;
	(void)out;
	return -1;
}

const char *spec_metric_name(enum spec_metric m)
{
	switch (m) {
	case METRIC_DEPLOY_TIME:
		return "deploy_time";
	case METRIC_PERFORMANCE:
		return "performance";
	case METRIC_IDLE_MEMORY:
		return "idle_memory";
	}
	return "?";
}
