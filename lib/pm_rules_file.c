/* Rules from a JSON file (see pm_rules_file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_rules_file.h"
#include "pm_slurp.h"

#define RULES_FILE_MAX ((size_t)16 * 1024 * 1024)

static const char *
str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int
kv(struct pm_rule *r, const cJSON *o, const char *key,
    int (*add)(struct pm_rule *, const char *, const char *,
    struct pm_err *), struct pm_err *e)
{
	const cJSON *m, *x = cJSON_GetObjectItemCaseSensitive(o, key);

	if (x == NULL)
		return 0;
	if (!cJSON_IsObject(x))
		return pm_err_set(e, "%s: not an object", key);
	cJSON_ArrayForEach(m, x) {
		if (!cJSON_IsString(m))
			return pm_err_set(e, "%s.%s: not a string", key,
			    m->string);
		if (add(r, m->string, m->valuestring, e) != 0)
			return -1;
	}
	return 0;
}

static int
duration(const cJSON *o, const char *key, int64_t *ns, struct pm_err *e)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);

	if (x == NULL)
		return 0;
	if (!cJSON_IsString(x) || pm_duration_parse(x->valuestring, ns, e) != 0)
		return pm_err_set(e, "%s: not a duration (30s, 5m, 1h)", key);
	return 0;
}

static int
threshold(const cJSON *o, const char *key, struct pm_threshold *t,
    struct pm_err *e)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
	char num[32];

	if (x == NULL)
		return 0;
	if (cJSON_IsNumber(x)) {	/* a bare number is Nagios' "0:N" */
		pm_number_format(x->valuedouble, num);
		return pm_threshold_parse(t, num, e);
	}
	if (!cJSON_IsString(x))
		return pm_err_set(e, "%s: not a threshold", key);
	if (pm_threshold_parse(t, x->valuestring, e) != 0)
		return pm_err_prefix(e, "%s", key);
	return 0;
}

static int
known(const cJSON *o, struct pm_err *e)
{
	static const char *const keys[] = { "alert", "expr", "for",
		"keep_firing_for", "severity", "warning", "critical", "labels",
		"annotations" };
	const cJSON *m;
	size_t i;

	cJSON_ArrayForEach(m, o) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(m->string, keys[i]) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return pm_err_set(e, "unknown member '%s'", m->string);
	}
	return 0;
}

static int
one(struct pm_rule *r, const cJSON *o, struct pm_err *e)
{
	const char *expr = str(o, "expr"), *name = str(o, "alert");

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(o))
		return pm_err_set(e, "not an object");
	if (known(o, e) != 0)
		return -1;
	if (expr == NULL)
		return pm_err_set(e, "no expr");
	if (pm_rule_parse(r, expr, str(o, "severity"), e) != 0)
		return -1;
	if (name != NULL) {
		free(r->name);
		if ((r->name = strdup(name)) == NULL)
			return pm_err_set(e, "out of memory");
	}
	if (duration(o, "for", &r->for_ns, e) != 0 ||
	    duration(o, "keep_firing_for", &r->keep_ns, e) != 0 ||
	    threshold(o, "warning", &r->warn, e) != 0 ||
	    threshold(o, "critical", &r->crit, e) != 0 ||
	    kv(r, o, "labels", pm_rule_add_label, e) != 0 ||
	    kv(r, o, "annotations", pm_rule_add_annotation, e) != 0)
		return -1;
	return 0;
}

int
pm_rules_file_load(const char *path, struct pm_rule *rules, size_t *n,
    size_t max, struct pm_err *e)
{
	const cJSON *list;
	cJSON *root;
	char *text;
	int rc;

	if ((text = pm_slurp(path, RULES_FILE_MAX, e)) == NULL)
		return -1;
	root = cJSON_Parse(text);
	free(text);
	list = cJSON_IsArray(root) ? root :
	    cJSON_GetObjectItemCaseSensitive(root, "rules");
	if (!cJSON_IsArray(list)) {
		cJSON_Delete(root);
		return pm_err_set(e, "%s: not JSON with a \"rules\" array",
		    path);
	}
	rc = pm_rules_file_list(list, path, rules, n, max, e);
	cJSON_Delete(root);
	return rc;
}

int
pm_rules_file_list(const cJSON *list, const char *path,
    struct pm_rule *rules, size_t *n, size_t max, struct pm_err *e)
{
	const cJSON *o;
	size_t i = 0;

	cJSON_ArrayForEach(o, list) {
		i++;
		if (*n == max)
			return pm_err_set(e, "%s: rule %zu: more than %zu "
			    "rules", path, i, max);
		if (one(&rules[*n], o, e) != 0) {
			pm_rule_release(&rules[*n]);
			return pm_err_prefix(e, "%s: rule %zu", path, i);
		}
		(*n)++;
	}
	return 0;
}
