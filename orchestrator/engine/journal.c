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

static int replay_line(struct journal_replay *r, const char *line, size_t len, int lineno)
{
	json_error_t err;
	json_t *ev = json_loadb(line, len, 0, &err);
	const char *event = json_string_value(json_object_get(ev, "event"));
	json_t *order = json_object_get(ev, "order");
	int ret = 0;

	if (!ev || !event) {
		ret = error("journal.jsonl:%d: not a journal event%s%s", lineno, ev ? "" : ": ",
			    ev ? "" : err.text);
	} else if (!strncmp(event, "run-", 4)) {
		r->runs++;
	} else if (!json_is_integer(order) || json_integer_value(order) < 1 ||
		   (size_t)json_integer_value(order) > r->nr) {
		ret = error("journal.jsonl:%d: event \"%s\" names no entry of plan.tsv", lineno,
			    event);
	} else {
		apply(&r->entries[json_integer_value(order) - 1], event, ev);
	}
	json_decref(ev);
	return ret;
}

int journal_replay(const char *dir, size_t nr, struct journal_replay *out)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	const char *p;
	int lineno = 0, ret = 0;

	memset(out, 0, sizeof(*out));
	out->nr = nr;
	out->entries = xcalloc(nr ? nr : 1, sizeof(*out->entries));
	strbuf_addf(&path, "%s/journal.jsonl", dir);
	if (file_exists(path.buf))
		ret = read_file(path.buf, &text, READ_LIMIT_RECORDS);
	for (p = text.buf; !ret && *p;) {
		const char *nl = strchr(p, '\n');
		if (!nl)
			break; /* torn last line: it never counted */
		ret = replay_line(out, p, (size_t)(nl - p), ++lineno);
		p = nl + 1;
	}
	out->valid_bytes = (size_t)(p - text.buf);
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
