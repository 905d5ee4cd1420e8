#ifndef CRBENCH_RUNDIR_H
#define CRBENCH_RUNDIR_H

#include <jansson.h>
#include <stddef.h>

/*
 * The run directory (DESIGN.md): the only place the orchestrator's results
 * go. Every file is written atomically; the journal is append-only and
 * fsync'd event by event.
 */
struct rundir {
	char *path;
	char *run_id; /* the directory's base name */
};

/* Create `path` (parents too); it must not exist or be an empty directory. */
int rundir_create(struct rundir *rd, const char *path);
void rundir_release(struct rundir *rd);
/* Atomically write `rel` (a path inside the run directory), creating its directory. */
int rundir_write(const struct rundir *rd, const char *rel, const void *data, size_t len);
int rundir_write_json(const struct rundir *rd, const char *rel, json_t *value);
/*
 * Rename the directory `rel` to `rel.<what>-N` (first free N) so a new
 * attempt starts clean and nothing recorded is lost. Missing `rel` is fine.
 */
int rundir_set_aside(const struct rundir *rd, const char *rel, const char *what);
/* Remove temp files an interrupted atomic write left in the run directory's top level. */
void rundir_remove_temp_files(const struct rundir *rd);
/* Open an existing run directory (for resume). */
int rundir_open(struct rundir *rd, const char *path);
/* Append one event to journal.jsonl with a "time" field added; fsync'd. */
int rundir_journal(const struct rundir *rd, json_t *event);

#endif
