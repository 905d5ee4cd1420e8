#ifndef CRBENCH_SCRIPT_H
#define CRBENCH_SCRIPT_H

/*
 * The shell scripts of the tree (*\/scripts/NAME.sh) are embedded at build
 * time (common/script.S) as NUL-terminated strings: SCRIPT(NAME) declares
 * script_NAME, to be run with `sh -c`. Each script's header says what its
 * arguments are.
 */
#define SCRIPT(name) extern const char script_##name[]

#endif
