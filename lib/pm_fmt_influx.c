/* influx: InfluxDB line protocol, one line per point:
 *
 *   pm,cpu=total,host=web-1 cpu_usage_percent=23.1 1795363800123000000
 *
 * The measurement is the prefix ("pm"), the one field is the metric's
 * Prometheus name without the prefix (pm_promname.h), the tags are host
 * and the labels, sorted by key.  So VictoriaMetrics, which names a series
 * measurement_field, stores it as pm_cpu_usage_percent, the very name the
 * prometheus format gives it, and in InfluxDB all of pm's metrics are
 * fields of one measurement: SELECT cpu_usage_percent FROM pm WHERE ...
 * Values are floats (no "i" suffix), times nanoseconds.
 */
#include <stdlib.h>

#include "pm_fmt.h"
#include "pm_keyset.h"
#include "pm_promname.h"

struct influx {
	struct pm_keyset seen;		/* "metric unit" of each name below */
	struct pm_promname *names;
	size_t cap;
	char *key;
	size_t keycap;
};

static int
influx_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	struct influx *x = w->state;

	(void)e;
	pm_keyset_init(&x->seen);
	return 0;
}

/* The name of p's metric and unit, computed once. */
static const struct pm_promname *
name_of(struct pm_fmt_w *w, struct influx *x, const struct pm_point *p)
{
	size_t ml = strlen(p->metric), ul = p->unit ? strlen(p->unit) : 0;
	long i;

	if (ml + ul + 2 > x->keycap) {
		char *k = realloc(x->key, ml + ul + 2);

		if (k == NULL)
			return NULL;
		x->key = k;
		x->keycap = ml + ul + 2;
	}
	/* A metric name has no space in it. */
	memcpy(x->key, p->metric, ml);
	x->key[ml] = ' ';
	if (ul > 0)
		memcpy(x->key + ml + 1, p->unit, ul);
	if ((i = pm_keyset_find(&x->seen, x->key, ml + 1 + ul)) >= 0)
		return &x->names[i];
	if (x->seen.n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct pm_promname *v = realloc(x->names, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		x->names = v;
		x->cap = cap;
	}
	if ((i = pm_keyset_add(&x->seen, x->key, ml + 1 + ul)) < 0)
		return NULL;
	pm_prom_family(&x->names[i], w->o->prefix, p->metric, p->unit,
	    pm_prom_is_counter(p->metric, w->o->counters, w->o->ncounters));
	return &x->names[i];
}

/* A tag value: ',' '=' ' ' escaped; the format has no escape for a line
 * break, so CR and LF become spaces; a '\' before one of those or at
 * the end would escape what follows, so it is doubled there. */
static int
tag_value(struct pm_fmt_w *w, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;

	while (*c != '\0') {
		size_t n = pm_utf8_len(c);
		int rc;

		if (n == 0)
			rc = pm_fmt_put(w, "\xef\xbf\xbd", 3), n = 1;
		else if (*c == ',' || *c == '=' || *c == ' ')
			rc = pm_fmt_putc(w, '\\') || pm_fmt_putc(w, (char)*c);
		else if (*c == '\n' || *c == '\r')
			rc = pm_fmt_put(w, "\\ ", 2);
		else if (*c == '\\' && (c[1] == '\0' || c[1] == ',' ||
		    c[1] == '=' || c[1] == ' ' || c[1] == '\\' ||
		    c[1] == '\n' || c[1] == '\r'))
			rc = pm_fmt_put(w, "\\\\", 2);
		else
			rc = pm_fmt_put(w, (const char *)c, n);
		if (rc != 0)
			return -1;
		c += n;
	}
	return 0;
}

static int
influx_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct influx *x = w->state;
	const struct pm_promname *name = name_of(w, x, p);
	struct pm_prom_labels pl;
	char num[40];
	size_t i, n;

	if (name == NULL)
		return pm_fmt_nomem(e);
	pm_prom_labels(&pl, p->host, p->labels, p->nlabels);
	if (pm_fmt_puts(w, w->o->prefix) != 0)
		return pm_fmt_write_failed(w, e);
	for (i = 0; i < pl.n; i++)
		if (pm_fmt_putc(w, ',') != 0 || pm_fmt_puts(w, pl.v[i].name) != 0 ||
		    pm_fmt_putc(w, '=') != 0 || tag_value(w, pl.v[i].value) != 0)
			return pm_fmt_write_failed(w, e);
	n = pm_number_format(p->value * name->scale, num);
	if (pm_fmt_putc(w, ' ') != 0 ||
	    pm_fmt_puts(w, name->name + name->prefix_len) != 0 ||
	    pm_fmt_putc(w, '=') != 0 || pm_fmt_put(w, num, n) != 0)
		return pm_fmt_write_failed(w, e);
	if (p->ts != PM_TS_NONE) {
		int k = snprintf(num, sizeof(num), " %lld", (long long)p->ts);

		if (pm_fmt_put(w, num, (size_t)k) != 0)
			return pm_fmt_write_failed(w, e);
	}
	return pm_fmt_putc(w, '\n') == 0 ? PM_FMT_OK : pm_fmt_write_failed(w, e);
}

static void
influx_release(struct pm_fmt_w *w)
{
	struct influx *x = w->state;

	pm_keyset_release(&x->seen);
	free(x->names);
	free(x->key);
}

const struct pm_fmt pm_fmt_influx = {
	"influx", 0, 0, sizeof(struct influx),
	influx_begin, influx_point, NULL, NULL, influx_release,
};
