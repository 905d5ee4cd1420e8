#ifndef CRBENCH_JOURNAL_H
#define CRBENCH_JOURNAL_H

#include "common/strbuf.h"

#include <stddef.h>

/*
 * journal.jsonl: the run's append-only log, one JSON object per line,
 * each fsync'd before it counts (rundir_journal; "started" is made durable
 * with the files of its attempt, before the attempt's end). Events about plan
 * entries carry "order" (1-based position in plan.tsv):
 *   started {order, cell, repetition, attempt}
 *   finished {order, status "ok", seconds}
 *   retry {order, attempt, status, detail}   (the attempt failed; another follows)
 *   failed {order, status, exit_status, detail, seconds}   (final)
 *   interrupted {order}                       (stopped by Ctrl-C; rerun on resume)
 * and run-level events: run-started, run-resumed, run-finished.
 */

enum entry_state {
	ENTRY_PENDING,
	ENTRY_IN_FLIGHT, /* started, never finished: killed or interrupted */
	ENTRY_DONE,
	ENTRY_FAILED,
};

struct journal_entry {
	enum entry_state state;
	int attempts;
	double seconds;	 /* of the final attempt, when done or failed */
	char status[32]; /* final or last failed status */
	char *detail;	 /* last failure's stderr tail or reason */
};

struct journal_replay {
	struct journal_entry *entries; /* indexed by order - 1 */
	size_t nr;
	size_t valid_bytes; /* length of the journal up to its last complete line */
	int runs;	    /* run-started plus run-resumed events */
	/* with JOURNAL_SET_ASIDE_DAMAGED: */
	struct strbuf good;    /* the complete lines that replayed */
	struct strbuf damaged; /* one JSON object per damaged line: line, damage, text or hex */
	int nr_damaged;
};

/* Set damaged lines aside for journal_set_aside() instead of failing. */
#define JOURNAL_SET_ASIDE_DAMAGED 1u

/*
 * Read DIR/journal.jsonl for a plan of `nr` entries. A last line without
 * its newline (killed mid-write) is ignored: it never counted. A missing
 * journal is an empty one. Any other malformed line (a NUL byte, not JSON,
 * an event naming no plan entry) is an error naming journal.jsonl:LINE:COL,
 * or with JOURNAL_SET_ASIDE_DAMAGED is left out and kept in `damaged`:
 * what follows it still counts.
 */
int journal_replay(const char *dir, size_t nr, unsigned flags, struct journal_replay *out);
void journal_replay_free(struct journal_replay *r);
/* Cut a torn last line so that new events start on a line of their own. */
int journal_truncate(const char *dir, size_t valid_bytes);
/*
 * Write the damaged lines of a JOURNAL_SET_ASIDE_DAMAGED replay into
 * DIR/journal.damaged-N.jsonl (first free N, named in `where`), then
 * replace journal.jsonl by its good lines; both writes atomic, in that order.
 */
int journal_set_aside(const char *dir, const struct journal_replay *r, struct strbuf *where);

#endif
