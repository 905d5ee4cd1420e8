#ifndef CRBENCH_FACTS_H
#define CRBENCH_FACTS_H

#include <jansson.h>

struct host_state;
struct experiment;

/*
 * Facts of a host, gathered through its transport (so the same code serves
 * local and remote hosts): kernel, OS, CPU model and count, memory,
 * virtualization, and the version of every runtime and workload tool the
 * experiment uses there. Returns a new JSON object, or NULL on failure.
 */
json_t *host_facts_collect(struct host_state *h, const struct experiment *exp);
/*
 * Which of the runtimes and tools crbench knows are installed, whatever an
 * experiment asks for: {"runtimes": {"runc": "runc version 1.1.5", "docker":
 * "not found", ...}, "tools": {...}} — one remote command. NULL on failure.
 */
json_t *host_probe_software(struct host_state *h);

#endif
