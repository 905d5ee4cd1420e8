#ifndef CRBENCH_FSUTIL_H
#define CRBENCH_FSUTIL_H

#include <stddef.h>
#include <stdint.h>
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
/*
 * The most crbench reads of a file, by what the file is: every reader holds
 * or scans the whole file, and a file that never ends (`inventory:
 * /dev/zero`) would take all memory. README.md, "Limits", lists them.
 */
struct read_limit {
	uint64_t bytes;
	const char *what; /* in "larger than N MiB (the limit for WHAT)" */
};
#define READ_MIB ((uint64_t)1 << 20)
/* What people write (experiment, inventory, ssh_config, known_hosts, keys); run.json, hosts/. */
#define READ_LIMIT_CONFIG ((struct read_limit){64 * READ_MIB, "configuration files"})
/* A step's output read back, analysis results, files of `crbench exec`. */
#define READ_LIMIT_DATA ((struct read_limit){1024 * READ_MIB, "data files"})
/* What grows with the run: journal.jsonl, samples.csv, plan.tsv. */
#define READ_LIMIT_RECORDS ((struct read_limit){4096 * READ_MIB, "run records"})

/*
 * Open `path` to read it, refusing what is not a regular file (a FIFO or a
 * device may never end) and what is over `limit`. The fd, or -1 with
 * "PATH: reason" in `why`.
 */
int open_regular(const char *path, struct read_limit limit, struct strbuf *why);
/*
 * 0 when open_regular() would open `path`: for files that a library reads
 * itself (libssh2's known_hosts and keys).
 */
int check_regular(const char *path, struct read_limit limit, struct strbuf *why);
/* Append "larger than N MiB (the limit for WHAT)". */
void read_limit_describe(struct strbuf *sb, struct read_limit limit);
/* Read a whole regular file of at most `limit` into `out` (appended); -1 with error(). */
int read_file(const char *path, struct strbuf *out, struct read_limit limit);
/* As read_file(), -1 with "PATH: reason" in `why`. */
int read_file_why(const char *path, struct strbuf *out, struct read_limit limit,
		  struct strbuf *why);
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
