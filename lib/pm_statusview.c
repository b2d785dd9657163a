/* pm-status's view for people: one aligned screen (see pm_status.h).
 *
 * Each line is a section label, a name, then a bar and its number, then
 * details; the bars and names grow with the terminal past 80 columns. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_human.h"
#include "pm_status.h"
#include "pm_statusview.h"

void
pm_sview_flush(struct pm_sview *v)
{
	if (pm_tline_flush(&v->line, v->fp, v->redraw) != 0)
		v->failed = 1;
}

enum pm_severity
pm_sview_sev(const struct pm_sview *v, const struct pm_point *p)
{
	return p ? pm_status_severity(v->st, p) : PM_OK;
}

const char *
pm_sview_human(double x, const char *unit, char *buf, size_t size)
{
	return isnan(x) ? "-" : pm_human(x, unit, buf, size);
}

void
pm_sview_bar_row(struct pm_sview *v, const char *label, const char *name,
    double percent, const char *value, enum pm_severity sev)
{
	pm_tline_cell(&v->line, label, LABEL_W, 0, PM_OK);
	pm_tline_cell(&v->line, name, v->name_w, 0, PM_OK);
	pm_tline_add(&v->line, " ", PM_OK);
	pm_tline_bar(&v->line, percent, v->bar_w, sev);
	pm_tline_add(&v->line, " ", PM_OK);
	pm_tline_cell(&v->line, value, VALUE_W, 1, sev);
	pm_tline_add(&v->line, "  ", PM_OK);
}

/* The average of the last readings, the last hour and the trend: a
 * column of its own, blank for a series without history. */
static void
history(struct pm_sview *v, const struct pm_point *p)
{
	static const char *const arrows[] = { "↓", "→", "↑" };
	struct pm_recent *r = v->st->recent;
	struct pm_trend t;
	struct pm_err e;
	double lo = INFINITY, hi = -INFINITY;
	char buf[64];
	int i;

	if (r == NULL)
		return;
	if (p == NULL || pm_recent_get(r, p, v->st->snap->ts, &t, &e) != 0 ||
	    t.n == 0) {
		pm_tline_cell(&v->line, "", VALUE_W + r->buckets + 5, 0, PM_OK);
		return;
	}
	pm_tline_cell(&v->line, pm_human(t.avg, p->unit, buf, sizeof(buf)),
	    VALUE_W, 1, pm_limits_check(v->st->limits, p->metric, t.avg));
	pm_tline_add(&v->line, " ", PM_OK);
	if (p->unit != NULL && strcmp(p->unit, "percent") == 0) {
		lo = 0;
		hi = 100;
	} else {
		for (i = 0; i < r->buckets; i++)
			if (!isnan(t.bucket[i])) {
				lo = fmin(lo, t.bucket[i]);
				hi = fmax(hi, t.bucket[i]);
			}
	}
	pm_tline_spark(&v->line, t.bucket, r->buckets, lo, hi);
	pm_tline_add(&v->line, " ", PM_OK);
	pm_tline_add(&v->line, arrows[t.dir + 1], PM_OK);
	pm_tline_add(&v->line, "  ", PM_OK);
}

void
pm_sview_row(struct pm_sview *v, const char *label, const char *name,
    const struct pm_point *p)
{
	char buf[64];

	pm_sview_bar_row(v, label, name, p ? p->value : NAN, p ?
	    pm_human(p->value, p->unit, buf, sizeof(buf)) : "-",
	    pm_sview_sev(v, p));
	history(v, p);
}

void
pm_sview_detail(struct pm_sview *v, const char *word,
    const struct pm_point *p)
{
	char buf[64];

	if (p == NULL)
		return;
	if (*word != '\0') {
		pm_tline_add(&v->line, word, PM_OK);
		pm_tline_add(&v->line, " ", PM_OK);
	}
	pm_tline_add(&v->line, pm_human(p->value, p->unit, buf, sizeof(buf)),
	    pm_sview_sev(v, p));
	pm_tline_add(&v->line, "  ", PM_OK);
}

const struct pm_point *
pm_sview_find(const struct pm_sview *v, const char *metric, const char *key,
    const char *value)
{
	return pm_snap_find(v->st->snap, metric, key, value);
}

void
pm_sview_show(struct pm_sview *v, const char *word, const char *metric,
    const char *key, const char *value)
{
	pm_sview_detail(v, word, pm_snap_find(v->st->snap, metric, key, value));
}

void
pm_sview_of(struct pm_sview *v, double part, double whole, const char *unit)
{
	char a[32], b[32];

	pm_tline_add(&v->line, pm_sview_human(part, unit, a, sizeof(a)),
	    PM_OK);
	pm_tline_add(&v->line, " of ", PM_OK);
	pm_tline_add(&v->line, pm_sview_human(whole, unit, b, sizeof(b)),
	    PM_OK);
	pm_tline_add(&v->line, "  ", PM_OK);
}

