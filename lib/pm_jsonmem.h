/* pm_jsonmem: parse one JSON text into arena memory.
 *
 * cJSON allocates every node and string with malloc, and freeing a line's
 * tree node by node costs as much as parsing it.  A pm_jsonmem gives cJSON
 * a bump arena for the duration of a parse and drops the whole tree at
 * once on the next parse.  It installs cJSON hooks once per process; every
 * other cJSON allocation still goes to malloc and is freed normally.  Not
 * for use from several threads at once.
 *
 * Ownership: the tree returned by pm_jsonmem_parse belongs to the arena
 * and is valid until the next parse or pm_jsonmem_release; never pass it to
 * cJSON_Delete (harmless, but pointless) and never attach it to a tree that
 * outlives it.
 */
#ifndef PM_JSONMEM_H
#define PM_JSONMEM_H

#include <stddef.h>

#include <cJSON.h>

struct pm_jsonmem_chunk;

struct pm_jsonmem {
	struct pm_jsonmem_chunk *head;	/* chunk being filled */
	struct pm_jsonmem_chunk *spare;	/* the first chunk, kept on reset */
	struct pm_jsonmem *next_live;	/* private: every live arena */
};

void pm_jsonmem_init(struct pm_jsonmem *m);

/* Drop the previous tree and parse [s, s+len).  *end is set as
 * cJSON_ParseWithLengthOpts sets it.  NULL when the text is not JSON (or
 * memory ran out). */
cJSON *pm_jsonmem_parse(struct pm_jsonmem *m, const char *s, size_t len,
    const char **end);

void pm_jsonmem_release(struct pm_jsonmem *m);

#endif
