#ifndef CRBENCH_VERSION_H
#define CRBENCH_VERSION_H

/* Set by the Makefile from `git describe`; this fallback is for other builds. */
#ifndef CRBENCH_VERSION
#define CRBENCH_VERSION "0.1.0"
#endif

#endif
