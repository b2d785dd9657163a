/* pm-status --top N: the processes using most CPU and most memory, from
 * the proc collector's points (proc.cpu, proc.rss, labelled pid and
 * comm), in the view and in --json. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_human.h"
#include "pm_statusview.h"

#define TOP_MAX 256

static int
by_value(const void *a, const void *b)
{
	const struct pm_point *x = *(const struct pm_point *const *)a;
	const struct pm_point *y = *(const struct pm_point *const *)b;

	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return strtol(pm_point_label(x, "pid"), NULL, 10) <
	    strtol(pm_point_label(y, "pid"), NULL, 10) ?
	    -1 : 1;
}

/* The at most top points of metric, largest first (ties: lowest pid). */
static size_t
ranked(const struct pm_status *st, const char *metric,
    const struct pm_point **out)
{
	const struct pm_snap *s = st->snap;
	size_t i, n = 0;

	for (i = 0; i < s->n && n < TOP_MAX; i++)
		if (strcmp(s->p[i].metric, metric) == 0 &&
		    pm_point_label(&s->p[i], "pid") != NULL)
			out[n++] = &s->p[i];
	qsort(out, n, sizeof(*out), by_value);
	return n < st->top ? n : st->top;
}

/* "Top    by CPU        45 %  1.2 GiB  100 python3" */
void
pm_sview_top(struct pm_sview *v)
{
	static const char *const metric[2] = { "proc.cpu", "proc.rss" };
	static const char *const word[2] = { "by CPU", "by memory" };
	const struct pm_point *p[TOP_MAX];
	const char *label = "Top", *pid, *comm;
	char buf[64];
	size_t i, n;
	int k;

	for (k = 0; k < 2 && v->st->top > 0; k++) {
		n = ranked(v->st, metric[k], p);
		for (i = 0; i < n; i++) {
			pid = pm_point_label(p[i], "pid");
			comm = pm_point_label(p[i], "comm");
			pm_tline_cell(&v->line, label, LABEL_W, 0, PM_OK);
			pm_tline_cell(&v->line, i == 0 ? word[k] : "",
			    v->name_w, 0, PM_OK);
			pm_tline_cell(&v->line, pm_sview_human(pm_snap_value(
			    v->st->snap, "proc.cpu", "pid", pid), "percent",
			    buf, sizeof(buf)), VALUE_W, 1, PM_OK);
			pm_tline_add(&v->line, " ", PM_OK);
			pm_tline_cell(&v->line, pm_sview_human(pm_snap_value(
			    v->st->snap, "proc.rss", "pid", pid), "bytes",
			    buf, sizeof(buf)), VALUE_W + 2, 1, PM_OK);
			pm_tline_add(&v->line, "  ", PM_OK);
			pm_tline_cell(&v->line, pid, 7, 1, PM_OK);
			pm_tline_add(&v->line, " ", PM_OK);
			pm_tline_add(&v->line, comm != NULL ? comm : "",
			    PM_OK);
			pm_sview_flush(v);
			label = "";
		}
	}
}

/* "processes": {"cpu": [{pid, comm, cpu, rss}...], "memory": [...]} */
int
pm_status_top_json(cJSON *root, const struct pm_status *st)
{
	static const char *const metric[2] = { "proc.cpu", "proc.rss" };
	static const char *const name[2] = { "cpu", "memory" };
	const struct pm_point *p[TOP_MAX];
	cJSON *procs, *arr, *o;
	const char *pid, *comm;
	double x;
	size_t i, n;
	int k;

	if (st->top == 0)
		return 0;
	if ((procs = cJSON_AddObjectToObject(root, "processes")) == NULL)
		return -1;
	for (k = 0; k < 2; k++) {
		if ((arr = cJSON_AddArrayToObject(procs, name[k])) == NULL)
			return -1;
		n = ranked(st, metric[k], p);
		for (i = 0; i < n; i++) {
			if ((o = cJSON_CreateObject()) == NULL)
				return -1;
			cJSON_AddItemToArray(arr, o);
			pid = pm_point_label(p[i], "pid");
			comm = pm_point_label(p[i], "comm");
			cJSON_AddNumberToObject(o, "pid", (double)strtol(pid, NULL, 10));
			if (comm != NULL)
				cJSON_AddStringToObject(o, "comm", comm);
			if (!isnan(x = pm_snap_value(st->snap, "proc.cpu",
			    "pid", pid)))
				cJSON_AddNumberToObject(o, "cpu", x);
			if (!isnan(x = pm_snap_value(st->snap, "proc.rss",
			    "pid", pid)))
				cJSON_AddNumberToObject(o, "rss", x);
		}
	}
	return 0;
}
