/*
 * The runner's static binary, carried inside crbench so that the ssh
 * transport can copy it to a host (orchestrator/transport/ssh_runner.c).
 */
	.section .rodata
	.balign 16
	.globl crbench_runner_start
crbench_runner_start:
	.incbin RUNNER_BINARY
	.globl crbench_runner_end
crbench_runner_end:
	.section .note.GNU-stack,"",@progbits
