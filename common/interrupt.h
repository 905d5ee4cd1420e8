#ifndef CRBENCH_INTERRUPT_H
#define CRBENCH_INTERRUPT_H

#include <signal.h>

/*
 * Ctrl-C and SIGTERM during a run. The first signal sets
 * interrupt_requested: the step in flight is stopped (its process group gets
 * SIGTERM, then SIGKILL), clean-up still runs, the journal is left
 * consistent, and the run stops so that `crbench resume` can continue it.
 * A second signal kills crbench at once; the journal is still consistent
 * because every event is fsync'd before it counts.
 */
extern volatile sig_atomic_t interrupt_requested;

void interrupt_install(void);
/* Sleep up to `seconds`; returns -1 as soon as an interrupt is requested. */
int interrupt_sleep(double seconds);

#endif
