#include "orchestrator/workload/http/load.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <curl/curl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct client {
	CURL *h;
	int done;  /* requests finished */
	size_t op; /* operation of the request in flight */
};

struct load {
	const struct http_load_options *o;
	struct http_load_result *r;
	CURLM *multi;
	struct client *clients;
	struct curl_slist *headers; /* of requests with a body */
	struct strbuf url;
	int active; /* clients with a request in flight */
};

/* Bodies are counted, not kept. */
static size_t discard(char *data, size_t size, size_t n, void *bytes)
{
	(void)data;
	*(double *)bytes += (double)(size * n);
	return size * n;
}

/* What the probe and the load share. */
static void base_options(CURL *h, double timeout, double *bytes)
{
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* the server is in this network namespace: no http_proxy from the environment */
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)ceil(timeout * 1e3));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, bytes);
}

/* Point the client's handle at its next operation; every option a former one set is reset. */
static void set_request(struct load *l, struct client *c)
{
	const struct http_operation *op = &l->o->ops[c->op];
	CURL *h = c->h;

	strbuf_reset(&l->url);
	strbuf_addf(&l->url, "%s%s", l->o->base_url, op->path);
	curl_easy_setopt(h, CURLOPT_URL, l->url.buf);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L); /* drops the last request's body */
	curl_easy_setopt(h, CURLOPT_NOBODY, (long)!strcmp(op->method, "HEAD"));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
	if (http_method_has_body(op->method)) {
		const char *body = op->body ? op->body : "";
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, l->headers);
	}
	if (strcmp(op->method, "GET") && strcmp(op->method, "HEAD") && strcmp(op->method, "POST"))
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, op->method);
}

static int start_request(struct load *l, struct client *c)
{
	CURLMcode mc;

	c->op = (size_t)c->done % l->o->nr_ops;
	set_request(l, c);
	mc = curl_multi_add_handle(l->multi, c->h);
	if (mc == CURLM_OK)
		l->active++;
	return mc == CURLM_OK ? 0 : -1;
}

static void count_error(json_t *errors, const char *reason, size_t n)
{
	json_t *count = json_object_get(errors, reason);

	json_object_set_new(errors, reason,
			    json_integer((count ? json_integer_value(count) : 0) + (json_int_t)n));
}

static void record(struct load *l, struct client *c, CURLcode code)
{
	struct http_sample *s = &l->r->samples[l->r->nr++];
	curl_off_t us = 0;
	long status = 0;
	char reason[32];

	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c->h, CURLINFO_TOTAL_TIME_T, &us);
	s->op = c->op;
	s->ok = code == CURLE_OK && status >= 200 && status < 300;
	s->seconds = code == CURLE_OK ? (double)us / 1e6 : NAN;
	if (code != CURLE_OK) {
		count_error(l->r->errors, curl_easy_strerror(code), 1);
	} else if (!s->ok) {
		snprintf(reason, sizeof(reason), "HTTP %ld", status);
		count_error(l->r->errors, reason, 1);
	}
}

/* Record finished transfers and start each client's next request. */
static int collect(struct load *l)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(l->multi, &left))) {
		struct client *c;
		char *priv;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		c = (struct client *)priv;
		record(l, c, msg->data.result);
		curl_multi_remove_handle(l->multi, c->h);
		l->active--;
		if (++c->done < l->o->requests && start_request(l, c) < 0)
			return -1;
	}
	return 0;
}

/* At the deadline: the requests in flight and those never started fail. */
static void drop_unfinished(struct load *l)
{
	size_t dropped = 0;

	for (int i = 0; i < l->o->clients; i++) {
		struct client *c = &l->clients[i];
		for (int k = c->done; k < l->o->requests; k++, dropped++)
			l->r->samples[l->r->nr++] =
				(struct http_sample){(size_t)k % l->o->nr_ops, 0, NAN};
		if (c->h)
			curl_multi_remove_handle(l->multi, c->h);
	}
	if (dropped)
		count_error(l->r->errors, "deadline", dropped);
}

static int load_init(struct load *l, struct strbuf *why)
{
	struct strbuf type = STRBUF_INIT;

	strbuf_addf(&type, "Content-Type: %s", l->o->content_type);
	/* no "Expect: 100-continue" wait before larger bodies */
	l->headers = curl_slist_append(curl_slist_append(NULL, type.buf), "Expect:");
	strbuf_release(&type);
	l->multi = curl_multi_init();
	l->clients = xcalloc((size_t)l->o->clients, sizeof(*l->clients));
	for (int i = 0; l->multi && l->headers && i < l->o->clients; i++) {
		CURL *h = curl_easy_init();
		if (!(l->clients[i].h = h))
			break;
		base_options(h, l->o->timeout, &l->r->bytes_received);
		curl_easy_setopt(h, CURLOPT_PRIVATE, (char *)&l->clients[i]);
		curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""); /* a session of its own */
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
		curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		if (start_request(l, &l->clients[i]) < 0)
			break;
	}
	if (l->active < l->o->clients) {
		strbuf_addstr(why, "cannot set up libcurl's transfers");
		return -1;
	}
	return 0;
}

static void load_release(struct load *l)
{
	for (int i = 0; l->clients && i < l->o->clients; i++)
		curl_easy_cleanup(l->clients[i].h);
	curl_multi_cleanup(l->multi);
	curl_slist_free_all(l->headers);
	free(l->clients);
	strbuf_release(&l->url);
}

/* Drive the transfers until every client is done or the deadline passes. */
static int drive(struct load *l, double start, struct strbuf *why)
{
	while (l->active > 0) {
		double left = l->o->deadline - (mono_now() - start);
		int running;
		CURLMcode mc = CURLM_OK;

		if (left <= 0) {
			l->r->deadline_exceeded = 1;
			return 0;
		}
		mc = curl_multi_perform(l->multi, &running);
		if (mc == CURLM_OK && collect(l) < 0)
			mc = CURLM_INTERNAL_ERROR;
		if (mc == CURLM_OK && l->active > 0)
			mc = curl_multi_poll(l->multi, NULL, 0, (int)fmin(ceil(left * 1e3), 1000),
					     NULL);
		if (mc != CURLM_OK) {
			strbuf_addf(why, "libcurl: %s", curl_multi_strerror(mc));
			return -1;
		}
	}
	return 0;
}

int http_load_run(const struct http_load_options *o, struct http_load_result *r, struct strbuf *why)
{
	struct load l = {.o = o, .r = r, .url = STRBUF_INIT};
	double start;
	int ret;

	memset(r, 0, sizeof(*r));
	r->errors = json_object();
	r->samples = xcalloc((size_t)o->clients * (size_t)o->requests, sizeof(*r->samples));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	start = mono_now();
	ret = load_init(&l, why);
	if (!ret)
		ret = drive(&l, start, why);
	r->elapsed = mono_now() - start;
	drop_unfinished(&l);
	load_release(&l);
	curl_global_cleanup();
	return ret;
}

void http_load_result_release(struct http_load_result *r)
{
	free(r->samples);
	json_decref(r->errors);
	memset(r, 0, sizeof(*r));
}
