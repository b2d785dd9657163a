#include "pm_qout.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "pm_human.h"

#define FIXED_COLS 4	/* TIME HOST METRIC LABELS */

void
pm_qout_init(struct pm_qout *o, struct pm_out *out, int table)
{
	memset(o, 0, sizeof(*o));
	o->out = out;
	o->table = table;
}

static int
begin(void *arg, const struct pm_qcols *c, struct pm_err *e)
{
	struct pm_qout *o = arg;
	char names[PM_QCOLS_MAX][32];
	const char *h[FIXED_COLS + PM_QCOLS_MAX] = { "TIME", "HOST", "METRIC",
		"LABELS" };
	size_t i, j;

	o->cols = *c;
	o->begun = 1;
	if (!o->table)
		return 0;
	for (i = 0; i < c->n; i++) {
		const char *n = c->names[i];

		for (j = 0; j < sizeof(names[i]) - 1 && n[j] != '\0'; j++)
			names[i][j] = (char)toupper((unsigned char)n[j]);
		names[i][j] = '\0';
		h[FIXED_COLS + i] = names[i];
	}
	if (pm_table_init(&o->t, FIXED_COLS + c->n, h, e) != 0)
		return -1;
	for (i = 0; i < c->n; i++)
		o->t.right[FIXED_COLS + i] = 1;
	return 0;
}

static int
write_points(struct pm_qout *o, const struct pm_qrow *r, struct pm_err *e)
{
	struct pm_point p;
	size_t i, j;

	pm_point_init(&p);
	p.ts = r->ts;
	p.host = r->host;
	p.metric = r->metric;
	for (j = 0; j < r->nlabels; j++)
		if (o->cols.label == NULL ||
		    strcmp(r->labels[j].key, o->cols.label) != 0)
			pm_point_add_label(&p, r->labels[j].key,
			    r->labels[j].value);
	if (o->cols.label != NULL && p.nlabels >= PM_LABELS_MAX)
		return pm_err_set(e, "%s: too many labels to add \"%s\"",
		    r->metric, o->cols.label);
	for (i = 0; i < o->cols.n; i++) {
		if (isnan(r->v[i]))
			continue;
		p.value = r->v[i];
		p.unit = r->unit[i];
		if (o->cols.label != NULL) {
			p.labels[p.nlabels].key = o->cols.label;
			p.labels[p.nlabels].value = o->cols.names[i];
		}
		p.nlabels += o->cols.label != NULL;
		if (pm_out_point(o->out, &p) != 0)
			return pm_err_errno(e, "write error on %s",
			    o->out->name);
		p.nlabels -= o->cols.label != NULL;
	}
	return 0;
}

static int
add_row(struct pm_qout *o, const struct pm_qrow *r, struct pm_err *e)
{
	char cells[PM_QCOLS_MAX][48], ts[PM_TS_LEN + 1], labels[1024];
	const char *c[FIXED_COLS + PM_QCOLS_MAX];
	size_t i, n = 0;

	if (o->cols.time && r->ts != PM_TS_NONE)
		pm_rfc3339_format(r->ts, ts);
	labels[0] = '\0';
	for (i = 0; i < r->nlabels && n < sizeof(labels); i++)
		n += (size_t)snprintf(labels + n, sizeof(labels) - n, "%s%s=%s",
		    i ? "," : "", r->labels[i].key, r->labels[i].value);
	c[0] = o->cols.time && r->ts != PM_TS_NONE ? ts : NULL;
	c[1] = r->host;
	c[2] = r->metric;
	c[3] = labels;
	for (i = 0; i < o->cols.n; i++)
		c[FIXED_COLS + i] = pm_human(r->v[i], r->unit[i], cells[i],
		    sizeof(cells[i]));
	return pm_table_add(&o->t, c, e);
}

static int
row(void *arg, const struct pm_qrow *r, struct pm_err *e)
{
	struct pm_qout *o = arg;

	return o->table ? add_row(o, r, e) : write_points(o, r, e);
}

struct pm_qsink
pm_qout_sink(struct pm_qout *o)
{
	struct pm_qsink s = { begin, row, o };

	return s;
}

int
pm_qout_finish(struct pm_qout *o, struct pm_err *e)
{
	if (!o->table || !o->begun)
		return 0;
	if (pm_table_print(&o->t, o->out->fp) != 0)
		return pm_err_errno(e, "write error on %s", o->out->name);
	return 0;
}

void
pm_qout_release(struct pm_qout *o)
{
	if (o->table && o->begun)
		pm_table_release(&o->t);
	o->begun = 0;
}
