#ifndef CRBENCH_FSUTIL_H
#define CRBENCH_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct strbuf;

/* mkdir -p; existing directories are fine. */
int mkdir_p(const char *path, mode_t mode);
/*
 * Replace `path` with `data` so that a crash at any instant leaves either the
 * old or the new content: write a temp file beside it, fsync, rename, fsync
 * the directory.
 */
int write_file_atomic(const char *path, const void *data, size_t len);
/*
 * Like write_file_atomic() without the fsyncs: readers see the old or the
 * new content, but a crash may lose the file. For many small files made
 * durable together with sync_filesystem_of() before they count.
 */
int write_file_replace(const char *path, const void *data, size_t len);
/* syncfs(2) on the filesystem holding `path`: one flush for many files. */
int sync_filesystem_of(const char *path);
/* Append `data` and fsync before returning (journal-style). */
int append_file_sync(const char *path, const void *data, size_t len);
/* Append `data`, durable only with the next fsync or sync_filesystem_of(). */
int append_file(const char *path, const void *data, size_t len);
/* Read a whole file into `out` (appended). */
int read_file(const char *path, struct strbuf *out);
int fsync_dir_of(const char *path);
/* rm -rf; a missing path is not an error. Refuses "/" and "". */
int remove_tree(const char *path);
int file_exists(const char *path);
/* "~/x" and "~user/x" with the home directory; other paths copied. A new string. */
/* The name of this process's user (a new string). */
char *user_name(void);
char *expand_home(const char *path);
/*
 * `path` as written in the file `file`: ~ expanded, a relative path taken
 * from the file's directory, and made absolute. A new string.
 */
char *path_beside(const char *file, const char *path);
int is_directory(const char *path);

#endif
