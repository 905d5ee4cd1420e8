#ifndef CRBENCH_RUNDIR_H
#define CRBENCH_RUNDIR_H

#include <jansson.h>
#include <stddef.h>

/*
 * The run directory (DESIGN.md): the only place the orchestrator's results
 * go. Every file is written atomically; the journal is append-only and
 * fsync'd event by event, but for "started", which records nothing done.
 */
struct rundir {
	char *path;   /* where files go now: the final path, or the staging one */
	char *run_id; /* the final directory's base name */
	char *final;  /* set while staging: the path rundir_commit() renames to */
	/* <run id>-<8 hex digits of the absolute path's SHA-256>: names per-run state on hosts */
	char *scratch_id;
};

/*
 * Start a new run directory at `path` (parents are created; `path` must
 * not exist or be an empty directory). Files are first written into a
 * staging directory beside it; rundir_commit() renames that into place, so
 * `path` is either absent or a complete, resumable run directory.
 */
int rundir_create(struct rundir *rd, const char *path);
int rundir_commit(struct rundir *rd);
void rundir_release(struct rundir *rd);
/*
 * Atomically write `rel` (a path inside the run directory), creating its
 * directory. Not yet durable: rundir_sync() makes everything written so far
 * durable at once, before the journal event that makes it count.
 */
int rundir_write(const struct rundir *rd, const char *rel, const void *data, size_t len);
/* Atomically and durably write `rel` (for files no journal event covers). */
int rundir_write_durable(const struct rundir *rd, const char *rel, const void *data, size_t len);
int rundir_sync(const struct rundir *rd);
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
/*
 * The same without the fsync: durable with the next rundir_sync() or
 * rundir_journal(). For "started": a crash of the machine that loses it
 * loses an attempt that had finished nothing.
 */
int rundir_journal_unsynced(const struct rundir *rd, json_t *event);

#endif
