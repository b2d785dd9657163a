/* Snapshots of one reading's points (see pm_snap.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_snap.h"

void
pm_snap_init(struct pm_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->ts = PM_TS_NONE;
}

static void
point_free(struct pm_point *p)
{
	size_t i;

	free((char *)p->metric);
	free((char *)p->unit);
	for (i = 0; i < p->nlabels; i++) {
		free((char *)p->labels[i].key);
		free((char *)p->labels[i].value);
	}
}

int
pm_snap_add(struct pm_snap *s, const struct pm_point *p, struct pm_err *e)
{
	struct pm_point *q, *np;
	size_t i, cap;
	int bad;

	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 256;
		if ((np = realloc(s->p, cap * sizeof(*np))) == NULL)
			return pm_err_set(e, "out of memory");
		s->p = np;
		s->cap = cap;
	}
	q = &s->p[s->n];
	pm_point_init(q);
	q->value = p->value;
	q->ts = p->ts;
	q->metric = strdup(p->metric);
	q->unit = p->unit ? strdup(p->unit) : NULL;
	bad = q->metric == NULL || (p->unit != NULL && q->unit == NULL);
	for (i = 0; i < p->nlabels; i++) {
		q->labels[i].key = strdup(p->labels[i].key);
		q->labels[i].value = strdup(p->labels[i].value);
		q->nlabels++;
		bad |= q->labels[i].key == NULL || q->labels[i].value == NULL;
	}
	if (bad) {
		point_free(q);
		return pm_err_set(e, "out of memory");
	}
	s->n++;
	if (s->ts == PM_TS_NONE)
		s->ts = p->ts;
	return 0;
}

void
pm_snap_clear(struct pm_snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		point_free(&s->p[i]);
	s->n = 0;
	s->ts = PM_TS_NONE;
}

const struct pm_point *
pm_snap_find(const struct pm_snap *s, const char *metric, const char *key,
    const char *value)
{
	const char *v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->p[i].metric, metric) != 0)
			continue;
		if (key == NULL)
			return &s->p[i];
		if ((v = pm_point_label(&s->p[i], key)) != NULL &&
		    strcmp(v, value) == 0)
			return &s->p[i];
	}
	return NULL;
}

double
pm_snap_value(const struct pm_snap *s, const char *metric, const char *key,
    const char *value)
{
	const struct pm_point *p = pm_snap_find(s, metric, key, value);

	return p ? p->value : NAN;
}

void
pm_snap_release(struct pm_snap *s)
{
	pm_snap_clear(s);
	free(s->p);
	pm_snap_init(s);
}
