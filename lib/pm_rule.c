/* Rules: what a rule selects, its labels and annotations, and freeing it.
 * The parser is pm_rule_parse.c. */
#include <stdlib.h>
#include <string.h>

#include "pm_rule.h"
#include "pm_tmpl.h"

static int
add_kv(struct pm_rule_kv *kv, size_t *n, const char *what, const char *key,
    const char *tmpl, struct pm_err *e)
{
	size_t i;

	if (pm_tmpl_check(tmpl, e) != 0)
		return pm_err_prefix(e, "%s %s", what, key);
	for (i = 0; i < *n && strcmp(kv[i].key, key) != 0; i++)
		;
	if (i == PM_RULE_KV_MAX)
		return pm_err_set(e, "more than %d %ss", PM_RULE_KV_MAX, what);
	if (i == *n) {
		if ((kv[i].key = strdup(key)) == NULL)
			return pm_err_set(e, "out of memory");
		kv[i].tmpl = NULL;
		(*n)++;
	}
	free(kv[i].tmpl);	/* a later one replaces it */
	if ((kv[i].tmpl = strdup(tmpl)) == NULL)
		return pm_err_set(e, "out of memory");
	return 0;
}

int
pm_rule_add_label(struct pm_rule *r, const char *key, const char *tmpl,
    struct pm_err *e)
{
	return add_kv(r->labels, &r->nlabels, "label", key, tmpl, e);
}

int
pm_rule_add_annotation(struct pm_rule *r, const char *key, const char *tmpl,
    struct pm_err *e)
{
	return add_kv(r->annotations, &r->nannotations, "annotation", key,
	    tmpl, e);
}

int
pm_rule_selects(const struct pm_rule *r, const struct pm_point *p)
{
	const struct pm_rule_match *m;
	const char *v;
	size_t i;

	if (strcmp(p->metric, r->metric) != 0)
		return 0;
	for (i = 0; i < r->nmatch; i++) {
		m = &r->match[i];
		v = strcmp(m->key, "host") == 0 ? p->host :
		    pm_point_label(p, m->key);
		if ((strcmp(v != NULL ? v : "", m->value) == 0) == m->negate)
			return 0;
	}
	return 1;
}

const struct pm_threshold *
pm_rule_threshold(const struct pm_rule *r, const char *severity)
{
	const struct pm_threshold *t = strcmp(severity, "warning") == 0 ?
	    &r->warn : &r->crit;

	return t->set ? t : NULL;
}

static void
release_kv(struct pm_rule_kv *kv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].tmpl);
	}
}

void
pm_rule_release(struct pm_rule *r)
{
	size_t i;

	free(r->name);
	free(r->text);
	free(r->metric);
	for (i = 0; i < r->nmatch; i++) {
		free(r->match[i].key);
		free(r->match[i].value);
	}
	release_kv(r->labels, r->nlabels);
	release_kv(r->annotations, r->nannotations);
	memset(r, 0, sizeof(*r));
}
