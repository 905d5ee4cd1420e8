/* What the drivers share to start a batch container and time its deployment. */
#include "orchestrator/driver/deploy.h"
#include "common/quote.h"

void deploy_t0_argv(const struct container_run *run, struct strvec *argv)
{
	strvec_pushv(argv,
		     (const char *const[]){"sh", "-c", "date +%s%N > \"$0\" && exec \"$@\"", NULL});
	strvec_pushf(argv, "%s/" DEPLOY_T0_FILE, run->out_dir);
}

int deploy_run_batch(struct container_run *run, struct strvec *argv)
{
	struct exec_request req = {
		.argv = strvec_argv(argv),
		.timeout = run->timeout,
		.interruptible = 1,
		/*
		 * The workload is PID 1 of its namespace, which ignores SIGTERM
		 * unless it handles it; the driver's clean-up ends it right after.
		 */
		.grace = 1,
	};

	sq_quote_argv(&run->command, req.argv);
	return run->host->conn.ops->exec(&run->host->conn, &req, &run->res);
}
