#ifndef CRBENCH_CSV_H
#define CRBENCH_CSV_H

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
