/*
 * The resolved experiment: every default written out, through libyaml's
 * emitter, as YAML that spec_load() reads back to the same values.
 */
#include "spec/write.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/xalloc.h"

#include <math.h>
#include <yaml.h>

/* libyaml's emitter, with the first failure remembered so that helpers need no checks. */
struct emitter {
	yaml_emitter_t em;
	int failed;
};

static void emit(struct emitter *e, yaml_event_t *ev, int initialized)
{
	if (!initialized) {
		e->failed = 1;
		return;
	}
	if (e->failed) {
		yaml_event_delete(ev);
		return;
	}
	/* yaml_emitter_emit() owns the event from here, on failure too */
	if (!yaml_emitter_emit(&e->em, ev))
		e->failed = 1;
}

static void emit_str(struct emitter *e, const char *s)
{
	yaml_event_t ev;
	/* '' rather than nothing: other YAML readers would take an empty plain value as
	 * null */
	yaml_scalar_style_t style = *s ? YAML_ANY_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE;
	int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s, -1, 1, 1,
					      style);
	emit(e, &ev, ok);
}

static void emit_kv(struct emitter *e, const char *key, const char *value)
{
	emit_str(e, key);
	emit_str(e, value);
}

/*
 * Numbers as they would be written by hand: whole ones in plain digits
 * (csv_add_number() would write 600 as "6e+02"), others in the shortest
 * form that reads back to the same double.
 */
static void emit_knum(struct emitter *e, const char *key, double value)
{
	struct strbuf sb = STRBUF_INIT;

	if (value == floor(value) && fabs(value) < 1e15)
		strbuf_addf(&sb, "%.0f", value);
	else
		csv_add_number(&sb, value);
	emit_kv(e, key, sb.buf);
	strbuf_release(&sb);
}

static void emit_begin(struct emitter *e, yaml_node_type_t type)
{
	yaml_event_t ev;
	int ok = type == YAML_MAPPING_NODE
			 ? yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
							       YAML_BLOCK_MAPPING_STYLE)
			 : yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
								YAML_BLOCK_SEQUENCE_STYLE);
	emit(e, &ev, ok);
}

static void emit_end(struct emitter *e, yaml_node_type_t type)
{
	yaml_event_t ev;
	int ok = type == YAML_MAPPING_NODE ? yaml_mapping_end_event_initialize(&ev)
					   : yaml_sequence_end_event_initialize(&ev);
	emit(e, &ev, ok);
}

/* No limit is written as no key: a limit of 0 is not valid input. */
static void emit_limits(struct emitter *e, const struct spec_limits *l)
{
	if (!l->cpus && !l->memory_bytes)
		return;
	emit_str(e, "limits");
	emit_begin(e, YAML_MAPPING_NODE);
	if (l->cpus)
		emit_knum(e, "cpus", l->cpus);
	if (l->memory_bytes)
		emit_knum(e, "memory", l->memory_bytes);
	emit_end(e, YAML_MAPPING_NODE);
}

/* Only what was given (or resolved to a path): the rest comes from ssh_config again. */
static void emit_ssh_settings(struct emitter *e, const struct spec_host *h)
{
	const char *const values[] = {h->address,    h->user,	     NULL,	 h->ssh_alias,
				      h->ssh_config, h->known_hosts, h->identity};

	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		if (values[i])
			emit_kv(e, spec_ssh_keys[i], values[i]);
	if (h->port)
		emit_knum(e, "port", h->port);
	if (!h->labels.nr)
		return;
	emit_str(e, "labels");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < h->labels.nr; i++)
		emit_str(e, h->labels.v[i]);
	emit_end(e, YAML_SEQUENCE_NODE);
}

static void emit_hosts(struct emitter *e, const struct experiment *exp)
{
	emit_str(e, "hosts");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < exp->nr_hosts; i++) {
		emit_begin(e, YAML_MAPPING_NODE);
		emit_kv(e, "name", exp->hosts[i].name);
		emit_kv(e, "transport", exp->hosts[i].transport);
		emit_kv(e, "host_type", exp->hosts[i].host_type);
		if (exp->hosts[i].crbench)
			emit_kv(e, "crbench", exp->hosts[i].crbench);
		emit_ssh_settings(e, &exp->hosts[i]);
		emit_end(e, YAML_MAPPING_NODE);
	}
	emit_end(e, YAML_SEQUENCE_NODE);
}

static void emit_runtime(struct emitter *e, const struct spec_runtime *rt)
{
	emit_begin(e, YAML_MAPPING_NODE);
	emit_kv(e, "name", rt->name);
	emit_kv(e, "driver", rt->driver);
	emit_kv(e, "handler", rt->handler);
	emit_str(e, "options");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < rt->options.nr; i++)
		emit_str(e, rt->options.v[i]);
	emit_end(e, YAML_SEQUENCE_NODE);
	emit_end(e, YAML_MAPPING_NODE);
}

static void emit_timeouts(struct emitter *e, const struct spec_step_timeouts *t)
{
	const double values[] = {t->run, t->deploy, t->setup, t->client};
	const char *const names[] = {"run", "deploy", "setup", "client"};
	int any = 0;

	for (int i = 0; i < 4; i++)
		any |= values[i] > 0;
	if (!any)
		return;
	emit_str(e, "timeouts");
	emit_begin(e, YAML_MAPPING_NODE);
	for (int i = 0; i < 4; i++)
		if (values[i] > 0)
			emit_knum(e, names[i], values[i]);
	emit_end(e, YAML_MAPPING_NODE);
}

