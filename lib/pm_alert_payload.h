/* pm_alert_payload: an alert event in the shapes that receivers take.
 *
 * Alertmanager's API v2 (POST /api/v2/alerts): a JSON array of one alert,
 *   [{"labels":{...},"annotations":{...},"startsAt":"...","endsAt":"..."}]
 * endsAt only when resolved (Alertmanager then resolves it); a firing alert
 * must be sent again before Alertmanager's resolve_timeout (pm-alert
 * --repeat).  The webhook message is Alertmanager's own (version "4"):
 *   {"receiver":"pm-alert","status":"firing","alerts":[{"status",
 *    "labels","annotations","startsAt","endsAt","generatorURL",
 *    "fingerprint"}],"groupLabels","commonLabels","commonAnnotations",
 *    "externalURL","version":"4","groupKey","truncatedAlerts":0}
 * with endsAt "0001-01-01T00:00:00Z" while firing, as Alertmanager sends.
 *
 * Labels: alertname, severity, host (when the series has one), metric
 * (the metric watched) and the event's labels, keys made valid label
 * names ([a-zA-Z_][a-zA-Z0-9_]*: any other byte becomes '_').
 *
 * The messages themselves, one per group of alerts, are pm_alert_group's.
 *
 * Ownership: what is returned is the caller's.
 */
#ifndef PM_ALERT_PAYLOAD_H
#define PM_ALERT_PAYLOAD_H

#include "pm_alert_record.h"

/* One alert: in the webhook message's shape (with status, endsAt while
 * firing, generatorURL, fingerprint) or the API's; NULL when memory ran
 * out.  The caller's (cJSON_Delete). */
cJSON *pm_alert_payload_alert(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec, int webhook);

/* Set label key (made a valid label name) to value in o; 0 when memory
 * ran out. */
int pm_alert_payload_label(cJSON *o, const char *key, const char *value);

#endif
