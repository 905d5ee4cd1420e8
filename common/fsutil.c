#include "common/fsutil.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mkdir_p(const char *path, mode_t mode)
{
	char *copy;
	int ret = 0;

	/* most calls find it made: one stat rather than a mkdir per component */
	if (is_directory(path))
		return 0;
	copy = xstrdup(path);
	for (char *p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST) {
			ret = error_errno("cannot create directory '%s'", copy);
			break;
		}
		*p = saved;
		if (!saved)
			break;
	}
	free(copy);
	if (!ret && !is_directory(path))
		ret = error("'%s' exists and is not a directory", path);
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	int ret = 0;

	if (fd < 0 || fsync(fd) < 0)
		ret = error_errno("cannot sync directory of '%s'", path);
	if (fd >= 0)
		close(fd);
	free(copy);
	return ret;
}

static int write_replace(const char *path, const void *data, size_t len, int durable)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, ret = -1;

	strbuf_addf(&tmp, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		error_errno("cannot create '%s'", tmp.buf);
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, 0644) < 0 || (durable && fsync(fd) < 0)) {
		error_errno("cannot write '%s'", path);
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp.buf, path) < 0) {
		error_errno("cannot replace '%s'", path);
		unlink(tmp.buf);
		goto out;
	}
	ret = durable ? fsync_dir_of(path) : 0;
out:
	strbuf_release(&tmp);
	return ret;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	return write_replace(path, data, len, 1);
}

int write_file_replace(const char *path, const void *data, size_t len)
{
	return write_replace(path, data, len, 0);
}

int sync_filesystem_of(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0 || syncfs(fd) < 0)
		ret = error_errno("cannot sync the filesystem of '%s'", path);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int append(const char *path, const void *data, size_t len, int durable)
{
	int existed = file_exists(path);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	if (write_all(fd, data, len) < 0 || (durable && fdatasync(fd) < 0)) {
		int saved = errno;
		close(fd);
		errno = saved;
		return error_errno("cannot append to '%s'", path);
	}
	close(fd);
	return existed || !durable ? 0 : fsync_dir_of(path);
}

int append_file_sync(const char *path, const void *data, size_t len)
{
	return append(path, data, len, 1);
}

int append_file(const char *path, const void *data, size_t len)
{
	return append(path, data, len, 0);
}

void read_limit_describe(struct strbuf *sb, struct read_limit limit)
{
	if (limit.bytes % READ_MIB)
		strbuf_addf(sb, "larger than %llu bytes", (unsigned long long)limit.bytes);
	else
		strbuf_addf(sb, "larger than %llu MiB",
			    (unsigned long long)(limit.bytes / READ_MIB));
	strbuf_addf(sb, " (the limit for %s)", limit.what);
}

int open_regular(const char *path, struct read_limit limit, struct strbuf *why)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO would wait for a writer; regular files ignore it */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		strbuf_addf(why, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		strbuf_addf(why, "%s: cannot stat: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		strbuf_addf(why, "%s: not a regular file", path);
	} else if ((uint64_t)st.st_size > limit.bytes) {
		strbuf_addf(why, "%s: ", path);
		read_limit_describe(why, limit);
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

int check_regular(const char *path, struct read_limit limit, struct strbuf *why)
{
	int fd = open_regular(path, limit, why);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Read `fd` to its end; -1 with the reason (without the path) in `why`. */
static int read_fd(int fd, struct strbuf *out, struct read_limit limit, struct strbuf *why)
{
	char chunk[65536];
	uint64_t total = 0;

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_addf(why, "cannot read: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		/* it may grow while read, and /proc files say they are empty */
		total += (uint64_t)n;
		if (total > limit.bytes) {
			read_limit_describe(why, limit);
			return -1;
		}
		strbuf_add(out, chunk, (size_t)n);
	}
}

int read_file_why(const char *path, struct strbuf *out, struct read_limit limit, struct strbuf *why)
{
	struct strbuf reason = STRBUF_INIT;
	int fd = open_regular(path, limit, why), ret;

	if (fd < 0)
		return -1;
	ret = read_fd(fd, out, limit, &reason);
	close(fd);
	if (ret < 0)
		strbuf_addf(why, "%s: %s", path, reason.buf);
	strbuf_release(&reason);
	return ret;
}

int read_file(const char *path, struct strbuf *out, struct read_limit limit)
{
	struct strbuf why = STRBUF_INIT;
	int ret = read_file_why(path, out, limit, &why);

	if (ret < 0)
		error("%s", why.buf);
	strbuf_release(&why);
	return ret;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

int remove_tree(const char *path)
{
	if (!*path || !strcmp(path, "/"))
		return error("refusing to remove '%s'", path);
	if (!file_exists(path))
		return 0;
	if (nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS) < 0)
		return error_errno("cannot remove '%s'", path);
	return 0;
}

int file_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * A field of a passwd entry (of `name`, or of this process's user when
 * NULL), or NULL. The _r calls: hosts are checked from parallel threads.
 */
static char *passwd_field(const char *name, int want_dir)
{
	struct passwd pw, *found = NULL;
	char buf[4096];

	if (name)
		getpwnam_r(name, &pw, buf, sizeof(buf), &found);
	else
		getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found);
	if (!found)
		return NULL;
	return xstrdup(want_dir ? found->pw_dir : found->pw_name);
}

char *user_name(void)
{
	char *name = passwd_field(NULL, 0);
	const char *env = getenv("USER");

	return name ? name : xstrdup(env ? env : "root");
}

char *expand_home(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash, *home = getenv("HOME");
	char *dir;

	if (path[0] != '~')
		return xstrdup(path);
	slash = strchrnul(path, '/');
	if (slash == path + 1 && home && *home) {
		dir = xstrdup(home);
	} else {
		char *user =
			slash == path + 1 ? NULL : xstrndup(path + 1, (size_t)(slash - path - 1));
		dir = passwd_field(user, 1);
		free(user);
		if (!dir)
			return xstrdup(path);
	}
	strbuf_addstr(&sb, dir);
	strbuf_addstr(&sb, slash);
	free(dir);
	return strbuf_detach(&sb, NULL);
}

char *path_beside(const char *file, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *expanded = expand_home(path), cwd[4096];
	const char *slash = strrchr(file, '/');

	if (expanded[0] != '/') {
		if (file[0] != '/' && getcwd(cwd, sizeof(cwd)))
			strbuf_addf(&sb, "%s/", cwd);
		if (slash)
			strbuf_add(&sb, file, (size_t)(slash - file + 1));
	}
	strbuf_addstr(&sb, expanded);
	free(expanded);
	return strbuf_detach(&sb, NULL);
}