static void
header(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	char ts[PM_TS_LEN + 1], buf[64];
	const struct pm_point *p;

	pm_tline_add(&v->line, v->st->host, PM_OK);
	if (s->ts != PM_TS_NONE) {
		pm_rfc3339_format(s->ts, ts);
		pm_tline_add(&v->line, "  ", PM_OK);
		pm_tline_add(&v->line, ts, PM_OK);
	}
	if ((p = pm_sview_find(v, "load.1m", NULL, NULL)) != NULL) {
		snprintf(buf, sizeof(buf), "  load %.2f %.2f %.2f", p->value,
		    pm_snap_value(s, "load.5m", NULL, NULL),
		    pm_snap_value(s, "load.15m", NULL, NULL));
		pm_tline_add(&v->line, buf, PM_OK);
	}
	if ((p = pm_sview_find(v, "load.tasks", NULL, NULL)) != NULL) {
		snprintf(buf, sizeof(buf), "  tasks %.0f/%.0f",
		    pm_snap_value(s, "load.runnable", NULL, NULL), p->value);
		pm_tline_add(&v->line, buf, PM_OK);
	}
	pm_sview_flush(v);
}

/* The total, then the cores in as many columns as fit. */
static void
cpu(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	const struct pm_point *p;
	char buf[32];
	int cell = 4 + 10 + 5, x = LABEL_W;
	size_t i;

	if ((p = pm_sview_find(v, "cpu.usage", "cpu", "total")) == NULL)
		return;
	pm_sview_row(v, "CPU", "total", p);
	pm_sview_show(v, "user", "cpu.user", "cpu", "total");
	pm_sview_show(v, "sys", "cpu.system", "cpu", "total");
	pm_sview_show(v, "iowait", "cpu.iowait", "cpu", "total");
	pm_sview_flush(v);
	pm_tline_cell(&v->line, "", LABEL_W, 0, PM_OK);
	for (i = 0; i < s->n; i++) {
		p = &s->p[i];
		if (strcmp(p->metric, "cpu.usage") != 0 ||
		    strcmp(pm_status_subject(p), "total") == 0)
			continue;
		if (x + cell > v->line.cols) {
			pm_sview_flush(v);
			pm_tline_cell(&v->line, "", LABEL_W, 0, PM_OK);
			x = LABEL_W;
		}
		pm_tline_cell(&v->line, pm_status_subject(p), 3, 1, PM_OK);
		pm_tline_add(&v->line, " ", PM_OK);
		pm_tline_bar(&v->line, p->value, 10, pm_sview_sev(v, p));
		snprintf(buf, sizeof(buf), "%.0f%%", p->value);
		pm_tline_cell(&v->line, buf, 5, 1, pm_sview_sev(v, p));
		x += cell;
	}
	if (x > LABEL_W)
		pm_sview_flush(v);
}

static void
memory(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	const struct pm_point *p;

	if ((p = pm_sview_find(v, "mem.used_percent", NULL, NULL)) != NULL) {
		pm_sview_row(v, "Mem", "memory", p);
		pm_sview_of(v, pm_snap_value(s, "mem.used", NULL, NULL),
		    pm_snap_value(s, "mem.total", NULL, NULL), "bytes");
		pm_sview_flush(v);
	}
	if (pm_snap_value(s, "mem.swap.total", NULL, NULL) > 0) {
		pm_sview_row(v, "", "swap", pm_sview_find(v,
		    "mem.swap.used_percent", NULL, NULL));
		pm_sview_of(v, pm_snap_value(s, "mem.swap.used", NULL, NULL),
		    pm_snap_value(s, "mem.swap.total", NULL, NULL), "bytes");
		pm_sview_flush(v);
	}
}

static void
disks(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	const char *label = "Disk", *dev;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->p[i].metric, "disk.busy") != 0)
			continue;
		dev = pm_status_subject(&s->p[i]);
		pm_sview_row(v, label, dev, &s->p[i]);
		pm_sview_show(v, "read", "disk.read.bytes", "device", dev);
		pm_sview_show(v, "write", "disk.write.bytes", "device", dev);
		pm_sview_flush(v);
		label = "";
	}
}

static int
by_used(const void *a, const void *b)
{
	const struct pm_point *const *x = a, *const *y = b;

	if ((*x)->value != (*y)->value)
		return (*x)->value < (*y)->value ? 1 : -1;
	return *x < *y ? -1 : *x > *y;
}

