#ifndef CRBENCH_PARALLEL_H
#define CRBENCH_PARALLEL_H

#include <stddef.h>

/*
 * Work spread over threads, for the parts of analysis made of independent
 * items (groups, comparisons, export files): each item's result is the
 * same whichever thread computes it, so no number depends on how many
 * processors there are.
 */
#define PARALLEL_MAX_THREADS 8

/* One thread per online processor, at most PARALLEL_MAX_THREADS. */
size_t parallel_threads(void);

/*
 * fn(workers + i * size) for each i < n (<= PARALLEL_MAX_THREADS) at the
 * same time: worker 0 in the calling thread, each other one in a thread of
 * its own, or in the calling thread afterwards when its thread cannot start.
 */
void parallel_run(void *(*fn)(void *), void *workers, size_t size, size_t n);

/*
 * fn(ctx, i) for every i < n, on parallel_threads() threads; items are
 * taken in order, one at a time, so put the longest first.
 */
void parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
