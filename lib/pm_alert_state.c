/* The alert engine's state file (see pm_alert_state.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alert_state.h"
#include "pm_slurp.h"

#define STATE_MAX ((size_t)64 * 1024 * 1024)

static const char *const state_names[] = { "inactive", "pending", "firing" };

static int64_t
get_ts(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, key));
	char *end;
	long long v;

	if (s == NULL)
		return PM_TS_NONE;
	errno = 0;
	v = strtoll(s, &end, 10);
	return *end != '\0' || end == s || errno != 0 ? PM_TS_NONE : v;
}

static long
rule_index(const struct pm_alerts *a, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < a->nrules; i++)
		if (strcmp(a->rules[i].name, name) == 0)
			return (long)i;
	return -1;
}

int
pm_alert_state_load_one(struct pm_alerts *a, const cJSON *o,
    struct pm_err *e)
{
	const cJSON *labels, *l;
	struct pm_alert_series *s;
	struct pm_point p;
	const char *st;
	long r = rule_index(a, cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "alert")));
	size_t i;

	pm_point_init(&p);
	p.metric = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    "metric"));
	p.host = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    "host"));
	labels = cJSON_GetObjectItemCaseSensitive(o, "labels");
	cJSON_ArrayForEach(l, labels)
		if (cJSON_IsString(l) && pm_point_add_label(&p, l->string,
		    l->valuestring) != 0)
			return 0;
	if (r < 0 || p.metric == NULL ||
	    strcmp(p.metric, a->rules[r].metric) != 0)
		return 0;
	if ((s = pm_alerts_series(a, (size_t)r, &p, e)) == NULL)
		return -1;
	st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "state"));
	for (i = 0; st != NULL && i < 3; i++)
		if (strcmp(st, state_names[i]) == 0)
			s->state = (enum pm_alert_state)i;
	l = cJSON_GetObjectItemCaseSensitive(o, "level");
	s->level = cJSON_IsNumber(l) && l->valueint == 1 ? 1 : 2;
	l = cJSON_GetObjectItemCaseSensitive(o, "value");
	if (cJSON_IsNumber(l) && isfinite(l->valuedouble))	/* not 1e999 */
		s->value = l->valuedouble;
	s->active_at = get_ts(o, "active_at");
	s->fired_at = get_ts(o, "fired_at");
	s->keep_since = get_ts(o, "keep_since");
	s->last_seen = get_ts(o, "last_seen");
	s->notified_at = get_ts(o, "notified_at");
	s->placeholder = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "placeholder"));
	if (!s->placeholder)
		a->seen_any[r] = 1;
	return 0;
}

int
pm_alert_state_load(struct pm_alerts *a, const char *path, struct pm_err *e)
{
	const cJSON *series, *o;
	cJSON *root;
	char *text;
	int rc = 0;

	if ((text = pm_slurp(path, STATE_MAX, e)) == NULL)
		return errno == ENOENT ? 0 : -1;	/* none yet: empty */
	root = cJSON_Parse(text);
	free(text);
	series = cJSON_GetObjectItemCaseSensitive(root, "series");
	if (!cJSON_IsArray(series)) {
		cJSON_Delete(root);
		return pm_err_set(e, "%s: not a pm-alert state file", path);
	}
	cJSON_ArrayForEach(o, series)
		if ((rc = pm_alert_state_load_one(a, o, e)) != 0)
			break;
	cJSON_Delete(root);
	return rc;
}

static int
put_ts(cJSON *o, const char *key, int64_t ts)
{
	char buf[24];

	if (ts == PM_TS_NONE)
		return 1;
	snprintf(buf, sizeof(buf), "%" PRId64, ts);
	return cJSON_AddStringToObject(o, key, buf) != NULL;
}

int
pm_alert_state_kept(const struct pm_alerts *a,
    const struct pm_alert_series *s)
{
	return s->state != PM_ALERT_INACTIVE ||
	    a->rules[s->rule].kind == PM_RULE_ABSENT;
}

cJSON *
pm_alert_state_series(const struct pm_alerts *a,
    const struct pm_alert_series *s)
{
	cJSON *o = cJSON_CreateObject(), *labels;
	size_t i;
	int ok;

	if (o == NULL)
		return NULL;
	ok = cJSON_AddStringToObject(o, "alert", a->rules[s->rule].name) &&
	    cJSON_AddStringToObject(o, "metric", s->metric) &&
	    (s->host == NULL || cJSON_AddStringToObject(o, "host", s->host)) &&
	    (labels = cJSON_AddObjectToObject(o, "labels")) != NULL &&
	    cJSON_AddStringToObject(o, "state", state_names[s->state]) &&
	    cJSON_AddNumberToObject(o, "level", s->level) &&
	    (s->value != s->value ||
	    cJSON_AddNumberToObject(o, "value", s->value)) &&
	    put_ts(o, "active_at", s->active_at) &&
	    put_ts(o, "fired_at", s->fired_at) &&
	    put_ts(o, "keep_since", s->keep_since) &&
	    put_ts(o, "last_seen", s->last_seen) &&
	    put_ts(o, "notified_at", s->notified_at) &&
	    (!s->placeholder || cJSON_AddTrueToObject(o, "placeholder"));
	for (i = 0; ok && i < s->nlabels; i++)
		ok = cJSON_AddStringToObject(labels, s->labels[i].key,
		    s->labels[i].value) != NULL;
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int
pm_alert_state_save(const struct pm_alerts *a, const char *path,
    struct pm_err *e)
{
	cJSON *root = cJSON_CreateObject(), *arr, *o;
	char tmp[4096], *text = NULL;
	FILE *fp;
	size_t i;
	int ok;

	ok = root != NULL && cJSON_AddNumberToObject(root, "version", 1) &&
	    (arr = cJSON_AddArrayToObject(root, "series")) != NULL;
	for (i = 0; ok && i < a->nseries; i++)
		if (pm_alert_state_kept(a, a->series[i])) {
			o = pm_alert_state_series(a, a->series[i]);
			ok = o != NULL && cJSON_AddItemToArray(arr, o);
			if (!ok)
				cJSON_Delete(o);
		}
	if (ok)
		ok = (text = cJSON_PrintUnformatted(root)) != NULL;
	cJSON_Delete(root);
	if (!ok)
		return pm_err_set(e, "out of memory");
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL) {
		cJSON_free(text);
		return pm_err_errno(e, "%s", tmp);
	}
	ok = fputs(text, fp) >= 0 && fputc('\n', fp) != EOF;
	cJSON_free(text);
	if (fclose(fp) != 0 || !ok || rename(tmp, path) != 0) {
		pm_err_errno(e, "%s", path);
		remove(tmp);
		return -1;
	}
	return 0;
}
