#include "common/names.h"

#include <ctype.h>
#include <string.h>

const char *name_problem(const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return "must not be empty";
	if (len > NAME_MAX_LEN)
		return "is longer than 48 characters";
	if (!isalnum((unsigned char)name[0]))
		return "must start with a letter or digit";
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return "may contain only letters, digits, '-' and '_'";
	return NULL;
}

const char *program_problem(const char *program)
{
	if (!*program)
		return "must not be empty";
	if (strpbrk(program, "\n\r"))
		return "must be one line";
	if (*program != '/' && strchr(program, '/'))
		return "must be an absolute path or a bare name looked up in PATH, not a relative "
		       "path";
	if (*program == '-')
		return "must not start with '-'";
	return NULL;
}
