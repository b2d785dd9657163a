/* Alert events as points (see pm_alert_record.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alert_record.h"
#include "pm_labels.h"
#include "pm_tmpl.h"

static char *
render(const char *tmpl, const struct pm_tmpl_ctx *c)
{
	size_t n = pm_tmpl_render(tmpl, c, NULL, 0);
	char *s = malloc(n + 1);

	if (s != NULL)
		pm_tmpl_render(tmpl, c, s, n + 1);
	return s;
}

/* The point's labels: the series', then the rule's (rendered), a rule
 * label replacing a series label of the same key. */
static int
labels(struct pm_alert_record *rec, const struct pm_alert_event *ev,
    struct pm_tmpl_ctx *c, struct pm_err *e)
{
	const struct pm_rule *r = ev->rule;
	struct pm_point *p = &rec->point;
	size_t i, j;

	for (i = 0; i < ev->s->nlabels; i++)
		p->labels[i] = ev->s->labels[i];
	p->nlabels = ev->s->nlabels;
	for (i = 0; i < r->nlabels; i++) {
		if ((rec->vals[i] = render(r->labels[i].tmpl, c)) == NULL)
			return pm_err_set(e, "out of memory");
		for (j = 0; j < p->nlabels; j++)
			if (strcmp(p->labels[j].key, r->labels[i].key) == 0)
				break;
		if (j == PM_LABELS_MAX)
			return pm_err_set(e, "alert %s: more than %d labels",
			    r->name, PM_LABELS_MAX);
		p->labels[j].key = r->labels[i].key;
		p->labels[j].value = rec->vals[i];
		if (j == p->nlabels)
			p->nlabels++;
	}
	return 0;
}

static int
extra(struct pm_alert_record *rec, const struct pm_alert_event *ev,
    const struct pm_tmpl_ctx *c, struct pm_err *e)
{
	const struct pm_alert_series *s = ev->s;
	char since[PM_TS_LEN + 1], *v;
	cJSON *x, *ann;
	size_t i;
	int ok;

	pm_rfc3339_format(strcmp(ev->state, "pending") == 0 ? s->active_at :
	    s->fired_at, since);
	if ((x = rec->extra = cJSON_CreateObject()) == NULL)
		return pm_err_set(e, "out of memory");
	ok = cJSON_AddStringToObject(x, "event", "alert") &&
	    cJSON_AddStringToObject(x, "alert", ev->rule->name) &&
	    cJSON_AddStringToObject(x, "state", ev->state) &&
	    cJSON_AddStringToObject(x, "severity", ev->severity) &&
	    cJSON_AddStringToObject(x, "watched", s->metric) &&
	    cJSON_AddStringToObject(x, "threshold", ev->threshold->text) &&
	    cJSON_AddStringToObject(x, "since", since) &&
	    cJSON_AddStringToObject(x, "fingerprint", s->fingerprint) &&
	    (!ev->repeat || cJSON_AddTrueToObject(x, "repeat"));
	if (!ok)
		return pm_err_set(e, "out of memory");
	if (ev->rule->nannotations == 0)
		return 0;
	if ((ann = cJSON_AddObjectToObject(x, "annotations")) == NULL)
		return pm_err_set(e, "out of memory");
	for (i = 0; i < ev->rule->nannotations; i++) {
		if ((v = render(ev->rule->annotations[i].tmpl, c)) == NULL)
			return pm_err_set(e, "out of memory");
		ok = cJSON_AddStringToObject(ann, ev->rule->annotations[i].key,
		    v) != NULL;
		free(v);
		if (!ok)
			return pm_err_set(e, "out of memory");
	}
	return 0;
}

