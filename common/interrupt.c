#include "common/interrupt.h"

#include <string.h>
#include <time.h>

volatile sig_atomic_t interrupt_requested;

static void on_signal(int sig)
{
	if (interrupt_requested) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	interrupt_requested = sig;
}

void interrupt_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int interrupt_sleep(double seconds)
{
	while (seconds > 0 && !interrupt_requested) {
		double slice = seconds < 0.1 ? seconds : 0.1;
		struct timespec ts = {0, (long)(slice * 1e9)};
		nanosleep(&ts, NULL);
		seconds -= slice;
	}
	return interrupt_requested ? -1 : 0;
}
