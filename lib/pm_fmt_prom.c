/* prometheus: the text exposition format, version 0.0.4.
 *
 * Every line of a family must come together, after its HELP and TYPE, so
 * the writer holds the series (pm_series) and writes at end: families
 * sorted by name, series by labels.  Without --timestamps a series holds
 * only its latest point, so memory grows with the number of series (at
 * most max_series: past it, PM_FMT_DROP), not with the input.
 *
 * TYPE is gauge, or counter for the metrics named by --counter (their
 * names end in _total).  A family that has an "le" or "quantile" label, or
 * whose name ends in _total, _count, _sum or _bucket without being a
 * counter, is written untyped: the format reserves those for counters,
 * histograms and summaries, and promtool would rightly complain.
 */
#include <stdlib.h>

#include "pm_fmt.h"
#include "pm_promname.h"
#include "pm_series.h"

struct prom {
	struct pm_sset set;
	struct entry {
		char *name;		/* family */
		char *labels;		/* "{a=\"x\",host=\"y\"}" or "" */
		const struct pm_series *s;
		int counter, reserved_label;
		double scale;
		const char *base;
	} *v;
	size_t n;
};

static int
prom_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	struct prom *pr = w->state;

	(void)e;
	pm_sset_init(&pr->set);
	pr->set.max = w->o->max_series;
	return 0;
}

static int
prom_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct prom *pr = w->state;
	struct pm_series *s = pm_sset_get(&pr->set, p, e);
	struct pm_sample *last;

	if (s == NULL)
		return PM_FMT_FAIL;
	if (s == PM_SSET_FULL)
		return PM_FMT_DROP;
	if (w->o->timestamps || s->n == 0)
		return pm_series_add(s, p->ts, p->value, e) == 0 ? PM_FMT_OK :
		    PM_FMT_FAIL;
	/* The latest: by time, or the last read when a time is missing. */
	last = &s->s[0];
	if (p->ts == PM_TS_NONE || last->ts == PM_TS_NONE || p->ts >= last->ts) {
		last->ts = p->ts;
		last->v = p->value;
	}
	return PM_FMT_OK;
}

/* Text with escapes for a label value (quote 1) or HELP (quote 0); bytes
 * that are not UTF-8 become U+FFFD, which the format requires. */
static int
escaped(struct pm_fmt_w *w, const char *s, int quote)
{
	const unsigned char *c = (const unsigned char *)s;

	while (*c != '\0') {
		size_t n = pm_utf8_len(c);
		int rc;

		if (n == 0)
			rc = pm_fmt_put(w, "\xef\xbf\xbd", 3), n = 1;
		else if (*c == '\\')
			rc = pm_fmt_put(w, "\\\\", 2);
		else if (*c == '\n')
			rc = pm_fmt_put(w, "\\n", 2);
		else if (*c == '"' && quote)
			rc = pm_fmt_put(w, "\\\"", 2);
		else
			rc = pm_fmt_put(w, (const char *)c, n);
		if (rc != 0)
			return -1;
		c += n;
	}
	return 0;
}

/* The label text of a series, built in sb (a string builder). */
static char *
label_text(struct pm_fmt_w *sb, const struct pm_series *s, int *reserved)
{
	struct pm_prom_labels pl;
	size_t i;

	pm_prom_labels(&pl, s->host, s->labels, s->nlabels);
	*reserved = 0;
	sb->len = 0;
	for (i = 0; i < pl.n; i++) {
		if (strcmp(pl.v[i].name, "le") == 0 ||
		    strcmp(pl.v[i].name, "quantile") == 0)
			*reserved = 1;
		if (pm_fmt_putc(sb, i ? ',' : '{') != 0 ||
		    pm_fmt_puts(sb, pl.v[i].name) != 0 ||
		    pm_fmt_put(sb, "=\"", 2) != 0 ||
		    escaped(sb, pl.v[i].value, 1) != 0 ||
		    pm_fmt_putc(sb, '"') != 0)
			return NULL;
	}
	if (pl.n > 0 && pm_fmt_putc(sb, '}') != 0)
		return NULL;
	return strndup(sb->len ? sb->buf : "", sb->len);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = strcmp(x->labels, y->labels);
	return c != 0 ? c : pm_series_cmp(x->s, y->s);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static const char *
family_type(const struct entry *v, size_t n)
{
	const char *name = v[0].name;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].reserved_label)
			return "untyped";
	if (v[0].counter)
		return "counter";
	if (ends_with(name, "_total") || ends_with(name, "_count") ||
	    ends_with(name, "_sum") || ends_with(name, "_bucket"))
		return "untyped";
	return "gauge";
}

