#include "pm_keyset.h"

#include <stdlib.h>
#include <string.h>

void
pm_keyset_init(struct pm_keyset *ks)
{
	memset(ks, 0, sizeof(*ks));
}

void
pm_keyset_release(struct pm_keyset *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->keys[i]);
	free(ks->keys);
	free(ks->meta);
	free(ks->tab);
	memset(ks, 0, sizeof(*ks));
}

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * UINT64_C(1099511628211);
	return h;
}

long
pm_keyset_find(const struct pm_keyset *ks, const char *s, size_t len)
{
	size_t mask = ks->tabsize - 1, i;
	uint64_t h;

	if (ks->tabsize == 0)
		return -1;
	h = hash(s, len);
	for (i = h & mask; ks->tab[i] != 0; i = (i + 1) & mask) {
		size_t k = ks->tab[i] - 1;

		if (ks->meta[k].hash == h && ks->meta[k].len == len &&
		    memcmp(ks->keys[k], s, len) == 0)
			return (long)k;
	}
	return -1;
}

static int
reindex(struct pm_keyset *ks, size_t size)
{
	size_t *tab = calloc(size, sizeof(*tab)), i;

	if (tab == NULL)
		return -1;
	free(ks->tab);
	ks->tab = tab;
	ks->tabsize = size;
	for (i = 0; i < ks->n; i++) {
		size_t j;

		ks->meta[i].len = strlen(ks->keys[i]);
		ks->meta[i].hash = hash(ks->keys[i], ks->meta[i].len);
		j = ks->meta[i].hash & (size - 1);

		while (tab[j] != 0)
			j = (j + 1) & (size - 1);
		tab[j] = i + 1;
	}
	return 0;
}

long
pm_keyset_add(struct pm_keyset *ks, const char *s, size_t len)
{
	long i = pm_keyset_find(ks, s, len);
	char *k;

	if (i >= 0)
		return i;
	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 16;
		char **v = realloc(ks->keys, cap * sizeof(*v));
		struct pm_keyset_meta *m;

		if (v == NULL)
			return -1;
		ks->keys = v;
		if ((m = realloc(ks->meta, cap * sizeof(*m))) == NULL)
			return -1;
		ks->meta = m;
		ks->cap = cap;
	}
	if ((k = malloc(len + 1)) == NULL)
		return -1;
	memcpy(k, s, len);
	k[len] = '\0';
	ks->meta[ks->n].len = len;
	ks->meta[ks->n].hash = hash(k, len);
	ks->keys[ks->n++] = k;
	/* Keep the table at most half full. */
	if (ks->n * 2 > ks->tabsize) {
		if (reindex(ks, ks->tabsize ? ks->tabsize * 2 : 64) != 0) {
			free(ks->keys[--ks->n]);
			return -1;
		}
	} else {
		size_t j = ks->meta[ks->n - 1].hash & (ks->tabsize - 1);

		while (ks->tab[j] != 0)
			j = (j + 1) & (ks->tabsize - 1);
		ks->tab[j] = ks->n;
	}
	return (long)ks->n - 1;
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
pm_keyset_sort(struct pm_keyset *ks)
{
	if (ks->n < 2)
		return 0;
	qsort(ks->keys, ks->n, sizeof(*ks->keys), cmp_key);
	return reindex(ks, ks->tabsize);
}
