/* pm_hash: the one string hash of pm's hash tables (64-bit FNV-1a: short
 * keys, no seed needed, nothing to free). */
#ifndef PM_HASH_H
#define PM_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t
pm_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = UINT64_C(14695981039346656037);

	while (n-- > 0)
		h = (h ^ *s++) * UINT64_C(1099511628211);
	return h;
}

#endif