static int
sample(struct pm_fmt_w *w, const struct entry *en, const struct pm_sample *x)
{
	char num[32];
	size_t n = pm_number_format(x->v * en->scale, num);

	if (pm_fmt_puts(w, en->name) != 0 || pm_fmt_puts(w, en->labels) != 0 ||
	    pm_fmt_putc(w, ' ') != 0 || pm_fmt_put(w, num, n) != 0)
		return -1;
	if (w->o->timestamps && x->ts != PM_TS_NONE) {
		int64_t ms = x->ts / PM_NS_PER_MS - (x->ts % PM_NS_PER_MS < 0);
		int k = snprintf(num, sizeof(num), " %lld", (long long)ms);

		if (pm_fmt_put(w, num, (size_t)k) != 0)
			return -1;
	}
	return pm_fmt_putc(w, '\n');
}

static int
family(struct pm_fmt_w *w, const struct entry *v, size_t n)
{
	const struct pm_series *s = v[0].s;
	size_t i, j;

	if (pm_fmt_puts(w, "# HELP ") != 0 || pm_fmt_puts(w, v[0].name) != 0 ||
	    pm_fmt_putc(w, ' ') != 0 || pm_fmt_puts(w, s->metric) != 0)
		return -1;
	if (s->unit != NULL && *s->unit != '\0' && (pm_fmt_put(w, " (", 2) != 0 ||
	    escaped(w, s->unit, 0) != 0 || (v[0].scale != 1 &&
	    (pm_fmt_puts(w, ", written in ") != 0 ||
	    pm_fmt_puts(w, v[0].base) != 0)) || pm_fmt_putc(w, ')') != 0))
		return -1;
	if (pm_fmt_puts(w, "\n# TYPE ") != 0 || pm_fmt_puts(w, v[0].name) != 0 ||
	    pm_fmt_putc(w, ' ') != 0 || pm_fmt_puts(w, family_type(v, n)) != 0 ||
	    pm_fmt_putc(w, '\n') != 0)
		return -1;
	for (i = 0; i < n; i++) {
		const struct entry *en = &v[i];

		/* Two pm series that come out the same (a.b and a_b): the
		 * latest point wins, the last of equals. */
		while (!w->o->timestamps && i + 1 < n &&
		    strcmp(v[i + 1].labels, v[i].labels) == 0) {
			i++;
			if (v[i].s->s[0].ts >= en->s->s[0].ts)
				en = &v[i];
		}
		for (j = 0; j < en->s->n; j++)
			if (sample(w, en, &en->s->s[j]) != 0)
				return -1;
	}
	return 0;
}

static int
prom_end(struct pm_fmt_w *w, struct pm_err *e)
{
	struct prom *pr = w->state;
	const struct pm_fmt_opts *o = w->o;
	struct pm_promname name;
	struct pm_fmt_w sb;
	size_t i, j;
	int rc = 0;

	if (pm_sset_finish(&pr->set, e) != 0)
		return -1;
	if (pr->set.n == 0)
		return 0;
	if ((pr->v = calloc(pr->set.n, sizeof(*pr->v))) == NULL)
		return pm_fmt_nomem(e);
	memset(&sb, 0, sizeof(sb));
	sb.o = o;
	for (i = 0; i < pr->set.n && rc == 0; i++) {
		struct pm_series *s = pr->set.v[i];
		struct entry *en = &pr->v[pr->n++];

		pm_prom_family(&name, o->prefix, s->metric, s->unit,
		    pm_prom_is_counter(s->metric, o->counters, o->ncounters));
		en->s = s;
		en->counter = name.counter;
		en->scale = name.scale;
		en->base = name.base;
		if ((en->name = strdup(name.name)) == NULL ||
		    (en->labels = label_text(&sb, s, &en->reserved_label)) == NULL)
			rc = pm_fmt_nomem(e);
	}
	free(sb.buf);
	if (rc != 0)
		return rc;
	qsort(pr->v, pr->n, sizeof(*pr->v), cmp_entry);
	for (i = 0; i < pr->n; i = j) {
		for (j = i + 1; j < pr->n && strcmp(pr->v[j].name,
		    pr->v[i].name) == 0; j++)
			;
		if (family(w, &pr->v[i], j - i) != 0)
			return pm_fmt_write_failed(w, e);
	}
	return 0;
}

static void
prom_release(struct pm_fmt_w *w)
{
	struct prom *pr = w->state;
	size_t i;

	for (i = 0; i < pr->n; i++) {
		free(pr->v[i].name);
		free(pr->v[i].labels);
	}
	free(pr->v);
	pm_sset_release(&pr->set);
}

const struct pm_fmt pm_fmt_prometheus = {
	"prometheus", 0, PM_FMT_HOLDS, sizeof(struct prom),
	prom_begin, prom_point, NULL, prom_end, prom_release,
};
