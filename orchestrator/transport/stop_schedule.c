/* The end of a command that outlives its deadline, the same for every transport. */
#include "common/interrupt.h"
#include "orchestrator/transport/transport.h"

#include <signal.h>

/* After SIGTERM, how long the group gets before SIGKILL, unless the request says. */
#define KILL_GRACE_SECONDS 5.0

void stop_schedule_init(struct stop_schedule *s, const struct exec_request *req, double start)
{
	s->deadline = start + req->timeout;
	s->grace = req->grace > 0 ? req->grace : KILL_GRACE_SECONDS;
	s->signalled = 0;
}

int stop_schedule_due(struct stop_schedule *s, const struct exec_request *req,
		      struct exec_result *res, double now)
{
	if (req->interruptible && interrupt_requested && !s->signalled && now < s->deadline) {
		res->interrupted = 1;
		s->deadline = now;
	}
	if (now >= s->deadline && !s->signalled) {
		res->timed_out = !res->interrupted;
		return s->signalled = SIGTERM;
	}
	if (s->signalled == SIGTERM && now >= s->deadline + s->grace)
		return s->signalled = SIGKILL;
	return 0;
}

int stop_schedule_given_up(const struct stop_schedule *s, double now, double wait)
{
	return s->signalled == SIGKILL && now >= s->deadline + s->grace + wait;
}
