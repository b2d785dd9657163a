/* libFuzzer target for pm-alert rules files (lib/pm_rules_file.c): JSON,
 * rule expressions, thresholds, durations, label templates.
 *   make fuzz FUZZ_TARGETS=rules_file
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pm_rules_file.h"

#define MAX 8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_rule rules[MAX];
	struct pm_err e;
	char path[64];
	size_t n = 0, i;
	int fd;

	if ((fd = fuzz_memfile(data, size, path, sizeof(path))) == -1)
		return 0;
	if (pm_rules_file_load(path, rules, &n, MAX, &e) != 0 &&
	    strncmp(e.msg, path, strlen(path)) != 0)
		abort();
	if (n > MAX)
		abort();
	for (i = 0; i < n; i++)
		pm_rule_release(&rules[i]);
	close(fd);
	return 0;
}
