/* Order statistics in sorted blocks (see pm_ostat.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_ostat.h"

/* a before b in the order: numbers ascending, then NaN. */
static int
before(double a, double b)
{
	return !isnan(a) && (isnan(b) || a < b);
}

static int
same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* The first block whose last value is not before x; nb when none. */
static size_t
block_of(const struct pm_ostat *o, double x)
{
	size_t lo = 0, hi = o->nb, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (before(o->b[mid]->v[o->b[mid]->n - 1], x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first position in block b not before x. */
static size_t
pos_of(const struct pm_ostat_block *b, double x)
{
	size_t lo = 0, hi = b->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (before(b->v[mid], x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A new empty block at index i. */
static struct pm_ostat_block *
block_add(struct pm_ostat *o, size_t i)
{
	struct pm_ostat_block *b, **v;

	if (o->nb == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4;

		if ((v = realloc(o->b, cap * sizeof(*v))) == NULL)
			return NULL;
		o->b = v;
		o->cap = cap;
	}
	if ((b = malloc(sizeof(*b))) == NULL)
		return NULL;
	b->n = 0;
	memmove(o->b + i + 1, o->b + i, (o->nb - i) * sizeof(*o->b));
	o->b[i] = b;
	o->nb++;
	return b;
}

/* Pack the values into half-full blocks again, freeing the blocks left
 * over.  Memory being short only leaves the blocks as they are. */
static void
repack(struct pm_ostat *o)
{
	size_t half = PM_OSTAT_BLOCK / 2, i, k = 0, used;
	double *all = malloc((o->n ? o->n : 1) * sizeof(*all));

	if (all == NULL)
		return;
	for (i = 0; i < o->nb; i++) {
		memcpy(all + k, o->b[i]->v, o->b[i]->n * sizeof(*all));
		k += o->b[i]->n;
	}
	used = (o->n + half - 1) / half;
	for (i = 0, k = 0; i < used; i++) {
		o->b[i]->n = o->n - k < half ? o->n - k : half;
		memcpy(o->b[i]->v, all + k, o->b[i]->n * sizeof(*all));
		k += o->b[i]->n;
	}
	for (; i < o->nb; i++)
		free(o->b[i]);
	o->nb = used;
	free(all);
}

int
pm_ostat_insert(struct pm_ostat *o, double x, struct pm_err *e)
{
	struct pm_ostat_block *b, *nb;
	size_t i = block_of(o, x), p, half = PM_OSTAT_BLOCK / 2;

	if (o->nb == 0) {
		if (block_add(o, 0) == NULL)
			return pm_err_set(e, "out of memory");
		i = 0;
	} else if (i == o->nb) {
		i = o->nb - 1;
	}
	b = o->b[i];
	if (b->n == PM_OSTAT_BLOCK) {
		/* Split: the upper half goes to a new block after it. */
		if ((nb = block_add(o, i + 1)) == NULL)
			return pm_err_set(e, "out of memory");
		memcpy(nb->v, b->v + half, (b->n - half) * sizeof(*b->v));
		nb->n = b->n - half;
		b->n = half;
		if (!before(x, nb->v[0]))
			b = nb;
	}
	p = pos_of(b, x);
	memmove(b->v + p + 1, b->v + p, (b->n - p) * sizeof(*b->v));
	b->v[p] = x;
	b->n++;
	o->n++;
	return 0;
}

void
pm_ostat_remove(struct pm_ostat *o, double x)
{
	size_t i = block_of(o, x), p;
	struct pm_ostat_block *b;

	if (i == o->nb)
		return;
	b = o->b[i];
	p = pos_of(b, x);
	if (p == b->n || !same(b->v[p], x))
		return;
	memmove(b->v + p, b->v + p + 1, (b->n - p - 1) * sizeof(*b->v));
	b->n--;
	o->n--;
	if (b->n == 0) {
		free(b);
		memmove(o->b + i, o->b + i + 1, (o->nb - i - 1) * sizeof(*o->b));
		o->nb--;
	}
	if (o->nb > 2 && o->nb * (PM_OSTAT_BLOCK / 4) > o->n)
		repack(o);
}

double
pm_ostat_at(const struct pm_ostat *o, size_t k)
{
	size_t i, seen = 0;

	if (k < o->n / 2) {
		for (i = 0; k - seen >= o->b[i]->n; i++)
			seen += o->b[i]->n;
		return o->b[i]->v[k - seen];
	}
	/* From the end: the high percentiles are near it. */
	seen = o->n;
	for (i = o->nb; i-- > 0; ) {
		seen -= o->b[i]->n;
		if (k >= seen)
			break;
	}
	return o->b[i]->v[k - seen];
}

double
pm_ostat_quantile(const struct pm_ostat *o, double p)
{
	double h = (double)(o->n - 1) * p, lo = floor(h), a;
	size_t i = (size_t)lo;

	if (i + 1 >= o->n)
		return pm_ostat_at(o, o->n - 1);
	a = pm_ostat_at(o, i);
	return a + (h - lo) * (pm_ostat_at(o, i + 1) - a);
}

void
pm_ostat_release(struct pm_ostat *o)
{
	size_t i;

	for (i = 0; i < o->nb; i++)
		free(o->b[i]);
	free(o->b);
	memset(o, 0, sizeof(*o));
}
