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
 * Ownership: the strings returned are the caller's (cJSON_free).
 */
#ifndef PM_ALERT_PAYLOAD_H
#define PM_ALERT_PAYLOAD_H

#include "pm_alert_record.h"

char *pm_alert_payload_am(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec);

char *pm_alert_payload_webhook(const struct pm_alert_event *ev,
    const struct pm_alert_record *rec);

#endif
