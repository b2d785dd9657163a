/* libFuzzer target for pm-alert --state files (pm_alert_state_load): JSON
 * of any shape loaded into an engine with four rules (a threshold with for
 * and keep_firing_for, absent(), an average, a rate).  Checks: every
 * error has a message; what loads is a series of a rule, with its metric,
 * a state and a level; saving it and loading that again gives the same
 * series; and the engine then takes points on every loaded series (with
 * repeat) and turns its events into records without fault, whatever the
 * times and states the file said.
 *   make fuzz FUZZ_TARGETS=alertstate
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pm_alert_record.h"
#include "pm_alert_state.h"
#include "pm_rules_file.h"

#define MAX 8
#define T0 (INT64_C(1795341600) * PM_NS_PER_S)	/* 2026-11-22T10:00Z */

static const char rules_json[] = "["
    "{\"alert\": \"Hot\", \"expr\": \"temp > 90 for 2m\","
    " \"keep_firing_for\": \"1m\", \"labels\": {\"gpu\": \"{{labels.gpu}}\"},"
    " \"annotations\": {\"summary\": \"{{host}}: {{value}} > {{threshold}}\"}},"
    "{\"alert\": \"Quiet\", \"expr\": \"absent(temp, 3m)\","
    " \"severity\": \"warning\"},"
    "{\"alert\": \"Cpu\", \"expr\": \"avg(cpu[5m])\", \"warning\": \"> 80\","
    " \"critical\": \"> 90\", \"for\": \"1m\"},"
    "{\"alert\": \"Err\", \"expr\": \"rate(err[1m]) > 0\"}]";

static struct pm_rule rules[MAX];
static size_t nrules;

static void
setup(void)
{
	cJSON *list = cJSON_Parse(rules_json);
	struct pm_err e;

	if (list == NULL || pm_rules_file_list(list, "rules", rules, &nrules,
	    MAX, &e) != 0 || nrules != 4)
		abort();
	cJSON_Delete(list);
}

static int
event(void *arg, const struct pm_alert_event *ev, struct pm_err *e)
{
	struct pm_alert_record rec;

	(void)arg;
	if (strcmp(ev->state, "pending") != 0 &&
	    strcmp(ev->state, "firing") != 0 &&
	    strcmp(ev->state, "resolved") != 0)
		abort();
	if (pm_alert_record_init(&rec, ev, e) != 0)
		return -1;
	pm_alert_record_release(&rec);
	return 0;
}

/* cJSON writes a value with 15 significant digits when they read back
 * within DBL_EPSILON of it (relative), else with 17: the same value, to
 * the precision pm-points(5) promises.  Near the largest double those 15
 * digits read back as infinity, which the loader refuses. */
static int
same_value(double x, double y)
{
	return x == y || (isnan(x) && isnan(y)) ||
	    (isfinite(y) && fabs(x - y) <= fabs(x) * 2 * DBL_EPSILON) ||
	    (fabs(x) > 1.797693134862315e308 && isnan(y));
}

/* What was saved of a loads back as b. */
static void
compare(const struct pm_alerts *a, const struct pm_alerts *b)
{
	const struct pm_alert_series *s, *t;
	size_t i, j = 0, k;

	for (i = 0; i < a->nseries; i++) {
		s = a->series[i];
		if (!pm_alert_state_kept(a, s))
			continue;
		if (j == b->nseries)
			abort();
		t = b->series[j++];
		if (s->rule != t->rule || strcmp(s->metric, t->metric) != 0 ||
		    (s->host == NULL) != (t->host == NULL) ||
		    (s->host != NULL && strcmp(s->host, t->host) != 0) ||
		    s->nlabels != t->nlabels || s->state != t->state ||
		    s->level != t->level || !same_value(s->value, t->value) ||
		    s->active_at != t->active_at || s->fired_at != t->fired_at ||
		    s->keep_since != t->keep_since ||
		    s->last_seen != t->last_seen ||
		    s->notified_at != t->notified_at ||
		    s->placeholder != t->placeholder ||
		    strcmp(s->fingerprint, t->fingerprint) != 0)
			abort();
		for (k = 0; k < s->nlabels; k++)
			if (strcmp(s->labels[k].key, t->labels[k].key) != 0 ||
			    strcmp(s->labels[k].value, t->labels[k].value) != 0)
				abort();
	}
	if (j != b->nseries)
		abort();
}

/* Points on each series loaded: over, under and over the thresholds. */
static void
feed(struct pm_alerts *a)
{
	static const double values[] = { 95, 10, 97, 99 };
	struct pm_alert_series *s;
	struct pm_point p;
	struct pm_err e;
	size_t n = a->nseries, i, k;

	for (k = 0; k < sizeof(values) / sizeof(values[0]); k++)
		for (i = 0; i < n; i++) {
			s = a->series[i];
			pm_point_init(&p);
			p.metric = s->metric;
			p.host = s->host;
			memcpy(p.labels, s->labels, sizeof(p.labels));
			p.nlabels = s->nlabels;
			p.ts = T0 + (int64_t)k * 70 * PM_NS_PER_S;
			p.value = values[k] + (double)k;
			if (pm_alerts_point(a, &p, &e) < 0 && e.msg[0] == '\0')
				abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_alerts a, b;
	struct pm_err e;
	char path[PATH_MAX + 16], saved[PATH_MAX + 16];
	const struct pm_alert_series *s;
	size_t i;

	if (nrules == 0)
		setup();
	if (fuzz_tmpfile("state", data, size, path, sizeof(path)) != 0)
		return 0;
	snprintf(saved, sizeof(saved), "%s/saved", fuzz_tmpdir());
	if (pm_alerts_init(&a, rules, nrules, &e) != 0)
		abort();
	a.repeat = 60 * PM_NS_PER_S;
	a.emit = event;
	if (pm_alert_state_load(&a, path, &e) != 0) {
		if (e.msg[0] == '\0')
			abort();
		pm_alerts_release(&a);
		return 0;
	}
	for (i = 0; i < a.nseries; i++) {
		s = a.series[i];
		if (s->rule >= nrules || strcmp(s->metric,
		    rules[s->rule].metric) != 0 || s->state > PM_ALERT_FIRING ||
		    (s->level != 1 && s->level != 2) ||
		    s->nlabels > PM_LABELS_MAX)
			abort();
	}
	if (pm_alert_state_save(&a, saved, &e) != 0 ||
	    pm_alerts_init(&b, rules, nrules, &e) != 0)
		abort();
	if (pm_alert_state_load(&b, saved, &e) != 0)
		abort();
	compare(&a, &b);
	pm_alerts_release(&b);
	feed(&a);
	pm_alerts_release(&a);
	return 0;
}