static void emit_app(struct emitter *e, const struct spec_application *app)
{
	emit_begin(e, YAML_MAPPING_NODE);
	emit_kv(e, "name", app->name);
	emit_kv(e, "workload", app->workload);
	emit_str(e, "params");
	emit_begin(e, YAML_MAPPING_NODE);
	for (size_t i = 0; i < app->params.nr; i++)
		emit_kv(e, app->params.v[i].name, app->params.v[i].text);
	emit_end(e, YAML_MAPPING_NODE);
	emit_limits(e, &app->limits);
	emit_knum(e, "timeout", app->timeout);
	emit_timeouts(e, &app->timeouts);
	emit_knum(e, "idle", app->idle);
	emit_end(e, YAML_MAPPING_NODE);
}

static void emit_figures(struct emitter *e, const struct experiment *exp)
{
	emit_str(e, "figures");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < exp->nr_figures; i++) {
		const struct spec_figure *f = &exp->figures[i];
		emit_begin(e, YAML_MAPPING_NODE);
		emit_kv(e, "name", f->name);
		emit_kv(e, "metric", f->metric);
		emit_kv(e, "grouping", spec_grouping_name(f->grouping));
		emit_kv(e, "scale", spec_scale_name(f->scale));
		emit_kv(e, "normalize", f->normalize ? "true" : "false");
		emit_kv(e, "size", f->size);
		emit_kv(e, "points", f->points ? "true" : "false");
		emit_end(e, YAML_MAPPING_NODE);
	}
	emit_end(e, YAML_SEQUENCE_NODE);
}

static void emit_excludes(struct emitter *e, const struct experiment *exp)
{
	emit_str(e, "exclude");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < exp->nr_excludes; i++) {
		emit_begin(e, YAML_MAPPING_NODE);
		for (int d = 0; d < DIM_N; d++) {
			const struct strvec *values = &exp->excludes[i].values[d];
			if (!values->nr)
				continue;
			emit_str(e, spec_dimension_name(d));
			emit_begin(e, YAML_SEQUENCE_NODE);
			for (size_t j = 0; j < values->nr; j++)
				emit_str(e, values->v[j]);
			emit_end(e, YAML_SEQUENCE_NODE);
		}
		emit_end(e, YAML_MAPPING_NODE);
	}
	emit_end(e, YAML_SEQUENCE_NODE);
}

static void emit_experiment(struct emitter *e, const struct experiment *exp)
{
	struct strbuf num = STRBUF_INIT;

	emit_kv(e, "name", exp->name);
	emit_kv(e, "description", exp->description);
	strbuf_addf(&num, "%lu", exp->seed);
	emit_kv(e, "seed", num.buf);
	strbuf_reset(&num);
	strbuf_addf(&num, "%d", exp->repetitions);
	emit_kv(e, "repetitions", num.buf);
	strbuf_reset(&num);
	emit_hosts(e, exp);
	emit_limits(e, &exp->limits);
	emit_knum(e, "timeout", exp->timeout);
	emit_timeouts(e, &exp->timeouts);
	emit_knum(e, "idle", exp->idle);
	emit_str(e, "runtimes");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < exp->nr_runtimes; i++)
		emit_runtime(e, &exp->runtimes[i]);
	emit_end(e, YAML_SEQUENCE_NODE);
	emit_str(e, "applications");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (size_t i = 0; i < exp->nr_apps; i++)
		emit_app(e, &exp->apps[i]);
	emit_end(e, YAML_SEQUENCE_NODE);
	if (exp->nr_excludes)
		emit_excludes(e, exp);
	emit_str(e, "metrics");
	emit_begin(e, YAML_SEQUENCE_NODE);
	for (unsigned m = METRIC_DEPLOY_TIME; m <= METRIC_IDLE_MEMORY; m <<= 1)
		if (exp->metrics & m)
			emit_str(e, spec_metric_name(m));
	emit_end(e, YAML_SEQUENCE_NODE);
	emit_kv(e, "baseline", exp->baseline);
	emit_kv(e, "order", spec_order_name(exp->order));
	strbuf_addf(&num, "%d", exp->warmup);
	emit_kv(e, "warmup", num.buf);
	if (exp->pause > 0)
		emit_knum(e, "pause", exp->pause);
	strbuf_reset(&num);
	strbuf_addf(&num, "%d", exp->retries);
	emit_kv(e, "retries", num.buf);
	strbuf_release(&num);
	emit_knum(e, "retry_backoff", exp->retry_backoff);
	if (exp->figures_declared)
		emit_figures(e, exp);
}

static int write_to_strbuf(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

/* The stream and document around the experiment's mapping. */
static void emit_document(struct emitter *e, const struct experiment *exp)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	emit_begin(e, YAML_MAPPING_NODE);
	emit_experiment(e, exp);
	emit_end(e, YAML_MAPPING_NODE);
	emit(e, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(e, &ev, yaml_stream_end_event_initialize(&ev));
}

int spec_write_resolved(const struct experiment *exp, struct strbuf *out)
{
	struct emitter e = {.failed = 0};

	if (!yaml_emitter_initialize(&e.em))
		return error("cannot initialise the YAML emitter");
	yaml_emitter_set_output(&e.em, write_to_strbuf, out);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_width(&e.em, -1); /* no folding of long descriptions */
	emit_document(&e, exp);
	if (!e.failed && !yaml_emitter_flush(&e.em))
		e.failed = 1;
	if (e.failed)
		error("cannot write experiment %s as YAML: %s", exp->name,
		      e.em.problem ? e.em.problem : "out of memory");
	yaml_emitter_delete(&e.em);
	return e.failed ? -1 : 0;
}