/* Fullest first: the one about to fill up is the one to see. */
static void
filesystems(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	const struct pm_point **fs;
	const char *label = "FS", *mp, *type;
	size_t i, n = 0;

	if ((fs = calloc(s->n + 1, sizeof(*fs))) == NULL) {
		v->failed = 1;
		return;
	}
	for (i = 0; i < s->n; i++)
		if (strcmp(s->p[i].metric, "fs.used_percent") == 0)
			fs[n++] = &s->p[i];
	qsort(fs, n, sizeof(*fs), by_used);
	for (i = 0; i < n; i++) {
		mp = pm_status_subject(fs[i]);
		pm_sview_row(v, label, mp, fs[i]);
		pm_sview_of(v, pm_snap_value(s, "fs.used", "mountpoint", mp),
		    pm_snap_value(s, "fs.size", "mountpoint", mp), "bytes");
		if ((type = pm_point_label(fs[i], "fstype")) != NULL)
			pm_tline_add(&v->line, type, PM_OK);
		pm_sview_flush(v);
		label = "";
	}
	free(fs);
}

static void
network(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	const char *label = "Net", *nic;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->p[i].metric, "net.rx.bytes") != 0)
			continue;
		nic = pm_status_subject(&s->p[i]);
		pm_tline_cell(&v->line, label, LABEL_W, 0, PM_OK);
		pm_tline_cell(&v->line, nic, v->name_w, 0, PM_OK);
		pm_tline_add(&v->line, " ", PM_OK);
		pm_sview_detail(v, "rx", &s->p[i]);
		pm_sview_show(v, "tx", "net.tx.bytes", "interface", nic);
		pm_sview_show(v, "errors in", "net.rx.errors", "interface",
		    nic);
		pm_sview_show(v, "out", "net.tx.errors", "interface", nic);
		pm_sview_flush(v);
		label = "";
	}
}

/* Temperatures, as a share of the sensor's critical one where known. */
static void
thermal(struct pm_sview *v)
{
	const struct pm_snap *s = v->st->snap;
	const char *label = "Temp", *id;
	char buf[64];
	double crit;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->p[i].metric, "thermal.temperature") != 0)
			continue;
		id = pm_point_label(&s->p[i], "id");
		crit = id ? pm_snap_value(s, "thermal.critical", "id", id) :
		    NAN;
		pm_sview_bar_row(v, label, pm_status_subject(&s->p[i]),
		    100 * s->p[i].value / (isnan(crit) || crit <= 0 ? 100 :
		    crit), pm_human(s->p[i].value, s->p[i].unit, buf,
		    sizeof(buf)), pm_sview_sev(v, &s->p[i]));
		if (!isnan(crit)) {
			pm_tline_add(&v->line, "critical ", PM_OK);
			pm_tline_add(&v->line, pm_human(crit, "celsius", buf,
			    sizeof(buf)), PM_OK);
		}
		pm_sview_flush(v);
		label = "";
	}
}

static void
pressure(struct pm_sview *v)
{
	static const char *const what[] = { "cpu", "io", "memory" };
	char metric[64];
	size_t i;

	if (pm_sview_find(v, "pressure.cpu.some.avg10", NULL, NULL) == NULL &&
	    pm_sview_find(v, "pressure.memory.some.avg10", NULL, NULL) == NULL)
		return;
	pm_tline_cell(&v->line, "PSI", LABEL_W, 0, PM_OK);
	pm_tline_cell(&v->line, "some avg10", v->name_w, 0, PM_OK);
	pm_tline_add(&v->line, " ", PM_OK);
	for (i = 0; i < 3; i++) {
		snprintf(metric, sizeof(metric), "pressure.%s.some.avg10",
		    what[i]);
		pm_sview_show(v, what[i], metric, NULL, NULL);
	}
	pm_sview_flush(v);
}


int
pm_status_print(const struct pm_status *st, FILE *fp, int cols, int colour,
    int redraw)
{
	struct pm_sview v = { 0 };
	int extra = cols > 80 ? cols - 80 : 0;

	v.st = st;
	v.fp = fp;
	v.redraw = redraw;
	v.name_w = 12 + extra / 4;
	v.bar_w = 14 + extra / 2;
	if (st->recent != NULL)	/* room for the history column */
		v.bar_w = v.bar_w / 2 < 8 ? 8 : v.bar_w / 2;
	pm_tline_init(&v.line, cols, colour);
	header(&v);
	cpu(&v);
	memory(&v);
	disks(&v);
	filesystems(&v);
	network(&v);
	thermal(&v);
	pressure(&v);
	pm_sview_gpus(&v);
	pm_sview_npus(&v);
	pm_sview_top(&v);
	pm_sview_services(&v);
	pm_sview_alerts(&v);
	return v.failed ? -1 : 0;
}
