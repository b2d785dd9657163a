#include "pm_series.h"

#include <stdlib.h>
#include <string.h>

#include "pm_hash.h"
#include "pm_labels.h"

const struct pm_series pm_sset_full;

void
pm_sset_init(struct pm_sset *set)
{
	memset(set, 0, sizeof(*set));
}

void
pm_sset_release(struct pm_sset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i]->s);
		free(set->v[i]->r);
		free(set->v[i]->mem);
		free(set->v[i]->unit_mem);
		free(set->v[i]);
	}
	free(set->v);
	free(set->tab);
	memset(set, 0, sizeof(*set));
}

static int
grow_table(struct pm_sset *set)
{
	size_t size = set->tabsize ? set->tabsize * 2 : 64, i;
	struct pm_series **tab = calloc(size, sizeof(*tab));

	if (tab == NULL)
		return -1;
	for (i = 0; i < set->n; i++) {
		struct pm_series *s = set->v[i];

		s->chain = tab[s->hash & (size - 1)];
		tab[s->hash & (size - 1)] = s;
	}
	free(set->tab);
	set->tab = tab;
	set->tabsize = size;
	return 0;
}

/* A new series for key (metric\0host\0labels), with copies of its strings
 * and of p's labels, sorted by key, the first of a repeated key kept. */
static struct pm_series *
new_series(const struct pm_point *p, const char *key, size_t keylen,
    uint64_t h)
{
	struct pm_series *s = calloc(1, sizeof(*s));
	size_t i, j, size = keylen + 1;
	size_t ulen = p->unit ? strlen(p->unit) + 1 : 0;
	char *m;

	if (s == NULL)
		return NULL;
	for (i = 0; i < p->nlabels && i < PM_LABELS_MAX; i++)
		size += strlen(p->labels[i].key) + 1 +
		    strlen(p->labels[i].value) + 1;
	if ((m = s->mem = malloc(size + ulen)) == NULL) {
		free(s);
		return NULL;
	}
	memcpy(m, key, keylen + 1);
	s->key = m;
	s->keylen = keylen;
	s->metric = m;
	s->host = m + strlen(m) + 1;
	if (*s->host == '\0')
		s->host = NULL;
	m += keylen + 1;
	if (ulen > 0) {
		memcpy(m, p->unit, ulen);
		s->unit = m;
		m += ulen;
	}
	for (i = 0; i < p->nlabels && i < PM_LABELS_MAX; i++) {
		const struct pm_label *l = &p->labels[i];
		size_t kl = strlen(l->key) + 1, vl = strlen(l->value) + 1;
		int c = 1;

		for (j = s->nlabels; j > 0; j--)
			if ((c = strcmp(s->labels[j - 1].key, l->key)) <= 0)
				break;
		if (j > 0 && c == 0)
			continue;
		memmove(&s->labels[j + 1], &s->labels[j],
		    (s->nlabels - j) * sizeof(s->labels[0]));
		memcpy(m, l->key, kl);
		memcpy(m + kl, l->value, vl);
		s->labels[j].key = m;
		s->labels[j].value = m + kl;
		m += kl + vl;
		s->nlabels++;
	}
	s->hash = h;
	s->first = s->last = PM_TS_NONE;
	return s;
}

struct pm_series *
pm_sset_get(struct pm_sset *set, const struct pm_point *p, struct pm_err *e)
{
	char small[1024], *key = small;
	size_t mlen = strlen(p->metric), hlen = p->host ? strlen(p->host) : 0;
	size_t room = sizeof(small) - mlen - hlen - 2, llen, keylen;
	struct pm_series *s = NULL;
	uint64_t h;

	if (mlen + hlen + 2 >= sizeof(small))
		room = 0;
	llen = pm_labels_of_point(p, room ? small + mlen + hlen + 2 : NULL,
	    room);
	if (llen >= room) {
		if ((key = malloc(mlen + hlen + llen + 3)) == NULL)
			goto nomem;
		pm_labels_of_point(p, key + mlen + hlen + 2, llen + 1);
	}
	memcpy(key, p->metric, mlen + 1);
	if (hlen > 0)
		memcpy(key + mlen + 1, p->host, hlen);
	key[mlen + 1 + hlen] = '\0';
	keylen = mlen + hlen + 2 + llen;
	h = pm_hash(key, keylen);
	if (set->tabsize > 0)
		for (s = set->tab[h & (set->tabsize - 1)]; s; s = s->chain)
			if (s->hash == h && s->keylen == keylen &&
			    memcmp(s->key, key, keylen) == 0)
				goto out;
	/* Only a new series pays for the limit: lookups stay as they were. */
	if (set->max > 0 && set->n >= set->max) {
		s = PM_SSET_FULL;
		goto out;
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		struct pm_series **v = realloc(set->v, cap * sizeof(*v));

		if (v == NULL)
			goto nomem;
		set->v = v;
		set->cap = cap;
	}
	if (set->n >= set->tabsize && grow_table(set) != 0)
		goto nomem;
	if ((s = new_series(p, key, keylen, h)) == NULL)
		goto nomem;
	s->chain = set->tab[h & (set->tabsize - 1)];
	set->tab[h & (set->tabsize - 1)] = s;
	set->v[set->n++] = s;
out:
	if (key != small)
		free(key);
	return s;
nomem:
	if (key != small)
		free(key);
	pm_err_set(e, "out of memory");
	return NULL;
}

