#ifndef CRBENCH_PLUGIN_H
#define CRBENCH_PLUGIN_H

struct strvec;

/*
 * The plug-in tables (transport/table.c, driver/table.c, workload/table.c)
 * are NULL-terminated arrays of pointers to ops structs of different types
 * that all start with `const char *name`. Pointers to structures share one
 * representation (C11 6.2.5), so one walker serves the three: `table` is
 * any such array.
 */

/* The entry called `name`, or NULL. */
const void *plugin_find(const void *table, const char *name);
/* Every entry's name, in table order, appended to `names`. */
void plugin_names(const void *table, struct strvec *names);

#endif
