/* libFuzzer target for the nvidia-smi CSV parser (lib/pm_nvsmi.c).  The
 * parser is static, so the file is included here: this target defines the
 * pm_nvsmi_* symbols itself and the library's copy is never linked in.
 * The first byte picks the query: the full one, or one risky field merged
 * into the readings the full one gave.
 *   make fuzz FUZZ_TARGETS=nvsmi
 */
#include "../../lib/pm_nvsmi.c"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_gpu_list l = { 0 };
	struct query q = { .n = 0 };
	struct pm_err e;
	size_t i, k, half;
	int rc, name;

	if (size == 0)
		return 0;
	for (i = 0; i < NBASE; i++)
		add(&q, &base[i], base[i].names[0]);
	k = data[0] % (PM_NVSMI_RISKY + 2);
	name = data[0] >> 7;
	data++, size--;
	if (k < PM_NVSMI_RISKY) {
		/* The first half as the full query, the rest merged. */
		half = size / 2;
		rc = parse(&q, (const char *)data, half, &l, 0, &e);
		q.n = 0;
		add(&q, &base[0], "index");
		add(&q, &risky[k], risky[k].names[name]);
		if (rc == 0)
			rc = parse(&q, (const char *)data + half, size - half,
			    &l, 1, &e);
	} else {
		if (k == PM_NVSMI_RISKY + 1)
			for (i = 0; i < PM_NVSMI_RISKY; i++)
				add(&q, &risky[i], risky[i].names[0]);
		rc = parse(&q, (const char *)data, size, &l, 0, &e);
	}
	if (rc != 0 && e.msg[0] == '\0')
		abort();
	pm_gpu_list_release(&l);
	return 0;
}
