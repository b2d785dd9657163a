/* libFuzzer target for pm-bench baseline files (pm_bench_load): JSON of
 * any shape, runs of any length.
 *   make fuzz FUZZ_TARGETS=bench
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pm_bench.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_bench_set s;
	struct pm_err e;
	char path[64];
	int fd;

	if ((fd = fuzz_memfile(data, size, path, sizeof(path))) == -1)
		return 0;
	memset(&s, 0, sizeof(s));
	if (pm_bench_load(&s, path, &e) != 0 && e.msg[0] == '\0')
		abort();
	pm_bench_release(&s);
	close(fd);
	return 0;
}
