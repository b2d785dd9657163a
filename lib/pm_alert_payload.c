/* Alert events for Alertmanager and webhooks (see pm_alert_payload.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "pm_alert_payload.h"

static int
label(cJSON *o, const char *key, const char *value)
{
	char k[128];
	size_t i;

	for (i = 0; key[i] != '\0' && i + 1 < sizeof(k); i++)
		k[i] = isalnum((unsigned char)key[i]) || key[i] == '_' ?
		    key[i] : '_';
	k[i] = '\0';
	if (isdigit((unsigned char)k[0]))
		k[0] = '_';
	cJSON_DeleteItemFromObjectCaseSensitive(o, k);
	return cJSON_AddStringToObject(o, k, value) != NULL;
}

static cJSON *
labels(const struct pm_alert_event *ev, const struct pm_alert_record *rec)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;
	int ok;

	ok = o != NULL && label(o, "alertname", ev->rule->name) &&
	    label(o, "severity", ev->severity) &&
	    (ev->s->host == NULL || label(o, "host", ev->s->host)) &&
	    label(o, "metric", ev->s->metric);
	for (i = 0; ok && i < rec->point.nlabels; i++)
		ok = label(o, rec->point.labels[i].key,
		    rec->point.labels[i].value);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *
annotations(const struct pm_alert_record *rec)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(rec->extra,
	    "annotations");

	return a != NULL ? cJSON_Duplicate(a, 1) : cJSON_CreateObject();
}

/* The alert object both shapes share. */
static cJSON *
alert(const struct pm_alert_event *ev, const struct pm_alert_record *rec,
    int webhook)
{
	char starts[PM_TS_LEN + 1], ends[PM_TS_LEN + 1];
	int resolved = strcmp(ev->state, "resolved") == 0, ok;
	cJSON *o = cJSON_CreateObject();

	pm_rfc3339_format(ev->s->fired_at, starts);
	pm_rfc3339_format(ev->ts, ends);
	ok = o != NULL && (!webhook ||
	    cJSON_AddStringToObject(o, "status", ev->state)) &&
	    cJSON_AddItemToObject(o, "labels", labels(ev, rec)) &&
	    cJSON_AddItemToObject(o, "annotations", annotations(rec)) &&
	    cJSON_AddStringToObject(o, "startsAt", starts) &&
	    (resolved ? cJSON_AddStringToObject(o, "endsAt", ends) != NULL :
	    !webhook || cJSON_AddStringToObject(o, "endsAt",
	    "0001-01-01T00:00:00Z") != NULL) &&
	    (!webhook || (cJSON_AddStringToObject(o, "generatorURL", "") &&
	    cJSON_AddStringToObject(o, "fingerprint", ev->s->fingerprint)));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static char *
print(cJSON *o)
{
	char *s = o != NULL ? cJSON_PrintUnformatted(o) : NULL;

	cJSON_Delete(o);
	return s;
}

char *
pm_alert_payload_am(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec)
{
	cJSON *arr = cJSON_CreateArray();

	if (arr != NULL && !cJSON_AddItemToArray(arr, alert(ev, rec, 0))) {
		cJSON_Delete(arr);
		return NULL;
	}
	return print(arr);
}

char *
pm_alert_payload_webhook(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec)
{
	cJSON *o = cJSON_CreateObject(), *a, *al, *l;
	char key[512];
	int ok;

	snprintf(key, sizeof(key), "{}:{alertname=\"%s\"}", ev->rule->name);
	ok = o != NULL && cJSON_AddStringToObject(o, "receiver", "pm-alert") &&
	    cJSON_AddStringToObject(o, "status", ev->state) &&
	    (a = cJSON_AddArrayToObject(o, "alerts")) != NULL &&
	    cJSON_AddItemToArray(a, al = alert(ev, rec, 1)) &&
	    (l = cJSON_AddObjectToObject(o, "groupLabels")) != NULL &&
	    label(l, "alertname", ev->rule->name) &&
	    cJSON_AddItemToObject(o, "commonLabels", cJSON_Duplicate(
	    cJSON_GetObjectItemCaseSensitive(al, "labels"), 1)) &&
	    cJSON_AddItemToObject(o, "commonAnnotations", annotations(rec)) &&
	    cJSON_AddStringToObject(o, "externalURL", "") &&
	    cJSON_AddStringToObject(o, "version", "4") &&
	    cJSON_AddStringToObject(o, "groupKey", key) &&
	    cJSON_AddNumberToObject(o, "truncatedAlerts", 0);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return print(o);
}
