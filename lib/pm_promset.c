#include "pm_promset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_promtext.h"

/* Make room for need elements of size bytes in *p (capacity *cap),
 * doubling, so the arrays settle at the largest scrape. */
static int
grow(void *p, size_t *cap, size_t need, size_t size)
{
	void *n;
	size_t c = *cap ? *cap : 64;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if (c > SIZE_MAX / size || (n = realloc(*(void **)p, c * size)) == NULL)
		return -1;
	*(void **)p = n;
	*cap = c;
	return 0;
}

void
pm_promset_clear(struct pm_promset *set)
{
	set->len = set->n = set->nlabels = 0;
	set->nonfinite = 0;
}

int
pm_promset_append(struct pm_promset *set, const char *data, size_t len,
    size_t max)
{
	/* One byte more for the NUL the parser puts at the end. */
	if (len > max - set->len ||
	    grow(&set->body, &set->cap, set->len + len + 1, 1) != 0)
		return -1;
	memcpy(set->body + set->len, data, len);
	set->len += len;
	return 0;
}

/* FNV-1a over the name and the labels, with separators that cannot occur
 * in names so that {a="bc"} and {ab="c"} differ. */
static uint64_t
hash_str(uint64_t h, const char *s, unsigned char end)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return (h ^ end) * UINT64_C(0x100000001b3);
}

static uint64_t
hash_sample(const struct pm_prom_sample *s)
{
	uint64_t h = hash_str(UINT64_C(0xcbf29ce484222325), s->name, 0xff);
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		h = hash_str(hash_str(h, s->labels[i].key, 0xfe),
		    s->labels[i].value, 0xfd);
	return h;
}

/* Whether name passes the match, remembering the last name: a family's
 * lines come together, and the regex costs more than a strcmp. */
static int
matches(const regex_t *match, const char *name, const char **last, int *ok)
{
	if (match == NULL)
		return 1;
	if (*last == NULL || strcmp(*last, name) != 0) {
		*ok = regexec(match, name, 0, NULL, 0) == 0;
		*last = name;
	}
	return *ok;
}

int
pm_promset_parse(struct pm_promset *set, int openmetrics,
    const regex_t *match, struct pm_err *e)
{
	struct pm_promtext pt;
	struct pm_prom_sample s;
	struct pm_promset_sample *v;
	const char *last = NULL;
	int rc, ok = 0;

	set->n = set->nlabels = 0;
	set->nonfinite = 0;
	if (set->body == NULL && grow(&set->body, &set->cap, 1, 1) != 0)
		return pm_err_set(e, "out of memory");
	pm_promtext_init(&pt, set->body, set->len, openmetrics);
	while ((rc = pm_promtext_next(&pt, &s, e)) != PM_PROM_END) {
		if (rc == PM_PROM_ERROR)
			return -1;
		if (!matches(match, s.name, &last, &ok))
			continue;
		if (grow(&set->v, &set->vcap, set->n + 1, sizeof(*v)) != 0 ||
		    grow(&set->labels, &set->lcap, set->nlabels + s.nlabels,
		    sizeof(*set->labels)) != 0)
			return pm_err_set(e, "out of memory");
		v = &set->v[set->n++];
		v->name = s.name;
		v->value = s.value;
		v->ts = s.ts;
		v->counter = s.counter;
		v->finite = rc == PM_PROM_SAMPLE;
		v->hash = hash_sample(&s);
		v->label0 = set->nlabels;
		v->nlabels = s.nlabels;
		if (s.nlabels > 0)	/* labels may still be NULL */
			memcpy(set->labels + set->nlabels, s.labels,
			    s.nlabels * sizeof(*s.labels));
		set->nlabels += s.nlabels;
		set->nonfinite += !v->finite;
	}
	return 0;
}

int
pm_promset_index(struct pm_promset *set)
{
	size_t i, j, mask, want = 16;

	while (want < set->n * 2)
		want *= 2;
	if (grow(&set->index, &set->icap, want, sizeof(*set->index)) != 0)
		return -1;
	mask = want - 1;
	memset(set->index, 0, want * sizeof(*set->index));
	for (i = 0; i < set->n; i++) {
		for (j = set->v[i].hash & mask; set->index[j] != 0;
		    j = (j + 1) & mask)
			;
		set->index[j] = (uint32_t)i + 1;
	}
	set->isize = want;
	return 0;
}

static int
same_series(const struct pm_promset *a, const struct pm_promset_sample *x,
    const struct pm_promset *b, const struct pm_promset_sample *y)
{
	const struct pm_label *la, *lb;
	size_t i;

	if (x->hash != y->hash || x->nlabels != y->nlabels ||
	    strcmp(x->name, y->name) != 0)
		return 0;
	la = pm_promset_labels(a, x);
	lb = pm_promset_labels(b, y);
	for (i = 0; i < x->nlabels; i++)
		if (strcmp(la[i].key, lb[i].key) != 0 ||
		    strcmp(la[i].value, lb[i].value) != 0)
			return 0;
	return 1;
}

const struct pm_promset_sample *
pm_promset_find(const struct pm_promset *prev, const struct pm_promset *cur,
    const struct pm_promset_sample *s, size_t *cursor)
{
	size_t j, mask;

	if (*cursor < prev->n &&
	    same_series(prev, &prev->v[*cursor], cur, s))
		return &prev->v[(*cursor)++];
	if (prev->n == 0 || prev->index == NULL)
		return NULL;
	mask = prev->isize - 1;
	for (j = s->hash & mask; prev->index[j] != 0; j = (j + 1) & mask) {
		const struct pm_promset_sample *p = &prev->v[prev->index[j] - 1];

		if (same_series(prev, p, cur, s)) {
			*cursor = prev->index[j];
			return p;
		}
	}
	return NULL;
}

void
pm_promset_release(struct pm_promset *set)
{
	free(set->body);
	free(set->v);
	free(set->labels);
	free(set->index);
	memset(set, 0, sizeof(*set));
}
