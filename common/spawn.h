#ifndef CRBENCH_SPAWN_H
#define CRBENCH_SPAWN_H

#include <sys/types.h>

/*
 * Start argv[0] (searched in PATH) in a session of its own, so that its
 * whole process group can be signalled, with stdin, stdout and stderr on
 * new pipes: fds[0] is the write end of its stdin, fds[1] and fds[2] the
 * read ends of its output, all close-on-exec. The child gets the default
 * disposition of SIGPIPE and SIGCHLD and an empty signal mask, whatever
 * the caller set. Shared by the local transport and the remote runner;
 * depends on libc only, as the runner is linked statically.
 * Returns 0, or an errno value (also when the program cannot be executed).
 */
int spawn_session(const char *const *argv, int fds[3], pid_t *pid);

/* The message a command that cannot be started gets on its stderr (exit status 127). */
#define SPAWN_FAILED_FORMAT "crbench: cannot run '%s': %s\n"

#endif
