#include "orchestrator/rundir.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <dirent.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

int rundir_create(struct rundir *rd, const char *path)
{
	char *copy;

	if (file_exists(path) && !(is_directory(path) && dir_is_empty(path)))
		return error("run directory '%s' already exists and is not empty; "
			     "choose another with -o, or continue it with 'crbench resume'",
			     path);
	if (mkdir_p(path, 0755) < 0)
		return -1;
	rd->path = xstrdup(path);
	copy = xstrdup(path);
	rd->run_id = xstrdup(basename(copy));
	free(copy);
	return 0;
}

void rundir_release(struct rundir *rd)
{
	free(rd->path);
	free(rd->run_id);
	rd->path = rd->run_id = NULL;
}

int rundir_write(const struct rundir *rd, const char *rel, const void *data, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	char *dir;
	int ret;

	strbuf_addf(&path, "%s/%s", rd->path, rel);
	dir = xstrdup(path.buf);
	ret = mkdir_p(dirname(dir), 0755);
	if (!ret)
		ret = write_file_atomic(path.buf, data, len);
	free(dir);
	strbuf_release(&path);
	return ret;
}

int rundir_write_json(const struct rundir *rd, const char *rel, json_t *value)
{
	char *text = json_dumps(value, JSON_INDENT(2) | JSON_SORT_KEYS);
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addstr(&sb, text);
	strbuf_addch(&sb, '\n');
	ret = rundir_write(rd, rel, sb.buf, sb.len);
	free(text);
	strbuf_release(&sb);
	return ret;
}

int rundir_journal(const struct rundir *rd, json_t *event)
{
	struct strbuf path = STRBUF_INIT, line = STRBUF_INIT;
	char when[32], *text;
	int ret;

	utc_iso8601(when, time(NULL));
	json_object_set_new(event, "time", json_string(when));
	text = json_dumps(event, JSON_COMPACT | JSON_SORT_KEYS);
	strbuf_addf(&line, "%s\n", text);
	strbuf_addf(&path, "%s/journal.jsonl", rd->path);
	ret = append_file_sync(path.buf, line.buf, line.len);
	free(text);
	strbuf_release(&line);
	strbuf_release(&path);
	return ret;
}
