/* The one lookup of the three plug-in tables (see plugin.h). */
#include "common/plugin.h"
#include "common/strvec.h"

#include <string.h>

/* The common start of every ops struct. */
struct named {
	const char *name;
};

const void *plugin_find(const void *table, const char *name)
{
	for (const struct named *const *p = table; *p; p++)
		if (!strcmp((*p)->name, name))
			return *p;
	return NULL;
}

void plugin_names(const void *table, struct strvec *names)
{
	for (const struct named *const *p = table; *p; p++)
		strvec_push(names, (*p)->name);
}
