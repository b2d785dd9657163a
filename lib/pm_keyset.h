/* pm_keyset: a set of strings (label keys), kept in the order they were
 * added, with a hash index.
 *
 * Ownership: the set owns copies of its keys.
 */
#ifndef PM_KEYSET_H
#define PM_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

struct pm_keyset {
	char **keys;		/* NUL-terminated copies, in order */
	size_t n, cap;
	/* Private: open addressing; slot holds index + 1, 0 when free. */
	size_t *tab;
	size_t tabsize;
	struct pm_keyset_meta {
		uint64_t hash;
		size_t len;
	} *meta;		/* per key */
};

void pm_keyset_init(struct pm_keyset *ks);
void pm_keyset_release(struct pm_keyset *ks);

/* Index of the key [s, s + len), or -1 when absent. */
long pm_keyset_find(const struct pm_keyset *ks, const char *s, size_t len);

/* Index of the key, added if new; -1 when memory runs out. */
long pm_keyset_add(struct pm_keyset *ks, const char *s, size_t len);

/* Sort the keys bytewise (strcmp); indexes change. */
int pm_keyset_sort(struct pm_keyset *ks);

#endif
