#ifndef CRBENCH_HTTP_LOAD_H
#define CRBENCH_HTTP_LOAD_H

/*
 * The load generator of the http workload (libcurl's multi interface, as
 * curl's own tool drives transfers): `clients` concurrent clients, each
 * doing `requests` requests one after another, walking the operations in
 * order like a user session with cookies of its own. A request succeeds
 * with a 2xx answer after following redirects; anything else, a transport
 * error or a timeout, is a failure counted by its reason.
 */
#include "orchestrator/workload/http/operation.h"

#include <jansson.h>
#include <stddef.h>

/* Every request's sample is kept in memory: clients x requests is at most this. */
#define HTTP_LOAD_MAX_REQUESTS 10000000

struct http_load_options {
	const char *base_url; /* "http://198.19.255.1:8089": the paths are appended */
	const struct http_operation *ops;
	size_t nr_ops;
	int clients, requests;	  /* requests per client */
	double timeout;		  /* seconds per request, connection included */
	double deadline;	  /* seconds for everything; what is left then fails */
	const char *content_type; /* of requests with a body */
};

/* One planned request. */
struct http_sample {
	size_t op;	/* index into the operations */
	int ok;		/* answered 2xx */
	double seconds; /* curl's total time; NaN for a request never answered */
};

struct http_load_result {
	struct http_sample *samples; /* clients x requests, in completion order */
	size_t nr;		     /* every planned request: done, failed or dropped */
	double elapsed;		     /* seconds from the first request to the last answer */
	double bytes_received;	     /* response bodies */
	int deadline_exceeded;
	json_t *errors; /* reason ("HTTP 404", curl's message, "deadline") -> count */
};

/* -1 with the reason in `why` when the run cannot start (libcurl set-up). */
int http_load_run(const struct http_load_options *o, struct http_load_result *r,
		  struct strbuf *why);
void http_load_result_release(struct http_load_result *r);

#endif
