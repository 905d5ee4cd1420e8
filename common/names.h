#ifndef CRBENCH_NAMES_H
#define CRBENCH_NAMES_H

/*
 * Names of hosts, runtimes, applications and variants become path
 * components (raw/<host>.<runtime>.<application>.<variant>/) and container
 * ids, so they are restricted to [A-Za-z0-9_-], start with a letter or
 * digit, and are at most NAME_MAX_LEN bytes. Dots are excluded: they join
 * the parts of a cell's directory name and could otherwise form "..".
 * Returns NULL when valid, else a static explanation.
 */
#define NAME_MAX_LEN 48
const char *name_problem(const char *name);
/*
 * A program named in an experiment to run on a host (a host's `crbench:`):
 * an absolute path, or a bare name looked up in the host's PATH; one line.
 * Returns NULL when valid, else a static explanation.
 */
const char *program_problem(const char *program);

#endif
