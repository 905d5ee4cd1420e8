#include "orchestrator/engine/journal.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void set_detail(struct journal_entry *e, json_t *ev)
{
	const char *status = json_string_value(json_object_get(ev, "status"));
	const char *detail = json_string_value(json_object_get(ev, "detail"));

	if (status)
		snprintf(e->status, sizeof(e->status), "%s", status);
	if (detail) {
		free(e->detail);
		e->detail = xstrdup(detail);
	}
}

static void apply(struct journal_entry *e, const char *event, json_t *ev)
{
	if (!strcmp(event, "started")) {
		e->state = ENTRY_IN_FLIGHT;
		e->attempts++;
	} else if (!strcmp(event, "finished")) {
		e->state = ENTRY_DONE;
		e->seconds = json_number_value(json_object_get(ev, "seconds"));
		snprintf(e->status, sizeof(e->status), "ok");
	} else if (!strcmp(event, "failed")) {
		e->state = ENTRY_FAILED;
		e->seconds = json_number_value(json_object_get(ev, "seconds"));
		set_detail(e, ev);
	} else if (!strcmp(event, "retry")) {
		set_detail(e, ev);
	}
	/* "interrupted" leaves the entry in flight: it is rerun */
}

/*
 * Check and apply one complete line; -1 when it is damaged, with the
 * reason in `why` and, when known, its 1-based column in `*col`.
 */
static int replay_line(struct journal_replay *r, const char *line, size_t len, struct strbuf *why,
		       int *col)
{
	const char *nul = memchr(line, '\0', len);
	json_error_t err;
	json_t *ev = nul ? NULL : json_loadb(line, len, 0, &err);
	const char *event = json_string_value(json_object_get(ev, "event"));
	json_t *order = json_object_get(ev, "order");
	int ret = -1;

	*col = 0;
	if (nul) {
		*col = (int)(nul - line) + 1;
		strbuf_addstr(why, "NUL byte in a journal line");
	} else if (!ev) {
		*col = err.column > 0 ? err.column : 0;
		strbuf_addf(why, "not JSON: %s", err.text);
	} else if (!event) {
		strbuf_addstr(why, "not a journal event");
	} else if (strncmp(event, "run-", 4) &&
		   (!json_is_integer(order) || json_integer_value(order) < 1 ||
		    (size_t)json_integer_value(order) > r->nr)) {
		strbuf_addf(why, "event \"%s\" names no entry of plan.tsv", event);
	} else {
		ret = 0;
	}
	if (!ret && !strncmp(event, "run-", 4))
		r->runs++;
	else if (!ret)
		apply(&r->entries[json_integer_value(order) - 1], event, ev);
	json_decref(ev);
	return ret;
}

/*
 * Record a damaged line for journal_set_aside(): its number, why, and its
 * bytes, as a JSON string when they are UTF-8, in hexadecimal otherwise.
 */
static void keep_damaged(struct journal_replay *r, int lineno, const char *why, const char *line,
			 size_t len)
{
	json_t *text = json_stringn(line, len);
	json_t *o = json_pack("{s:i, s:s}", "line", lineno, "damage", why);
	char *dump;

	if (text) {
		json_object_set_new(o, "text", text);
	} else {
		struct strbuf hex = STRBUF_INIT;
		for (size_t i = 0; i < len; i++)
			strbuf_addf(&hex, "%02x", (unsigned char)line[i]);
		json_object_set_new(o, "hex", json_string(hex.buf));
		strbuf_release(&hex);
	}
	dump = json_dumps(o, JSON_COMPACT);
	strbuf_addf(&r->damaged, "%s\n", dump);
	r->nr_damaged++;
	free(dump);
	json_decref(o);
}

/* One complete line: replayed, kept aside (JOURNAL_SET_ASIDE_DAMAGED) or an error. */
static int take_line(struct journal_replay *r, const char *dir, const char *line, size_t len,
		     int lineno, unsigned flags)
{
	struct strbuf why = STRBUF_INIT, at = STRBUF_INIT;
	int col, ret = replay_line(r, line, len, &why, &col);

	strbuf_addf(&at, "%d", lineno);
	if (col)
		strbuf_addf(&at, ":%d", col);
	if (!ret && (flags & JOURNAL_SET_ASIDE_DAMAGED))
		strbuf_add(&r->good, line, len + 1);
	else if (ret && (flags & JOURNAL_SET_ASIDE_DAMAGED))
		keep_damaged(r, lineno, why.buf, line, len);
	else if (ret)
		error("%s/journal.jsonl:%s: %s", dir, at.buf, why.buf);
	strbuf_release(&at);
	strbuf_release(&why);
	return flags & JOURNAL_SET_ASIDE_DAMAGED ? 0 : ret;
}

int journal_replay(const char *dir, size_t nr, unsigned flags, struct journal_replay *out)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	size_t pos = 0;
	int lineno = 0, ret = 0;

	memset(out, 0, sizeof(*out));
	out->nr = nr;
	out->entries = xcalloc(nr ? nr : 1, sizeof(*out->entries));
	strbuf_init(&out->good, 0);
	strbuf_init(&out->damaged, 0);
	strbuf_addf(&path, "%s/journal.jsonl", dir);
	if (file_exists(path.buf))
		ret = read_file(path.buf, &text, READ_LIMIT_RECORDS);
	while (!ret && pos < text.len) {
		/* memchr, not strchr: a NUL byte must not hide the rest of the journal */
		const char *nl = memchr(text.buf + pos, '\n', text.len - pos);
		if (!nl)
			break; /* torn last line: it never counted */
		ret = take_line(out, dir, text.buf + pos, (size_t)(nl - text.buf) - pos, ++lineno,
				flags);
		pos = (size_t)(nl - text.buf) + 1;
	}
	out->valid_bytes = pos;
	strbuf_release(&path);
	strbuf_release(&text);
	if (ret)
		journal_replay_free(out);
	return ret;
}

void journal_replay_free(struct journal_replay *r)
{
	for (size_t i = 0; i < r->nr; i++)
		free(r->entries[i].detail);
	free(r->entries);
	strbuf_release(&r->good);
	strbuf_release(&r->damaged);
	memset(r, 0, sizeof(*r));
}

int journal_truncate(const char *dir, size_t valid_bytes)
{
	struct strbuf path = STRBUF_INIT;
	int fd, ret = 0;

	strbuf_addf(&path, "%s/journal.jsonl", dir);
	fd = open(path.buf, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		off_t size = lseek(fd, 0, SEEK_END);
		if (size > (off_t)valid_bytes &&
		    (ftruncate(fd, (off_t)valid_bytes) < 0 || fsync(fd) < 0))
			ret = error_errno("cannot repair '%s'", path.buf);
		close(fd);
	}
	strbuf_release(&path);
	return ret;
}

int journal_set_aside(const char *dir, const struct journal_replay *r, struct strbuf *where)
{
	struct strbuf path = STRBUF_INIT;
	int n = 0, ret;

	do {
		strbuf_reset(where);
		strbuf_addf(where, "%s/journal.damaged-%d.jsonl", dir, ++n);
	} while (file_exists(where->buf));
	/* the damaged lines are safe on disk before the journal loses them */
	ret = write_file_atomic(where->buf, r->damaged.buf, r->damaged.len);
	strbuf_addf(&path, "%s/journal.jsonl", dir);
	if (!ret)
		ret = write_file_atomic(path.buf, r->good.buf, r->good.len);
	strbuf_release(&path);
	return ret;
}
