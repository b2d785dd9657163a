/* csv and tsv, long form: one row per point, columns ts, host, metric,
 * value, unit, then one per label key.
 *
 * The header comes first, so the label columns must be known before the
 * first row: from --columns, or from a first pass over the input files
 * (o->columns_known).  When neither is possible (the input is a pipe) the
 * writer holds back the first HOLD_MAX points, or those that come before
 * the input first pauses, takes their keys as the columns and adds a last
 * column, "labels", where the labels of any key seen later go, as a JSON
 * object.  There is never a second header.
 */
#include <stdlib.h>

#include "pm_csvcell.h"
#include "pm_fmt.h"
#include "pm_keyset.h"
#include "pm_labels.h"

#define HOLD_MAX 10000

/* A point held back, with copies of its strings after it. */
struct held {
	int64_t ts;
	double value;
	const char *host, *metric, *unit;
	size_t nlabels;
	struct pm_label labels[];
};

struct csv {
	char delim;
	struct pm_keyset cols;	/* the label columns, in header order */
	int late;		/* a last "labels" column */
	int holding;		/* the header is not written yet */
	struct held **held;
	size_t nheld, heldcap;
	const char **slot;	/* this row's value per label column */
	struct pm_label *rest;	/* this row's labels without a column */
	/* The keys of the last row, each with its column (-1: none): most
	 * rows have those of the row before, one strcmp each. */
	struct seen {
		char key[24];	/* "": not kept (too long) */
		long col;
	} seen[PM_LABELS_MAX];
};

static const char *const fixed[] = { "ts", "host", "metric", "value", "unit" };

static int
header(struct pm_fmt_w *w, struct csv *c)
{
	size_t i;

	if (pm_csv_bom(w) != 0)
		return -1;
	for (i = 0; i < 5; i++)
		if ((i > 0 && pm_fmt_putc(w, c->delim) != 0) ||
		    pm_fmt_puts(w, fixed[i]) != 0)
			return -1;
	for (i = 0; i < c->cols.n; i++)
		if (pm_fmt_putc(w, c->delim) != 0 ||
		    pm_csv_text(w, c->delim, c->cols.keys[i]) != 0)
			return -1;
	if (c->late && (pm_fmt_putc(w, c->delim) != 0 ||
	    pm_fmt_puts(w, "labels") != 0))
		return -1;
	if (pm_csv_eol(w) != 0)
		return -1;
	if (c->cols.n > 0 && (c->slot = calloc(c->cols.n, sizeof(*c->slot))) == NULL)
		return -1;
	return 0;
}

/* The labels without a column, as canonical JSON. */
static int
rest_cell(struct pm_fmt_w *w, struct csv *c, size_t n)
{
	char small[512], *big = NULL;
	const char *s = small;
	size_t len;
	int rc;

	if (n == 0)
		return pm_fmt_putc(w, c->delim);
	len = pm_labels_canonical(c->rest, n, small, sizeof(small));
	if (len >= sizeof(small)) {
		if ((big = pm_labels_canonical_alloc(c->rest, n)) == NULL)
			return -1;
		s = big;
	}
	rc = pm_csv_cell(w, c->delim, s);
	free(big);
	return rc;
}

/* The column of a row's label i, key. */
static long
column(struct csv *c, size_t i, const char *key)
{
	struct seen *sn = &c->seen[i];
	size_t len;

	if (sn->key[0] != '\0' && strcmp(key, sn->key) == 0)
		return sn->col;
	len = strlen(key);
	sn->col = c->cols.n ? pm_keyset_find(&c->cols, key, len) : -1;
	sn->key[0] = '\0';
	if (len < sizeof(sn->key))
		memcpy(sn->key, key, len + 1);
	return sn->col;
}

static int
row(struct pm_fmt_w *w, struct csv *c, const struct pm_point *p)
{
	size_t i, nrest = 0;

	if (pm_csv_ts(w, p->ts) != 0 || pm_csv_cell(w, c->delim, p->host) != 0 ||
	    pm_csv_cell(w, c->delim, p->metric) != 0)
		return -1;
	/* The value straight into the pending buffer. */
	if (w->cap - w->len < PM_FMT_TEXT_MAX + 1 &&
	    pm_fmt_room(w, PM_FMT_TEXT_MAX + 1) != 0)
		return -1;
	w->buf[w->len++] = c->delim;
	w->len += pm_fmt_value(w->o, p->value, w->buf + w->len);
	if (pm_csv_cell(w, c->delim, p->unit) != 0)
		return -1;
	for (i = 0; i < p->nlabels; i++) {
		const struct pm_label *l = &p->labels[i];
		long k = column(c, i, l->key);

		if (k >= 0) {
			if (c->slot[k] == NULL)
				c->slot[k] = l->value;
		} else if (c->late) {
			c->rest[nrest++] = *l;
		}
	}
	/* Most label cells of a row are empty: a delimiter each. */
	for (i = 0; i < c->cols.n; i++) {
		if (c->slot[i] == NULL) {
			if (pm_fmt_putc(w, c->delim) != 0)
				return -1;
			continue;
		}
		if (pm_csv_cell(w, c->delim, c->slot[i]) != 0)
			return -1;
		c->slot[i] = NULL;
	}
	if (c->late && rest_cell(w, c, nrest) != 0)
		return -1;
	return pm_csv_eol(w);
}

