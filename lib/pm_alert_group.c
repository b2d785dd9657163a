/* Notifications in groups (see pm_alert_group.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alert_group.h"
#include "pm_alert_payload.h"
#include "pm_out.h"

void
pm_alert_groups_init(struct pm_alert_groups *gs)
{
	memset(gs, 0, sizeof(*gs));
}

int
pm_alert_groups_by(struct pm_alert_groups *gs, char *list,
    struct pm_err *e)
{
	char *name, *save = NULL;

	for (name = strtok_r(list, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		if (gs->nby == PM_ALERT_GROUP_BY_MAX)
			return pm_err_set(e, "more than %d names",
			    PM_ALERT_GROUP_BY_MAX);
		gs->by[gs->nby++] = name;
	}
	if (gs->nby == 0)
		return pm_err_set(e, "no label names");
	return 0;
}

/* groupLabels of an alert: its values of the group-by names (those it
 * has), or its alertname when there are none. */
static cJSON *
group_labels(const struct pm_alert_groups *gs, const cJSON *labels)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *v;
	size_t i;

	if (gs->nby == 0) {
		v = cJSON_GetObjectItemCaseSensitive(labels, "alertname");
		if (o != NULL && !cJSON_AddItemToObject(o, "alertname",
		    cJSON_Duplicate(v, 0))) {
			cJSON_Delete(o);
			return NULL;
		}
		return o;
	}
	for (i = 0; o != NULL && i < gs->nby; i++) {
		if ((v = cJSON_GetObjectItemCaseSensitive(labels, gs->by[i])) ==
		    NULL || cJSON_GetObjectItemCaseSensitive(o, gs->by[i]))
			continue;
		if (!cJSON_AddItemToObject(o, gs->by[i], cJSON_Duplicate(v, 0))) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

/* {}:{k="v",...} of groupLabels, then the fingerprint (when every alert
 * is a group of its own) after a NUL: what tells groups apart. */
static char *
group_key(const cJSON *labels, const char *fingerprint)
{
	const cJSON *v;
	size_t len = 8 + (fingerprint ? strlen(fingerprint) + 1 : 0), n = 0;
	char *k;

	cJSON_ArrayForEach(v, labels)
		len += strlen(v->string) + strlen(v->valuestring) + 5;
	if ((k = malloc(len)) == NULL)
		return NULL;
	n += (size_t)snprintf(k, len, "{}:{");
	cJSON_ArrayForEach(v, labels)
		n += (size_t)snprintf(k + n, len - n, "%s%s=\"%s\"",
		    v == labels->child ? "" : ",", v->string, v->valuestring);
	n += (size_t)snprintf(k + n, len - n, "}");
	k[n + 1] = '\0';
	if (fingerprint != NULL)
		snprintf(k + n + 1, len - n - 1, "%s", fingerprint);
	return k;
}

static char **
env_copy(char *const *env)
{
	size_t n, i;
	char **c;

	for (n = 0; env[n] != NULL; n++)
		;
	if ((c = calloc(n + 1, sizeof(*c))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((c[i] = strdup(env[i])) == NULL) {
			while (i > 0)
				free(c[--i]);
			free(c);
			return NULL;
		}
	return c;
}

/* The group with key, or a new one at the end. */
static struct pm_alert_group *
group(struct pm_alert_groups *gs, char *key, cJSON *labels, int64_t ts,
    char *const *env)
{
	struct pm_alert_group *g;
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (strcmp(gs->g[i].key, key) == 0 && strcmp(gs->g[i].key +
		    strlen(key) + 1, key + strlen(key) + 1) == 0) {
			free(key);
			cJSON_Delete(labels);
			return &gs->g[i];
		}
	if (gs->n == gs->cap) {
		size_t cap = gs->cap ? gs->cap * 2 : 8;

		if ((g = realloc(gs->g, cap * sizeof(*g))) == NULL)
			goto fail;
		gs->g = g;
		gs->cap = cap;
	}
	g = &gs->g[gs->n];
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->labels = labels;
	g->due = ts + gs->wait;
	if ((g->wh = cJSON_CreateArray()) == NULL ||
	    (g->am = cJSON_CreateArray()) == NULL ||
	    (env != NULL && (g->env = env_copy(env)) == NULL)) {
		pm_alert_group_release(g);
		return NULL;
	}
	gs->n++;
	return g;
fail:
	free(key);
	cJSON_Delete(labels);
	return NULL;
}

int
pm_alert_groups_add(struct pm_alert_groups *gs,
    const struct pm_alert_event *ev, const struct pm_alert_record *rec,
    char *const *env, struct pm_err *e)
{
	cJSON *wh = pm_alert_payload_alert(ev, rec, 1), *am = NULL, *obj;
	cJSON *labels = NULL;
	struct pm_alert_group *g = NULL;
	char *key = NULL, *line = NULL, *lines;
	size_t len;

	if (wh == NULL || (am = pm_alert_payload_alert(ev, rec, 0)) == NULL ||
	    (labels = group_labels(gs, cJSON_GetObjectItemCaseSensitive(wh,
	    "labels"))) == NULL || (key = group_key(labels, gs->nby ? NULL :
	    ev->s->fingerprint)) == NULL)
		goto fail;
	if ((g = group(gs, key, labels, ev->ts, env)) == NULL) {
		key = NULL;	/* group() freed both */
		labels = NULL;
		goto fail;
	}
	if ((obj = pm_point_to_json(&rec->point)) == NULL)
		goto fail;
	line = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (line == NULL)
		goto fail;
	len = strlen(line);
	if ((lines = realloc(g->lines, g->len + len + 1)) == NULL)
		goto fail;
	memcpy(lines + g->len, line, len);
	lines[g->len + len] = '\n';
	g->lines = lines;
	g->len += len + 1;
	cJSON_free(line);
	cJSON_AddItemToArray(g->wh, wh);
	cJSON_AddItemToArray(g->am, am);
	g->n++;
	return 0;
fail:
	if (g == NULL) {
		free(key);
		cJSON_Delete(labels);
	}
	cJSON_free(line);
	cJSON_Delete(wh);
	cJSON_Delete(am);
	return pm_err_set(e, "out of memory");
}

int
pm_alert_groups_due(struct pm_alert_groups *gs, int64_t now,
    struct pm_alert_group *out)
{
	size_t i, first = gs->n;

	/* The earliest due; of equals, the oldest group. */
	for (i = 0; i < gs->n; i++)
		if ((now == PM_TS_NONE || gs->g[i].due < now) &&
		    (first == gs->n || gs->g[i].due < gs->g[first].due))
			first = i;
	if (first == gs->n)
		return 0;
	*out = gs->g[first];
	memmove(gs->g + first, gs->g + first + 1, (gs->n - first - 1) *
	    sizeof(*gs->g));
	gs->n--;
	return 1;
}

/* What every alert of the group has alike in member name (labels or
 * annotations). */
static cJSON *
common(const cJSON *alerts, const char *name)
{
	cJSON *c = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(
	    alerts->child, name), 1), *v, *next;
	const cJSON *a, *w;

	for (a = alerts->child ? alerts->child->next : NULL; c != NULL &&
	    a != NULL; a = a->next)
		for (v = c->child; v != NULL; v = next) {
			next = v->next;
			w = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(a, name), v->string);
			if (w == NULL || strcmp(w->valuestring, v->valuestring))
				cJSON_Delete(cJSON_DetachItemViaPointer(c, v));
		}
	return c;
}

static char *
print(cJSON *o, int ok)
{
	char *s = ok ? cJSON_PrintUnformatted(o) : NULL;

	cJSON_Delete(o);
	return s;
}

char *
pm_alert_group_webhook(const struct pm_alert_group *g)
{
	cJSON *o = cJSON_CreateObject();
	const char *status = "resolved";
	const cJSON *a;
	int ok;

	cJSON_ArrayForEach(a, g->wh)
		if (strcmp(cJSON_GetObjectItemCaseSensitive(a,
		    "status")->valuestring, "firing") == 0)
			status = "firing";
	ok = o != NULL && cJSON_AddStringToObject(o, "receiver", "pm-alert") &&
	    cJSON_AddStringToObject(o, "status", status) &&
	    cJSON_AddItemToObject(o, "alerts", cJSON_Duplicate(g->wh, 1)) &&
	    cJSON_AddItemToObject(o, "groupLabels",
	    cJSON_Duplicate(g->labels, 1)) &&
	    cJSON_AddItemToObject(o, "commonLabels", common(g->wh, "labels")) &&
	    cJSON_AddItemToObject(o, "commonAnnotations",
	    common(g->wh, "annotations")) &&
	    cJSON_AddStringToObject(o, "externalURL", "") &&
	    cJSON_AddStringToObject(o, "version", "4") &&
	    cJSON_AddStringToObject(o, "groupKey", g->key) &&
	    cJSON_AddNumberToObject(o, "truncatedAlerts", 0);
	return print(o, ok);
}

char *
pm_alert_group_am(const struct pm_alert_group *g)
{
	cJSON *o = cJSON_Duplicate(g->am, 1);

	return print(o, o != NULL);
}

void
pm_alert_group_release(struct pm_alert_group *g)
{
	size_t i;

	free(g->key);
	cJSON_Delete(g->labels);
	cJSON_Delete(g->wh);
	cJSON_Delete(g->am);
	free(g->lines);
	for (i = 0; g->env != NULL && g->env[i] != NULL; i++)
		free(g->env[i]);
	free(g->env);
	memset(g, 0, sizeof(*g));
}

void
pm_alert_groups_release(struct pm_alert_groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		pm_alert_group_release(&gs->g[i]);
	free(gs->g);
	memset(gs, 0, sizeof(*gs));
}

void
pm_alert_group_describe(const struct pm_alert_group *g, char *buf, size_t size)
{
	const cJSON *a = g->wh->child;
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(a, "labels");

	snprintf(buf, size, "alert %s %s", cJSON_GetObjectItemCaseSensitive(l,
	    "alertname")->valuestring, cJSON_GetObjectItemCaseSensitive(a,
	    "status")->valuestring);
	if (g->n > 1)
		snprintf(buf + strlen(buf), size - strlen(buf), " and %zu more",
		    g->n - 1);
}
