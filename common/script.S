/*
 * One shell script of the tree (SCRIPT_FILE, e.g.
 * orchestrator/driver/scripts/docker_remove.sh) as the NUL-terminated
 * string SCRIPT_SYMBOL (script_docker_remove): the Makefile assembles this
 * file once per script, and common/script.h declares it where it is used.
 */
	.section .rodata
	.globl SCRIPT_SYMBOL
	.type SCRIPT_SYMBOL, @object
SCRIPT_SYMBOL:
	.incbin SCRIPT_FILE
	.byte 0
	.size SCRIPT_SYMBOL, . - SCRIPT_SYMBOL
	.section .note.GNU-stack,"",@progbits
