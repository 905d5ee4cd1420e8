#ifndef CRBENCH_DRIVER_DEPLOY_H
#define CRBENCH_DRIVER_DEPLOY_H

#include "orchestrator/engine.h"

/*
 * The deploy-time probe every driver uses (see DEPLOY_T0_FILE): the clock
 * is read on the target, with `date +%s%N` (CLOCK_REALTIME) on both sides.
 *
 * `/bin/sh -c DEPLOY_READY_SCRIPT sh WORKLOAD...`: the container's first
 * process records the clock, then becomes the workload.
 */
#define DEPLOY_READY_SCRIPT                                                                        \
	"date +%s%N > " CONTAINER_OUT_DIR "/" DEPLOY_READY_FILE " && exec \"$@\""

/* Push `sh -c ... OUT_DIR/deploy-t0`: it records the start request, then execs what follows. */
void deploy_t0_argv(const struct container_run *run, struct strvec *argv);
/*
 * Run a batch container's start command (which began with deploy_t0_argv)
 * to its end within run->timeout: recorded in run->command, its result in
 * run->res. Returns the transport's status.
 */
int deploy_run_batch(struct container_run *run, struct strvec *argv);

#endif
