#ifndef CRBENCH_DIGEST_H
#define CRBENCH_DIGEST_H

#include <stddef.h>

/* SHA-256 of `data` as 64 lowercase hex digits (OpenSSL libcrypto). */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
