#ifndef CRBENCH_JSONFILE_H
#define CRBENCH_JSONFILE_H

#include "common/fsutil.h"

#include <jansson.h>

/*
 * A JSON file, read through read_file() so that it has a limit and is a
 * regular file (json_load_file() reads whatever it is given to its end).
 * -1 with error() naming the file, and the line of a syntax error.
 */
int json_read_file(const char *path, struct read_limit limit, json_t **out);

#endif
