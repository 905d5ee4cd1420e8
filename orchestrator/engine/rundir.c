#include "orchestrator/engine/rundir.h"
#include "common/digest.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* Called once the parent directory exists: the absolute path must not depend on the cwd. */
static void set_names(struct rundir *rd, const char *path)
{
	char *base = xstrdup(path), *dir = xstrdup(path), *parent, digest[65];
	struct strbuf id = STRBUF_INIT, abs = STRBUF_INIT;

	rd->path = xstrdup(path);
	rd->run_id = xstrdup(basename(base));
	parent = realpath(dirname(dir), NULL);
	strbuf_addf(&abs, "%s/%s", parent ? parent : ".", rd->run_id);
	/* two runs in directories of the same name must not share a host's scratch area */
	sha256_hex(abs.buf, abs.len, digest);
	strbuf_addf(&id, "%s-%.8s", rd->run_id, digest);
	rd->scratch_id = strbuf_detach(&id, NULL);
	strbuf_release(&abs);
	free(parent);
	free(base);
	free(dir);
}

int rundir_open(struct rundir *rd, const char *path)
{
	struct strbuf plan = STRBUF_INIT;
	int ok;

	strbuf_addf(&plan, "%s/plan.tsv", path);
	ok = is_directory(path) && file_exists(plan.buf);
	strbuf_release(&plan);
	if (!ok)
		return error("'%s' is not a crbench run directory (no plan.tsv)", path);
	set_names(rd, path);
	return 0;
}

int rundir_create(struct rundir *rd, const char *path)
{
	struct strbuf staging = STRBUF_INIT;
	char *parent = xstrdup(path);

	if (file_exists(path) && !(is_directory(path) && dir_is_empty(path))) {
		free(parent);
		return error("run directory '%s' already exists and is not empty; "
			     "choose another with -o, or continue it with 'crbench resume'",
			     path);
	}
	strbuf_addf(&staging, "%s.new-XXXXXX", path);
	if (mkdir_p(dirname(parent), 0755) < 0 || !mkdtemp(staging.buf)) {
		free(parent);
		strbuf_release(&staging);
		return error_errno("cannot create run directory '%s'", path);
	}
	free(parent);
	set_names(rd, path);
	free(rd->path);
	rd->final = xstrdup(path);
	rd->path = strbuf_detach(&staging, NULL);
	return 0;
}

int rundir_commit(struct rundir *rd)
{
	if (!rd->final)
		return 0;
	/* rename(2) replaces an empty directory, so `-o EMPTYDIR` works too */
	if (chmod(rd->path, 0755) < 0 || rename(rd->path, rd->final) < 0)
		return error_errno("cannot move '%s' to '%s'", rd->path, rd->final);
	free(rd->path);
	rd->path = rd->final;
	rd->final = NULL;
	return fsync_dir_of(rd->path);
}

int rundir_set_aside(const struct rundir *rd, const char *rel, const char *what)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&from, "%s/%s", rd->path, rel);
	for (int n = 1; file_exists(from.buf); n++) {
		strbuf_reset(&to);
		strbuf_addf(&to, "%s.%s-%d", from.buf, what, n);
		if (file_exists(to.buf))
			continue;
		if (rename(from.buf, to.buf) < 0)
			ret = error_errno("cannot move '%s' aside", from.buf);
		else
			ret = fsync_dir_of(to.buf);
		break;
	}
	strbuf_release(&from);
	strbuf_release(&to);
	return ret;
}

void rundir_remove_temp_files(const struct rundir *rd)
{
	struct strbuf path = STRBUF_INIT;
	DIR *d = opendir(rd->path);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (!strstr(e->d_name, ".tmp."))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", rd->path, e->d_name);
		unlink(path.buf);
	}
	if (d)
		closedir(d);
	strbuf_release(&path);
}

void rundir_release(struct rundir *rd)
{
	/* a staging directory that never became a run holds nothing worth keeping */
	if (rd->final)
		remove_tree(rd->path);
	free(rd->path);
	free(rd->run_id);
	free(rd->final);
	free(rd->scratch_id);
	rd->path = rd->run_id = rd->final = rd->scratch_id = NULL;
}

static int write_in(const struct rundir *rd, const char *rel, const void *data, size_t len,
		    int durable)
{
	struct strbuf path = STRBUF_INIT;
	char *dir;
	int ret;

	strbuf_addf(&path, "%s/%s", rd->path, rel);
	dir = xstrdup(path.buf);
	ret = mkdir_p(dirname(dir), 0755);
	if (!ret)
		ret = durable ? write_file_atomic(path.buf, data, len)
			      : write_file_replace(path.buf, data, len);
	free(dir);
	strbuf_release(&path);
	return ret;
}

int rundir_write(const struct rundir *rd, const char *rel, const void *data, size_t len)
{
	return write_in(rd, rel, data, len, 0);
}

int rundir_write_durable(const struct rundir *rd, const char *rel, const void *data, size_t len)
{
	return write_in(rd, rel, data, len, 1);
}

int rundir_sync(const struct rundir *rd)
{
	return sync_filesystem_of(rd->path);
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

static int journal(const struct rundir *rd, json_t *event, int durable)
{
	struct strbuf path = STRBUF_INIT, line = STRBUF_INIT;
	char when[32], *text;
	int ret;

	utc_iso8601(when, time(NULL));
	json_object_set_new(event, "time", json_string(when));
	text = json_dumps(event, JSON_COMPACT | JSON_SORT_KEYS);
	strbuf_addf(&line, "%s\n", text);
	strbuf_addf(&path, "%s/journal.jsonl", rd->path);
	ret = durable ? append_file_sync(path.buf, line.buf, line.len)
		      : append_file(path.buf, line.buf, line.len);
	free(text);
	strbuf_release(&line);
	strbuf_release(&path);
	return ret;
}

int rundir_journal(const struct rundir *rd, json_t *event)
{
	return journal(rd, event, 1);
}

int rundir_journal_unsynced(const struct rundir *rd, json_t *event)
{
	return journal(rd, event, 0);
}
