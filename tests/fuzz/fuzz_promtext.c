/* libFuzzer target for lib/pm_promtext: parse any input to the end, going
 * on after bad lines, and check what comes out.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Ilib \
 *       $(pkg-config --cflags libcjson) tests/fuzz/fuzz_promtext.c \
 *       lib/pm_promtext.c lib/pm_err.c -lm -o fuzz_promtext
 *   ./fuzz_promtext -max_total_time=60 corpus/
 *
 * The first byte picks OpenMetrics mode. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pm_promtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_promtext pt;
	struct pm_prom_sample s;
	struct pm_err e;
	char *buf;
	size_t i;
	int rc, om;

	if (size == 0)
		return 0;
	om = data[0] & 1;
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	pm_promtext_init(&pt, buf, size - 1, om);
	while ((rc = pm_promtext_next(&pt, &s, &e)) != PM_PROM_END) {
		if (rc == PM_PROM_ERROR) {
			if (strncmp(e.msg, "line ", 5) != 0)
				abort();
			continue;
		}
		if ((rc == PM_PROM_SAMPLE) != (isfinite(s.value) != 0))
			abort();
		if (s.name[0] == '\0' || s.nlabels > PM_PROM_LABELS_MAX)
			abort();
		for (i = 0; i < s.nlabels; i++)
			if (s.labels[i].key[0] == '\0' ||
			    strlen(s.labels[i].value) >= size)
				abort();
	}
	free(buf);
	return 0;
}
