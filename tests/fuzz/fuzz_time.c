/* libFuzzer target for lib/pm_time's parsers: durations, RFC 3339 and the
 * times users give (pm_time_parse).  What parses must format and parse back
 * to the same value.  The first byte picks the parser.
 *   make fuzz FUZZ_TARGETS=time
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pm_time.h"

/* 2026-11-22T15:30:00Z, a fixed "now". */
#define NOW (INT64_C(1795361400) * PM_NS_PER_S)

static void
duration(const char *s)
{
	struct pm_err e;
	int64_t ns, back;
	char buf[64];

	if (pm_duration_parse(s, &ns, &e) != 0)
		return;
	if (ns < 0)
		abort();
	pm_duration_format(ns, buf, sizeof(buf));
	if (pm_duration_parse(buf, &back, &e) != 0 || back != ns)
		abort();
}

static void
rfc3339(const char *s, size_t len)
{
	int64_t ns, back;
	char buf[PM_TS_LEN + 1];

	if (pm_rfc3339_parse(s, len, &ns) != 0)
		return;
	pm_rfc3339_format(ns, buf);
	if (strlen(buf) > PM_TS_LEN)
		abort();
	/* The format keeps milliseconds, rounding toward minus infinity. */
	if (pm_rfc3339_parse(buf, strlen(buf), &back) == 0 &&
	    back != ns - (ns % PM_NS_PER_MS + PM_NS_PER_MS) % PM_NS_PER_MS)
		abort();
}

static void
user_time(const char *s)
{
	struct pm_err e;
	int64_t ns;

	(void)pm_time_parse(s, NOW, &ns, &e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size == 0 || (s = fuzz_string(data + 1, size - 1)) == NULL)
		return 0;
	switch (data[0] % 4) {
	case 0:
		duration(s);
		break;
	case 1:
		rfc3339(s, strlen(s));
		break;
	case 2:
		/* A length short of the string: nothing past it is read. */
		rfc3339(s, strlen(s) / 2);
		break;
	default:
		user_time(s);
		break;
	}
	free(s);
	return 0;
}
