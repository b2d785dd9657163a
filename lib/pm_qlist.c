#include "pm_qlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_table.h"

/* One line of the list: a run of series that share a name. */
struct item {
	const char *name;		/* metric, host or label key */
	const struct pm_series *s;	/* --list series: the series */
	long long distinct;		/* hosts: metrics; labels: values */
	long long series, samples;
	int64_t first, last;
};

/* A series under a name, for sorting: by name, then by value (the metric
 * for hosts, the label value for labels). */
struct ref {
	const char *name, *value;
	const struct pm_series *s;
};

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	int c = cmp_str(x->name, y->name);

	return c != 0 ? c : cmp_str(x->value, y->value);
}

static void
add_series(struct item *it, const struct pm_series *s)
{
	it->series++;
	it->samples += s->count;
	if (s->first != PM_TS_NONE && (it->first == PM_TS_NONE ||
	    s->first < it->first))
		it->first = s->first;
	if (s->last != PM_TS_NONE && (it->last == PM_TS_NONE ||
	    s->last > it->last))
		it->last = s->last;
}

static cJSON *
item_json(const struct item *it, enum pm_list_kind kind)
{
	static const char *const names[] = { NULL, "metric", "metric", "host",
		"label" };
	cJSON *o = cJSON_CreateObject(), *l;
	char ts[PM_TS_LEN + 1];
	size_t i;
	int ok = o != NULL;

	if (ok && it->name != NULL)
		ok = cJSON_AddStringToObject(o, names[kind], it->name) != NULL;
	if (ok && kind == PM_LIST_SERIES) {
		if (it->s->host != NULL)
			ok = cJSON_AddStringToObject(o, "host",
			    it->s->host) != NULL;
		ok = ok && (l = cJSON_AddObjectToObject(o, "labels")) != NULL;
		for (i = 0; ok && i < it->s->nlabels; i++)
			ok = cJSON_AddStringToObject(l, it->s->labels[i].key,
			    it->s->labels[i].value) != NULL;
	}
	if (ok && (kind == PM_LIST_METRICS || kind == PM_LIST_SERIES) &&
	    it->s->unit != NULL)
		ok = cJSON_AddStringToObject(o, "unit", it->s->unit) != NULL;
	if (ok && kind == PM_LIST_HOSTS)
		ok = cJSON_AddNumberToObject(o, "metrics",
		    (double)it->distinct) != NULL;
	if (ok && kind == PM_LIST_LABELS)
		ok = cJSON_AddNumberToObject(o, "values",
		    (double)it->distinct) != NULL;
	if (ok && kind != PM_LIST_SERIES)
		ok = cJSON_AddNumberToObject(o, "series",
		    (double)it->series) != NULL;
	ok = ok && cJSON_AddNumberToObject(o, "samples",
	    (double)it->samples) != NULL;
	if (ok && it->first != PM_TS_NONE) {
		pm_rfc3339_format(it->first, ts);
		ok = cJSON_AddStringToObject(o, "first", ts) != NULL;
		pm_rfc3339_format(it->last, ts);
		ok = ok && cJSON_AddStringToObject(o, "last", ts) != NULL;
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int
item_row(struct pm_table *t, const struct item *it, enum pm_list_kind kind,
    struct pm_err *e)
{
	char num[3][32], first[PM_TS_LEN + 1] = "", last[PM_TS_LEN + 1] = "";
	char labels[1024] = "";
	const char *c[7];
	size_t i, n = 0, k = 0;

	snprintf(num[0], sizeof(num[0]), "%lld", it->distinct);
	snprintf(num[1], sizeof(num[1]), "%lld", it->series);
	snprintf(num[2], sizeof(num[2]), "%lld", it->samples);
	if (it->first != PM_TS_NONE) {
		pm_rfc3339_format(it->first, first);
		pm_rfc3339_format(it->last, last);
	}
	c[k++] = it->name;
	if (kind == PM_LIST_SERIES) {
		for (i = 0; i < it->s->nlabels && n < sizeof(labels); i++)
			n += (size_t)snprintf(labels + n, sizeof(labels) - n,
			    "%s%s=%s", i ? "," : "", it->s->labels[i].key,
			    it->s->labels[i].value);
		c[k++] = it->s->host;
		c[k++] = labels;
	}
	if (kind == PM_LIST_METRICS || kind == PM_LIST_SERIES)
		c[k++] = it->s->unit;
	if (kind == PM_LIST_HOSTS || kind == PM_LIST_LABELS)
		c[k++] = num[0];
	if (kind != PM_LIST_SERIES)
		c[k++] = num[1];
	c[k++] = num[2];
	c[k++] = first;
	c[k++] = last;
	return pm_table_add(t, c, e);
}

static int
emit(const struct item *it, enum pm_list_kind kind, struct pm_out *out,
    struct pm_table *t, struct pm_err *e)
{
	cJSON *o;
	int rc;

	if (t != NULL)
		return item_row(t, it, kind, e);
	if ((o = item_json(it, kind)) == NULL)
		return pm_err_set(e, "out of memory");
	rc = pm_out_json(out, o);
	cJSON_Delete(o);
	return rc != 0 ? pm_err_errno(e, "write error on %s", out->name) : 0;
}

/* The refs to list by, sorted: one per series (metrics, series, hosts) or
 * one per label of each series. */
static struct ref *
refs(const struct pm_sset *set, enum pm_list_kind kind, size_t *n)
{
	struct ref *r;
	size_t i, j, k = 0, total = 0;

	/* A series with nothing in the window is not listed. */
	for (i = 0; i < set->n; i++)
		if (set->v[i]->count > 0)
			total += kind == PM_LIST_LABELS ?
			    set->v[i]->nlabels : 1;
	if ((r = calloc(total ? total : 1, sizeof(*r))) == NULL)
		return NULL;
	for (i = 0; i < set->n; i++) {
		const struct pm_series *s = set->v[i];

		if (s->count == 0)
			continue;
		if (kind == PM_LIST_LABELS) {
			for (j = 0; j < s->nlabels; j++, k++) {
				r[k].name = s->labels[j].key;
				r[k].value = s->labels[j].value;
				r[k].s = s;
			}
			continue;
		}
		r[k].name = kind == PM_LIST_HOSTS ? s->host : s->metric;
		r[k].value = kind == PM_LIST_HOSTS ? s->metric : NULL;
		r[k++].s = s;
	}
	/* Series are sorted by key already: keep that order for them. */
	if (kind != PM_LIST_SERIES && kind != PM_LIST_METRICS)
		qsort(r, total, sizeof(*r), cmp_ref);
	*n = total;
	return r;
}

int
pm_qlist_write(const struct pm_sset *set, enum pm_list_kind kind,
    struct pm_out *out, int table, struct pm_err *e)
{
	static const char *const heads[][7] = {
		[PM_LIST_METRICS] = { "METRIC", "UNIT", "SERIES", "SAMPLES",
			"FIRST", "LAST" },
		[PM_LIST_SERIES] = { "METRIC", "HOST", "LABELS", "UNIT",
			"SAMPLES", "FIRST", "LAST" },
		[PM_LIST_HOSTS] = { "HOST", "METRICS", "SERIES", "SAMPLES",
			"FIRST", "LAST" },
		[PM_LIST_LABELS] = { "LABEL", "VALUES", "SERIES", "SAMPLES",
			"FIRST", "LAST" },
	};
	struct pm_table t;
	struct item it;
	struct ref *r;
	size_t n, i, j, ncols = kind == PM_LIST_SERIES ? 7 : 6;
	int rc = 0;

	if ((r = refs(set, kind, &n)) == NULL)
		return pm_err_set(e, "out of memory");
	if (table && pm_table_init(&t, ncols, heads[kind], e) != 0) {
		free(r);
		return -1;
	}
	for (i = 0; table && i < ncols; i++)
		t.right[i] = strcmp(heads[kind][i], "SERIES") == 0 ||
		    strcmp(heads[kind][i], "SAMPLES") == 0 ||
		    strcmp(heads[kind][i], "METRICS") == 0 ||
		    strcmp(heads[kind][i], "VALUES") == 0;
	for (i = 0; rc == 0 && i < n; i = j) {
		memset(&it, 0, sizeof(it));
		it.name = r[i].name;
		it.s = r[i].s;
		it.first = it.last = PM_TS_NONE;
		for (j = i; j < n && (kind == PM_LIST_SERIES ? j == i :
		    cmp_str(r[j].name, r[i].name) == 0); j++) {
			add_series(&it, r[j].s);
			it.distinct += j == i || cmp_str(r[j].value,
			    r[j - 1].value) != 0;
		}
		rc = emit(&it, kind, out, table ? &t : NULL, e);
	}
	free(r);
	if (table) {
		if (rc == 0 && pm_table_print(&t, out->fp) != 0)
			rc = pm_err_errno(e, "write error on %s", out->name);
		pm_table_release(&t);
	}
	return rc;
}