int
pm_alert_record_init(struct pm_alert_record *rec,
    const struct pm_alert_event *ev, struct pm_err *e)
{
	const struct pm_threshold *t = ev->threshold;
	struct pm_tmpl_ctx c = {
		.alert = ev->rule->name, .metric = ev->s->metric,
		.host = ev->s->host, .severity = ev->severity,
		.value = ev->value,
	};
	struct pm_point *p = &rec->point;

	memset(rec, 0, sizeof(*rec));
	if (t->is_range)
		snprintf(rec->thr, sizeof(rec->thr), "%s", t->text);
	else
		pm_number_format(t->num, rec->thr);
	c.threshold = rec->threshold = rec->thr;
	pm_point_init(p);
	p->metric = "alert";
	p->value = ev->value;
	p->ts = ev->ts;
	p->host = ev->s->host;
	c.labels = ev->s->labels;
	c.nlabels = ev->s->nlabels;
	if (labels(rec, ev, &c, e) != 0)
		goto fail;
	/* Annotations see the alert's labels, the rule's among them. */
	c.labels = p->labels;
	c.nlabels = p->nlabels;
	if (extra(rec, ev, &c, e) != 0)
		goto fail;
	p->extra = rec->extra;
	return 0;
fail:
	pm_alert_record_release(rec);
	return -1;
}

const char *
pm_alert_record_annotation(const struct pm_alert_record *rec,
    const char *key)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(rec->extra,
	    "annotations");

	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, key));
}

void
pm_alert_record_release(struct pm_alert_record *rec)
{
	size_t i;

	for (i = 0; i < PM_RULE_KV_MAX; i++)
		free(rec->vals[i]);
	cJSON_Delete(rec->extra);
	memset(rec, 0, sizeof(*rec));
}

/* "NAME=value" from malloc, or NULL. */
static char *
env_var(const char *name, const char *value)
{
	size_t a = strlen(name), b = strlen(value);
	char *s = malloc(a + b + 2);

	if (s != NULL) {
		memcpy(s, name, a);
		s[a] = '=';
		memcpy(s + a + 1, value, b + 1);
	}
	return s;
}

/* Each value whole, however long: a label cut short would be JSON cut
 * short (and maybe a UTF-8 character cut in two). */
int
pm_alert_record_env(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec, char *env[16])
{
	const struct pm_point *p = &rec->point;
	char v[32], ts[PM_TS_LEN + 1], since[PM_TS_LEN + 1], *labels;
	const char *sum = pm_alert_record_annotation(rec, "summary");
	size_t n = 0, i;
	int rc = 0;

	pm_number_format(ev->value, v);
	pm_rfc3339_format(ev->ts, ts);
	pm_rfc3339_format(strcmp(ev->state, "pending") == 0 ?
	    ev->s->active_at : ev->s->fired_at, since);
	if ((labels = pm_labels_canonical_alloc(p->labels, p->nlabels)) ==
	    NULL) {
		env[0] = NULL;
		return -1;
	}
#define ENV(name, value) env[n++] = env_var(name, value)
	ENV("PM_ALERT_NAME", ev->rule->name);
	ENV("PM_ALERT_STATE", ev->state);
	ENV("PM_ALERT_SEVERITY", ev->severity);
	ENV("PM_ALERT_VALUE", v);
	ENV("PM_ALERT_THRESHOLD", ev->threshold->text);
	ENV("PM_ALERT_METRIC", ev->s->metric);
	ENV("PM_ALERT_HOST", ev->s->host ? ev->s->host : "");
	ENV("PM_ALERT_TS", ts);
	ENV("PM_ALERT_SINCE", since);
	ENV("PM_ALERT_FINGERPRINT", ev->s->fingerprint);
	ENV("PM_ALERT_LABELS", labels);
	ENV("PM_ALERT_SUMMARY", sum ? sum : "");
#undef ENV
	env[n] = NULL;
	free(labels);
	for (i = 0; i < n; i++)
		rc |= env[i] == NULL;
	if (rc == 0)
		return 0;
	for (i = 0; i < n; i++)
		free(env[i]);
	env[0] = NULL;
	return -1;
}

void
pm_alert_record_env_release(char *env[16])
{
	size_t i;

	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	env[0] = NULL;
}
