#ifndef CRBENCH_CSV_H
#define CRBENCH_CSV_H

#include <stddef.h>

struct strbuf;

/*
 * RFC 4180 fields: quoted only when they contain a comma, a double quote,
 * CR or LF (then quotes are doubled). Plain fields stay plain, so R's
 * read.csv() and pandas read every file crbench writes without options.
 */
void csv_add_field(struct strbuf *line, const char *field);
/* Adds "," before every field but the first of a line. */
void csv_add_fields(struct strbuf *line, const char *const *fields, int count);
/* A number as the shortest decimal that round-trips (%.17g trimmed). */
void csv_add_number(struct strbuf *line, double value);

#endif

#include "common/fsutil.h"
#include "common/strbuf.h"

struct strvec;

/*
 * Reading: a cursor over a whole CSV text (RFC 4180: quoted fields may hold
 * commas, doubled quotes and newlines; CRLF and LF line ends).
 */
struct csv_reader {
	const char *pos, *end;
	int line; /* 1-based line where the record last returned starts */
	int next_line;
};

void csv_reader_init(struct csv_reader *r, const char *text, size_t len);
/*
 * Read the next record into `fields` (cleared first). Returns 1 for a
 * record, 0 at the end of the text, -1 for a malformed record (with the
 * reason in `why`; r->line names the line).
 */
int csv_read_record(struct csv_reader *r, struct strvec *fields, struct strbuf *why);

/*
 * The same without an allocation per field, for files of a million
 * records: v[0 .. nr) point into `text` (each field NUL-terminated) and
 * stay valid until the next read into the record.
 */
struct csv_record {
	char **v;
	size_t nr;
	struct strbuf text; /* the fields, each followed by its NUL */
	size_t *start;	    /* where each field starts in text */
	size_t alloc;	    /* of v and start */
};

#define CSV_RECORD_INIT                                                                            \
	{                                                                                          \
		NULL, 0, STRBUF_INIT, NULL, 0                                                      \
	}

/* As csv_read_record(), into `rec`. */
int csv_read_fields(struct csv_reader *r, struct csv_record *rec, struct strbuf *why);
void csv_record_release(struct csv_record *rec);

/*
 * A CSV file read a piece at a time, so that a file of a million records
 * never sits in memory whole. A piece ends after the last newline outside
 * quotes, i.e. after an even number of quotes (RFC 4180 quotes come in
 * pairs), so it holds whole records only and reading them gives the same
 * fields, errors and line numbers as reading the whole text at once.
 */
struct csv_file {
	int fd;
	struct csv_reader r; /* over the current piece, buf[0 .. piece) */
	struct strbuf buf;   /* the piece, then text read after it */
	size_t piece;
	size_t scanned; /* buf[0 .. scanned) searched for newlines outside quotes */
	size_t cut;	/* after the last such newline found; 0: none */
	int in_quotes;	/* at `scanned` */
	int eof;
	size_t read_bytes; /* read() at a time: 1 MiB (tests make it tiny) */
	struct read_limit limit;
	uint64_t total; /* bytes read, against the limit: the file may grow */
};

/* -1 (with error()) when `path` cannot be opened, is not a regular file or is over `limit`. */
int csv_file_open(struct csv_file *f, const char *path, struct read_limit limit);
/* As csv_read_fields(); f->r.line names the line. A read error is -1 with `why`. */
int csv_file_read_fields(struct csv_file *f, struct csv_record *rec, struct strbuf *why);
void csv_file_close(struct csv_file *f);