static int
grow(void **v, size_t *cap, size_t size, struct pm_err *e)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *nv = realloc(*v, ncap * size);

	if (nv == NULL)
		return pm_err_set(e, "out of memory");
	*v = nv;
	*cap = ncap;
	return 0;
}

int
pm_series_add(struct pm_series *s, int64_t ts, double v, struct pm_err *e)
{
	if (s->n == s->cap && grow((void **)&s->s, &s->cap, sizeof(*s->s),
	    e) != 0)
		return -1;
	s->s[s->n].ts = ts;
	s->s[s->n].v = v;
	s->n++;
	return 0;
}

int
pm_series_add_rollup(struct pm_series *s, const struct pm_rollup *r,
    struct pm_err *e)
{
	if (s->nr == s->rcap && grow((void **)&s->r, &s->rcap, sizeof(*s->r),
	    e) != 0)
		return -1;
	s->r[s->nr++] = *r;
	return 0;
}

int
pm_series_set_unit(struct pm_series *s, const char *unit, struct pm_err *e)
{
	char *u = strdup(unit);

	if (u == NULL)
		return pm_err_set(e, "out of memory");
	free(s->unit_mem);
	s->unit = s->unit_mem = u;
	return 0;
}

int
pm_series_cmp(const struct pm_series *a, const struct pm_series *b)
{
	size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int c = memcmp(a->key, b->key, n);

	if (c != 0)
		return c;
	return (a->keylen > b->keylen) - (a->keylen < b->keylen);
}

static int
cmp_series(const void *a, const void *b)
{
	return pm_series_cmp(*(struct pm_series *const *)a,
	    *(struct pm_series *const *)b);
}

/* Stable merge sort by time: equal times keep their input order, so the
 * last one read is the one kept. */
static void
msort(struct pm_sample *a, struct pm_sample *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	msort(a, tmp, h);
	msort(a + h, tmp, n - h);
	if (a[h - 1].ts <= a[h].ts)
		return;
	while (i < h && j < n)
		tmp[k++] = a[j].ts < a[i].ts ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	memcpy(a, tmp, k * sizeof(*a));
}

static int
cmp_rollup(const void *a, const void *b)
{
	const struct pm_rollup *x = a, *y = b;

	return (x->ts > y->ts) - (x->ts < y->ts);
}

static int
finish_series(struct pm_series *s, struct pm_err *e)
{
	size_t i, k;

	for (i = 1; i < s->n && s->s[i - 1].ts <= s->s[i].ts; i++)
		;
	if (i < s->n) {
		struct pm_sample *tmp = malloc(s->n * sizeof(*tmp));

		if (tmp == NULL)
			return pm_err_set(e, "out of memory");
		msort(s->s, tmp, s->n);
		free(tmp);
	}
	for (i = k = 0; i < s->n; i++) {
		if (k > 0 && s->s[k - 1].ts == s->s[i].ts)
			k--;
		s->s[k++] = s->s[i];
	}
	s->n = k;
	if (s->nr > 1)
		qsort(s->r, s->nr, sizeof(*s->r), cmp_rollup);
	if (s->summarized)
		return 0;
	s->count = (int64_t)s->n;
	s->first = s->n ? s->s[0].ts : PM_TS_NONE;
	s->last = s->n ? s->s[s->n - 1].ts : PM_TS_NONE;
	for (i = 0; i < s->nr; i++) {
		s->count += s->r[i].count;
		if (s->first == PM_TS_NONE || s->r[i].ts < s->first)
			s->first = s->r[i].ts;
		if (s->last == PM_TS_NONE || s->r[i].ts > s->last)
			s->last = s->r[i].ts;
	}
	return 0;
}

int
pm_sset_finish(struct pm_sset *set, struct pm_err *e)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (finish_series(set->v[i], e) != 0)
			return -1;
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), cmp_series);
	return 0;
}

int
pm_series_flatten(struct pm_series *s, struct pm_err *e)
{
	struct pm_sample *m;
	size_t i = 0, j = 0, k = 0;

	if (s->nr == 0)
		return 0;
	if ((m = malloc((s->n + s->nr) * sizeof(*m))) == NULL)
		return pm_err_set(e, "out of memory");
	while (i < s->n || j < s->nr) {
		if (j == s->nr || (i < s->n && s->s[i].ts <= s->r[j].ts)) {
			m[k++] = s->s[i++];
		} else {
			m[k].ts = s->r[j].ts;
			m[k++].v = s->r[j++].avg;
		}
	}
	free(s->s);
	s->s = m;
	s->n = s->cap = k;
	free(s->r);
	s->r = NULL;
	s->nr = s->rcap = 0;
	return 0;
}
