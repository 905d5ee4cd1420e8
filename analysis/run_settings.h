#ifndef CRBENCH_RUN_SETTINGS_H
#define CRBENCH_RUN_SETTINGS_H

/*
 * What analysis takes from DIR/experiment.yaml: the baseline runtime and
 * the seed. Read with a two-key lookup, not the experiment loader, so an
 * archived run analyzes anywhere (the loader also checks workloads and
 * drivers of this build, which analysis does not need).
 */
struct run_settings {
	char *baseline; /* NULL when the file or the key is absent */
	unsigned long seed;
	int has_seed;
};

/* A missing file is no error (settings stay empty); a malformed one is. */
int run_settings_read(const char *path, struct run_settings *out);
void run_settings_clear(struct run_settings *rs);

#endif
