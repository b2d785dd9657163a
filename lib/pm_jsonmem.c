#include "pm_jsonmem.h"

#include <stdlib.h>

#define CHUNK_MIN (64 * 1024)

struct pm_jsonmem_chunk {
	struct pm_jsonmem_chunk *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

/* The arena that takes cJSON's allocations during a parse, and every live
 * arena, so the free hook can tell arena blocks (dropped on reset) from
 * malloc'd ones.  The tools parse on one thread. */
static struct pm_jsonmem *active;
static struct pm_jsonmem *live;
static int hooks_installed;

/* The free space of the active arena's head chunk (room 0 when no parse is
 * under way): hook_malloc's fast path is a bump of cur, a few
 * instructions for each of cJSON's twenty allocations a line. */
static unsigned char *cur;
static size_t room;

/* A new chunk for n bytes (n rounded). */
static __attribute__((noinline)) void *
arena_grow(struct pm_jsonmem *m, size_t n)
{
	struct pm_jsonmem_chunk *c;
	size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;

	if ((c = malloc(sizeof(*c) + size)) == NULL)
		return NULL;
	c->size = size;
	c->next = m->head;
	m->head = c;
	if (m->spare == NULL)
		m->spare = c;
	cur = c->data + n;
	room = size - n;
	return c->data;
}

static void *
hook_malloc(size_t n)
{
	unsigned char *p = cur;
	size_t size = (n + 15) & ~(size_t)15;

	if (room <= size)	/* no parse under way, or a full chunk */
		return active != NULL ? arena_grow(active, size) : malloc(n);
	cur = p + size;
	room -= size;
	return p;
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
	if (m->head != NULL)
		m->head->next = NULL;
}

cJSON *
pm_jsonmem_parse(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end)
{
	cJSON *json;

	reset(m);
	active = m;
	cur = NULL;
	room = 0;
	if (m->head != NULL) {
		cur = m->head->data;
		room = m->head->size;
	}
	json = cJSON_ParseWithLengthOpts(s, len, end, 0);
	active = NULL;
	cur = NULL;
	room = 0;
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
