#include "analysis/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

size_t parallel_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus < 1 ? 1 : cpus > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS : (size_t)cpus;
}

void parallel_run(void *(*fn)(void *), void *workers, size_t size, size_t n)
{
	pthread_t threads[PARALLEL_MAX_THREADS];
	int started[PARALLEL_MAX_THREADS] = {0};
	char *at = workers;

	for (size_t i = 1; i < n; i++)
		started[i] = !pthread_create(&threads[i], NULL, fn, at + i * size);
	fn(at);
	for (size_t i = 1; i < n; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			fn(at + i * size);
	}
}

/* What the threads of one parallel_for() share. */
struct queue {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	atomic_size_t next;
};

static void *take_items(void *arg)
{
	struct queue *q = *(struct queue **)arg;
	size_t i;

	while ((i = atomic_fetch_add(&q->next, 1)) < q->n)
		q->fn(q->ctx, i);
	return NULL;
}

void parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct queue q = {fn, ctx, n, 0};
	struct queue *workers[PARALLEL_MAX_THREADS];
	size_t nthreads = parallel_threads();

	if (nthreads > n)
		nthreads = n ? n : 1;
	for (size_t i = 0; i < nthreads; i++)
		workers[i] = &q;
	parallel_run(take_items, workers, sizeof(workers[0]), nthreads);
}
