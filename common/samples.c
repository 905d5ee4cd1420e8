#include "common/samples.h"
#include "common/csv.h"
#include "common/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void sample_format_row(struct strbuf *out, const struct sample *s)
{
	char rep[16];
	int has_value =
		(!strcmp(s->status, "ok") || !strcmp(s->status, "warmup")) && !isnan(s->value);

	snprintf(rep, sizeof(rep), "%d", s->repetition);
	const char *head[] = {s->run_id,      s->host,	  s->host_type, s->runtime,
			      s->application, s->variant, rep,		s->metric};
	csv_add_fields(out, head, 8);
	strbuf_addch(out, ',');
	if (has_value)
		csv_add_number(out, s->value);
	const char *tail[] = {s->unit, s->better, s->status};
	strbuf_addch(out, ',');
	csv_add_fields(out, tail, 3);
	strbuf_addch(out, '\n');
}
