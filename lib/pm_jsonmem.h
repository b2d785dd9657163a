/* pm_jsonmem: parse JSON texts into arena memory.
 *
 * cJSON allocates every node and string with malloc, and freeing a line's
 * tree node by node costs as much as parsing it.  A pm_jsonmem gives cJSON
 * a bump arena for the duration of a parse and drops the whole tree at
 * once on the next parse.  It installs cJSON hooks once per process; every
 * other cJSON allocation still goes to malloc and is freed normally.
 *
 * Threads: the hooks are installed by the first pm_jsonmem_init, which must
 * come before any other thread uses cJSON (cJSON_InitHooks is not thread
 * safe).  After that several threads may parse at once, each into its own
 * arena: the arena a parse fills is the calling thread's (thread-local), a
 * free during a parse is always of a block of that parse, and outside a
 * parse the free hook looks only at the arenas that the calling thread
 * listed with pm_jsonmem_init.  So:
 *  - an arena is used by one thread at a time; handing it to another
 *    thread needs a lock (or a join) in between;
 *  - an arena made with pm_jsonmem_init is listed on its thread: parse into
 *    it, and release it, on that thread only;
 *  - an arena made with pm_jsonmem_init_shared is listed nowhere, so that
 *    the free hook of one thread never walks chunks another is growing: any
 *    thread may parse into it (one at a time), but its trees must never
 *    reach cJSON_Delete (free would be called on arena memory).
 * cJSON itself is thread safe this way so long as nobody calls
 * cJSON_GetErrorPtr or setlocale meanwhile (cJSON's README).
 *
 * Ownership: a tree returned by pm_jsonmem_parse belongs to the arena and
 * is valid until the next parse or pm_jsonmem_release (for
 * pm_jsonmem_parse_more: until pm_jsonmem_reset); never pass it to
 * cJSON_Delete (harmless for a listed arena, but pointless) and never
 * attach it to a tree that outlives it.
 */
#ifndef PM_JSONMEM_H
#define PM_JSONMEM_H

#include <stddef.h>

#include <cJSON.h>

struct pm_jsonmem_chunk;

struct pm_jsonmem {
	/* Private. */
	struct pm_jsonmem_chunk *first;	/* chunks, oldest first */
	struct pm_jsonmem_chunk *head;	/* the chunk being filled */
	unsigned char *cur;		/* its free space, between parses */
	size_t room;
	int keep;			/* keep the chunks on reset */
	struct pm_jsonmem *next_live;	/* the thread's listed arenas */
};

/* An arena listed on the calling thread, which keeps one chunk on reset. */
void pm_jsonmem_init(struct pm_jsonmem *m);

/* An arena listed nowhere, for any thread (see above), which keeps its
 * chunks on reset (not those made for one big block): for many trees at
 * once, memory reused from batch to batch. */
void pm_jsonmem_init_shared(struct pm_jsonmem *m);

/* Drop the previous trees and parse [s, s+len).  *end is set as
 * cJSON_ParseWithLengthOpts sets it.  NULL when the text is not JSON (or
 * memory ran out). */
cJSON *pm_jsonmem_parse(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end);

/* Parse [s, s+len) beside the trees already in m, which stay valid. */
cJSON *pm_jsonmem_parse_more(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end);

/* Drop every tree in m. */
void pm_jsonmem_reset(struct pm_jsonmem *m);

void pm_jsonmem_release(struct pm_jsonmem *m);

#endif
