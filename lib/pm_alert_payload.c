/* Alert events for Alertmanager and webhooks (see pm_alert_payload.h). */
#include <ctype.h>
#include <string.h>

#include "pm_alert_payload.h"

int
pm_alert_payload_label(cJSON *o, const char *key, const char *value)
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

	ok = o != NULL && pm_alert_payload_label(o, "alertname", ev->rule->name) &&
	    pm_alert_payload_label(o, "severity", ev->severity) &&
	    (ev->s->host == NULL ||
	    pm_alert_payload_label(o, "host", ev->s->host)) &&
	    pm_alert_payload_label(o, "metric", ev->s->metric);
	for (i = 0; ok && i < rec->point.nlabels; i++)
		ok = pm_alert_payload_label(o, rec->point.labels[i].key,
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

cJSON *
pm_alert_payload_alert(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec, int webhook)
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

