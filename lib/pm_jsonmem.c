#include "pm_jsonmem.h"

#include <stdlib.h>

#define CHUNK_MIN (64 * 1024)

struct pm_jsonmem_chunk {
	struct pm_jsonmem_chunk *next;	/* newer */
	size_t size;
	_Alignas(16) unsigned char data[];
};

/* The hooks are process-wide but a parse is the business of one thread:
 * the arena taking its allocations is thread-local, and so is the list of
 * arenas the free hook walks outside a parse (see the header).  In a
 * static binary a thread-local costs one %fs-relative load. */
static _Thread_local struct pm_jsonmem *active;
static _Thread_local struct pm_jsonmem *live;
static int hooks_installed;

/* The free space of the active arena's head chunk (room 0 when no parse is
 * under way): hook_malloc's fast path is a bump of cur, a few
 * instructions for each of cJSON's twenty allocations a line. */
static _Thread_local unsigned char *cur;
static _Thread_local size_t room;

/* The next chunk for n bytes (n rounded): one kept from an earlier parse
 * when it is big enough, else a new one, after the head. */
static __attribute__((noinline)) void *
arena_grow(struct pm_jsonmem *m, size_t n)
{
	struct pm_jsonmem_chunk *c = m->head != NULL ? m->head->next : NULL;
	size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;

	if (c == NULL || c->size < n) {
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->size = size;
		if (m->head == NULL) {
			c->next = NULL;
			m->first = c;
		} else {
			c->next = m->head->next;
			m->head->next = c;
		}
	}
	m->head = c;
	cur = c->data + n;
	room = c->size - n;
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
		for (c = m->first; c != NULL; c = c->next)
			if (p >= c->data && p < c->data + c->size)
				return 1;
	return 0;
}

static void
hook_free(void *ptr)
{
	/* Arena blocks go when their arena is reset.  During a parse every
	 * allocation comes from the arena, so whatever the parse frees (the
	 * tree of a text that is not JSON) is arena memory. */
	if (active != NULL)
		return;
	if (ptr != NULL && !in_arena(ptr))
		free(ptr);
}

void
pm_jsonmem_init_shared(struct pm_jsonmem *m)
{
	m->first = m->head = NULL;
	m->cur = NULL;
	m->room = 0;
	m->keep = 1;
	m->next_live = NULL;
	if (!hooks_installed) {
		cJSON_Hooks hooks = { hook_malloc, hook_free };

		cJSON_InitHooks(&hooks);
		hooks_installed = 1;
	}
}

void
pm_jsonmem_init(struct pm_jsonmem *m)
{
	pm_jsonmem_init_shared(m);
	m->keep = 0;
	m->next_live = live;
	live = m;
}

/* Back to the first chunk.  Free the others, or, when the arena keeps its
 * chunks, those made for one big block, which would stay as memory that
 * the next trees seldom need. */
void
pm_jsonmem_reset(struct pm_jsonmem *m)
{
	struct pm_jsonmem_chunk **pp = &m->first, *c;

	while ((c = *pp) != NULL)
		if (m->keep ? c->size > CHUNK_MIN : c != m->first) {
			*pp = c->next;
			free(c);
		} else {
			pp = &c->next;
		}
	m->head = m->first;
	m->cur = m->first != NULL ? m->first->data : NULL;
	m->room = m->first != NULL ? m->first->size : 0;
}

cJSON *
pm_jsonmem_parse_more(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end)
{
	cJSON *json;

	active = m;
	cur = m->cur;
	room = m->room;
	json = cJSON_ParseWithLengthOpts(s, len, end, 0);
	m->cur = cur;
	m->room = room;
	active = NULL;
	cur = NULL;
	room = 0;
	return json;
}

cJSON *
pm_jsonmem_parse(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end)
{
	pm_jsonmem_reset(m);
	return pm_jsonmem_parse_more(m, s, len, end);
}

void
pm_jsonmem_release(struct pm_jsonmem *m)
{
	struct pm_jsonmem_chunk *c, *next;
	struct pm_jsonmem **pp;

	for (c = m->first; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	m->first = m->head = NULL;
	m->cur = NULL;
	m->room = 0;
	for (pp = &live; *pp != NULL; pp = &(*pp)->next_live)
		if (*pp == m) {
			*pp = m->next_live;
			break;
		}
}