static int
csv_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	struct csv *c = w->state;
	const struct pm_fmt_opts *o = w->o;
	size_t i;

	c->delim = (char)w->fmt->arg;
	pm_keyset_init(&c->cols);
	if ((c->rest = malloc(PM_LABELS_MAX * sizeof(*c->rest))) == NULL)
		return pm_fmt_nomem(e);
	if (!o->columns_known) {
		c->holding = 1;
		return 0;
	}
	for (i = 0; i < o->ncolumns; i++)
		if (pm_keyset_add(&c->cols, o->columns[i],
		    strlen(o->columns[i])) < 0)
			return pm_fmt_nomem(e);
	if (header(w, c) != 0)
		return pm_fmt_write_failed(w, e);
	return 0;
}

static struct held *
hold(const struct pm_point *p)
{
	size_t size = sizeof(struct held) + p->nlabels * sizeof(struct pm_label);
	size_t hl = p->host ? strlen(p->host) + 1 : 0;
	size_t ml = strlen(p->metric) + 1, ul = p->unit ? strlen(p->unit) + 1 : 0;
	struct held *h;
	char *s;
	size_t i;

	size += hl + ml + ul;
	for (i = 0; i < p->nlabels; i++)
		size += strlen(p->labels[i].key) + strlen(p->labels[i].value) + 2;
	if ((h = malloc(size)) == NULL)
		return NULL;
	s = (char *)&h->labels[p->nlabels];
#define COPY(dst, src, n) do { memcpy(s, src, n); (dst) = s; s += (n); } while (0)
	h->host = h->unit = NULL;
	if (hl)
		COPY(h->host, p->host, hl);
	COPY(h->metric, p->metric, ml);
	if (ul)
		COPY(h->unit, p->unit, ul);
	for (i = 0; i < p->nlabels; i++) {
		size_t kl = strlen(p->labels[i].key) + 1;
		size_t vl = strlen(p->labels[i].value) + 1;

		COPY(h->labels[i].key, p->labels[i].key, kl);
		COPY(h->labels[i].value, p->labels[i].value, vl);
	}
#undef COPY
	h->ts = p->ts;
	h->value = p->value;
	h->nlabels = p->nlabels;
	return h;
}

/* Write the header from the keys held back so far, then their rows. */
static int
release_held(struct pm_fmt_w *w, struct csv *c, struct pm_err *e)
{
	struct pm_point p;
	size_t i, j;
	int rc = 0;

	c->holding = 0;
	c->late = 1;
	for (i = 0; i < c->nheld; i++)
		for (j = 0; j < c->held[i]->nlabels; j++)
			if (pm_keyset_add(&c->cols, c->held[i]->labels[j].key,
			    strlen(c->held[i]->labels[j].key)) < 0)
				return pm_fmt_nomem(e);
	if (pm_keyset_sort(&c->cols) != 0)
		return pm_fmt_nomem(e);
	if (header(w, c) != 0)
		rc = pm_fmt_write_failed(w, e);
	for (i = 0; i < c->nheld; i++) {
		struct held *h = c->held[i];

		if (rc == 0) {
			pm_point_init(&p);
			p.ts = h->ts;
			p.value = h->value;
			p.host = h->host;
			p.metric = h->metric;
			p.unit = h->unit;
			p.nlabels = h->nlabels;
			memcpy(p.labels, h->labels, h->nlabels * sizeof(*h->labels));
			if (row(w, c, &p) != 0)
				rc = pm_fmt_write_failed(w, e);
		}
		free(h);
	}
	free(c->held);
	c->held = NULL;
	c->nheld = c->heldcap = 0;
	return rc;
}

static int
csv_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct csv *c = w->state;

	if (!c->holding)
		return row(w, c, p) == 0 ? PM_FMT_OK : pm_fmt_write_failed(w, e);
	if (c->nheld == c->heldcap) {
		size_t cap = c->heldcap ? c->heldcap * 2 : 256;
		struct held **v = realloc(c->held, cap * sizeof(*v));

		if (v == NULL)
			return pm_fmt_nomem(e);
		c->held = v;
		c->heldcap = cap;
	}
	if ((c->held[c->nheld] = hold(p)) == NULL)
		return pm_fmt_nomem(e);
	if (++c->nheld >= HOLD_MAX)
		return release_held(w, c, e);
	return PM_FMT_OK;
}

static int
csv_pause(struct pm_fmt_w *w, struct pm_err *e)
{
	struct csv *c = w->state;

	return c->holding ? release_held(w, c, e) : 0;
}

static void
csv_release(struct pm_fmt_w *w)
{
	struct csv *c = w->state;
	size_t i;

	for (i = 0; i < c->nheld; i++)
		free(c->held[i]);
	free(c->held);
	free(c->slot);
	free(c->rest);
	pm_keyset_release(&c->cols);
}

const struct pm_fmt pm_fmt_csv = {
	"csv", ',', PM_FMT_KEYS | PM_FMT_CELLS, sizeof(struct csv),
	csv_begin, csv_point, csv_pause, csv_pause, csv_release,
};

const struct pm_fmt pm_fmt_tsv = {
	"tsv", '\t', PM_FMT_KEYS | PM_FMT_CELLS, sizeof(struct csv),
	csv_begin, csv_point, csv_pause, csv_pause, csv_release,
};
