#include "pm_jsonmem.h"

#include <stdlib.h>

#define CHUNK_MIN (64 * 1024)

struct pm_jsonmem_chunk {
	struct pm_jsonmem_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

/* The arena that takes cJSON's allocations during a parse, and every live
 * arena, so the free hook can tell arena blocks (dropped on reset) from
 * malloc'd ones.  The tools parse on one thread. */
static struct pm_jsonmem *active;
static struct pm_jsonmem *live;
static int hooks_installed;

static void *
arena_alloc(struct pm_jsonmem *m, size_t n)
{
	struct pm_jsonmem_chunk *c = m->head;
	unsigned char *p;

	n = (n + 15) & ~(size_t)15;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;

		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = m->head;
		m->head = c;
		if (m->spare == NULL)
			m->spare = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

static void *
hook_malloc(size_t n)
{
	return active != NULL ? arena_alloc(active, n) : malloc(n);
}

static int
in_arena(const void *ptr)
{
	const unsigned char *p = ptr;
	const struct pm_jsonmem *m;
	const struct pm_jsonmem_chunk *c;

	for (m = live; m != NULL; m = m->next_live)
		for (c = m->head; c != NULL; c = c->next)
			if (p >= c->data && p < c->data + c->size)
				return 1;
	return 0;
}

static void
hook_free(void *ptr)
{
	/* Arena blocks go when their arena is reset. */
	if (ptr != NULL && !in_arena(ptr))
		free(ptr);
}

void
pm_jsonmem_init(struct pm_jsonmem *m)
{
	m->head = m->spare = NULL;
	m->next_live = live;
	live = m;
	if (!hooks_installed) {
		cJSON_Hooks hooks = { hook_malloc, hook_free };

		cJSON_InitHooks(&hooks);
		hooks_installed = 1;
	}
}

/* Free every chunk but the first, and empty that one. */
static void
reset(struct pm_jsonmem *m)
{
	struct pm_jsonmem_chunk *c = m->head, *next;

	for (; c != NULL && c != m->spare; c = next) {
		next = c->next;
		free(c);
	}
	m->head = m->spare;
	if (m->head != NULL) {
		m->head->used = 0;
		m->head->next = NULL;
	}
}

cJSON *
pm_jsonmem_parse(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end)
{
	cJSON *json;

	reset(m);
	active = m;
	json = cJSON_ParseWithLengthOpts(s, len, end, 0);
	active = NULL;
	return json;
}

void
pm_jsonmem_release(struct pm_jsonmem *m)
{
	struct pm_jsonmem **pp;

	reset(m);
	free(m->spare);
	m->head = m->spare = NULL;
	for (pp = &live; *pp != NULL; pp = &(*pp)->next_live)
		if (*pp == m) {
			*pp = m->next_live;
			break;
		}
}
