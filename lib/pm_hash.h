/* pm_hash: the one string hash of pm's hash tables.  Eight bytes a step,
 * each mixed in by a multiply and a shift (FNV-1a's byte a step was most
 * of the time pm-export spent finding a point's series); the last step
 * folds the high bits down, since tables index by the low ones.  In
 * memory only: no value is stored, so it may change. */
#ifndef PM_HASH_H
#define PM_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PM_HASH_MUL UINT64_C(0x9e3779b97f4a7c15)

static inline uint64_t
pm_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = UINT64_C(0xcbf29ce484222325) ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * PM_HASH_MUL;
		h ^= h >> 29;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * PM_HASH_MUL;
	}
	h ^= h >> 32;
	h *= UINT64_C(0xd6e8feb86659fd93);
	return h ^ h >> 32;
}

#endif
