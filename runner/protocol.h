#ifndef CRBENCH_RUNNER_PROTOCOL_H
#define CRBENCH_RUNNER_PROTOCOL_H

/*
 * The command runner's wire format, spoken over the stdin and stdout of
 * one SSH channel (runner/runner.c on the host, transport/ssh_runner.c
 * here). Every frame is a 9-byte header, then `len` bytes of payload:
 *
 *   u8 type | u32 id (big-endian) | u32 len (big-endian) | payload
 *
 * `id` names the command a frame is about (0 for the greeting).
 */
#include <stdint.h>

#define RUNNER_HEADER_LEN 9
/* The most payload one frame may carry; longer stdin data is split. */
#define RUNNER_MAX_PAYLOAD (1u << 20)
/* Bumped whenever a frame changes meaning; part of the greeting. */
#define RUNNER_GREETING "crbench-runner 1"

enum runner_frame {
	/* to the runner */
	RUNNER_START = 'S',	/* argv as NUL-terminated strings */
	RUNNER_STDIN = 'I',	/* bytes for the command's stdin */
	RUNNER_STDIN_EOF = 'E', /* no more stdin (empty payload) */
	RUNNER_SIGNAL = 'K',	/* u32 signal number, sent to the command's process group */
	/* from the runner */
	RUNNER_HELLO = 'H',  /* RUNNER_GREETING */
	RUNNER_STDOUT = 'O', /* output bytes */
	RUNNER_STDERR = 'R', /* error output bytes */
	RUNNER_EXIT = 'X',   /* i32 exit status (-1 if killed), u32 signal number (0 if not) */
};

static inline void runner_put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline uint32_t runner_get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
