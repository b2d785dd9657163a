/* pm_summary: peak and mean per series (see pm_summary.h). */
#include "pm_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pm_summary_series {
	uint64_t hash;
	const char *metric, *unit;	/* in the same block as the series */
	size_t nlabels;
	struct pm_label labels[PM_LABELS_MAX];
	double max;
	double wsum, wtotal;		/* weighted */
	double sum;			/* plain, when no weight was given */
	uint64_t count;
};

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (h ^ 0xff) * UINT64_C(1099511628211);	/* ends the string */
}

static uint64_t
hash_point(const struct pm_point *p)
{
	uint64_t h = UINT64_C(14695981039346656037);
	size_t i;

	h = fnv(h, p->metric);
	for (i = 0; i < p->nlabels; i++)
		h = fnv(fnv(h, p->labels[i].key), p->labels[i].value);
	return h;
}

static int
same(const struct pm_summary_series *a, const struct pm_point *p)
{
	size_t i;

	if (a->nlabels != p->nlabels || strcmp(a->metric, p->metric) != 0)
		return 0;
	for (i = 0; i < p->nlabels; i++)
		if (strcmp(a->labels[i].key, p->labels[i].key) != 0 ||
		    strcmp(a->labels[i].value, p->labels[i].value) != 0)
			return 0;
	return 1;
}

/* Copy a string into the block at *at. */
static const char *
put(char **at, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = *at;

	memcpy(d, s, n);
	*at += n;
	return d;
}

static struct pm_summary_series *
new_series(const struct pm_point *p, uint64_t hash)
{
	struct pm_summary_series *a;
	size_t i, size = sizeof(*a) + strlen(p->metric) + 1 +
	    (p->unit ? strlen(p->unit) + 1 : 0);
	char *at;

	for (i = 0; i < p->nlabels; i++)
		size += strlen(p->labels[i].key) + strlen(p->labels[i].value) + 2;
	if ((a = calloc(1, size)) == NULL)
		return NULL;
	at = (char *)(a + 1);
	a->hash = hash;
	a->metric = put(&at, p->metric);
	a->unit = p->unit ? put(&at, p->unit) : NULL;
	for (i = 0; i < p->nlabels; i++) {
		a->labels[i].key = put(&at, p->labels[i].key);
		a->labels[i].value = put(&at, p->labels[i].value);
	}
	a->nlabels = p->nlabels;
	a->max = p->value;
	return a;
}

static void
index_put(struct pm_summary *s, size_t k)
{
	size_t i, mask = s->index_size - 1;

	for (i = s->series[k]->hash & mask; s->index[i] != 0; i = (i + 1) & mask)
		;
	s->index[i] = (uint32_t)k + 1;
}

static int
grow(struct pm_summary *s)
{
	struct pm_summary_series **ns;
	size_t k, cap = s->cap ? s->cap * 2 : 64;
	uint32_t *ni;

	if ((ni = calloc(cap * 2, sizeof(*ni))) == NULL)
		return -1;
	if ((ns = realloc(s->series, cap * sizeof(*ns))) == NULL) {
		free(ni);
		return -1;
	}
	s->series = ns;
	s->cap = cap;
	free(s->index);
	s->index = ni;
	s->index_size = cap * 2;
	for (k = 0; k < s->n; k++)
		index_put(s, k);
	return 0;
}

int
pm_summary_add(struct pm_summary *s, const struct pm_point *p)
{
	struct pm_summary_series *a = NULL;
	uint64_t h = hash_point(p);
	size_t i;

	if (s->index_size > 0)
		for (i = h & (s->index_size - 1); s->index[i] != 0;
		    i = (i + 1) & (s->index_size - 1)) {
			a = s->series[s->index[i] - 1];
			if (a->hash == h && same(a, p))
				break;
			a = NULL;
		}
	if (a == NULL) {
		if ((s->n == s->cap && grow(s) != 0) ||
		    (a = new_series(p, h)) == NULL) {
			s->nomem = 1;
			return -1;
		}
		s->series[s->n] = a;
		index_put(s, s->n++);
	}
	if (p->value > a->max)
		a->max = p->value;
	a->wsum += p->value * s->weight;
	a->wtotal += s->weight;
	a->sum += p->value;
	a->count++;
	return 0;
}

int
pm_summary_write(const struct pm_summary *s,
    int (*fn)(void *arg, const struct pm_point *p), void *arg,
    const char *host, int64_t ts)
{
	static const char *const kinds[] = { "max", "mean" };
	const struct pm_summary_series *a;
	struct pm_point p;
	size_t k, i;
	int rc;

	for (k = 0; k < s->n; k++) {
		a = s->series[k];
		for (i = 0; i < 2; i++) {
			pm_point_init(&p);
			p.metric = a->metric;
			p.unit = a->unit;
			p.host = host;
			p.ts = ts;
			memcpy(p.labels, a->labels, a->nlabels * sizeof(*p.labels));
			p.nlabels = a->nlabels;
			if (pm_point_add_label(&p, "summary", kinds[i]) != 0)
				break;	/* no room for the label: left out */
			if (i == 0)
				p.value = a->max;
			else	/* six decimals: the rest is noise */
				p.value = round(1e6 * (a->wtotal > 0 ?
				    a->wsum / a->wtotal :
				    a->sum / (double)a->count)) / 1e6;
			if ((rc = fn(arg, &p)) != 0)
				return rc;
		}
	}
	return 0;
}

void
pm_summary_release(struct pm_summary *s)
{
	size_t k;

	for (k = 0; k < s->n; k++)
		free(s->series[k]);
	free(s->series);
	free(s->index);
	memset(s, 0, sizeof(*s));
}
