/* The workload table: adding a workload is one file and one line here. */
#include "orchestrator/workload/workload.h"
#include "common/plugin.h"
#include "common/strvec.h"

extern const struct workload_ops workload_command;
extern const struct workload_ops workload_stress_ng;
extern const struct workload_ops workload_fio;
extern const struct workload_ops workload_iperf3;
extern const struct workload_ops workload_redis;
extern const struct workload_ops workload_pgbench;
extern const struct workload_ops workload_http;

const struct workload_ops *const workload_table[] = {
	&workload_command, &workload_stress_ng, &workload_fio,	&workload_iperf3,
	&workload_redis,   &workload_pgbench,	&workload_http, NULL,
};

const struct workload_ops *workload_find(const char *name)
{
	return plugin_find(workload_table, name);
}

void workload_bash_probe(const char *script, const struct params *p, struct strvec *argv)
{
	strvec_pushv(argv, (const char *const[]){"bash", "-c", script, "crbench-ready", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
}
