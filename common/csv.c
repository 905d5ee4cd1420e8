#include "common/csv.h"
#include "common/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void csv_add_field(struct strbuf *line, const char *field)
{
	if (!strpbrk(field, ",\"\r\n")) {
		strbuf_addstr(line, field);
		return;
	}
	strbuf_addch(line, '"');
	for (; *field; field++) {
		if (*field == '"')
			strbuf_addch(line, '"');
		strbuf_addch(line, *field);
	}
	strbuf_addch(line, '"');
}

void csv_add_fields(struct strbuf *line, const char *const *fields, int count)
{
	for (int i = 0; i < count; i++) {
		if (i)
			strbuf_addch(line, ',');
		csv_add_field(line, fields[i]);
	}
}

void csv_add_number(struct strbuf *line, double value)
{
	char buf[40];

	if (isnan(value)) {
		strbuf_addstr(line, "NA");
		return;
	}
	/* shortest representation that reads back to the same double */
	for (int precision = 1; precision <= 17; precision++) {
		snprintf(buf, sizeof(buf), "%.*g", precision, value);
		if (strtod(buf, NULL) == value)
			break;
	}
	strbuf_addstr(line, buf);
}
