/* libFuzzer target for pm-status targets files (lib/pm_checkparse.c,
 * pm_check_parse, and pm_check_init under it): the input is split into
 * lines as pm-status reads the file, each line parsed.  A check must name a
 * target and a URL that fits, its expectations must be in range, a failure
 * must say why, and pm_check_release frees all (a leak is a crash here).
 *   make fuzz FUZZ_TARGETS=targets
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pm_check.h"

/* glibc's regcomp makes thousands of small allocations from frames ASan
 * unwinds badly: a deep stack recorded for each filled its stack depot
 * (63% of the time, 700 MB, 1,000 executions a second).  Two frames still
 * say where a bad allocation came from; what is caught is the same. */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "malloc_context_size=2";
}

static void
line(const char *s)
{
	struct pm_check c;
	struct pm_err e;
	int rc;

	e.msg[0] = '\0';
	if ((rc = pm_check_parse(&c, s, &e)) < 0) {
		if (e.msg[0] == '\0')
			abort();
		return;
	}
	if (rc == 1)
		return;
	if (c.target == NULL || c.name == NULL || c.name[0] == '\0' ||
	    memchr(c.url, '\0', sizeof(c.url)) == NULL ||
	    strncmp(c.url, "http", 4) != 0 ||
	    (c.want_code != 0 && (c.want_code < 100 || c.want_code > 999)) ||
	    (c.tcp && (c.want_code != 0 || c.want_body != NULL || c.has_re)))
		abort();
	pm_check_release(&c);
	if (c.line != NULL || c.has_re)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *p, *end, save;

	if ((s = fuzz_string(data, size)) == NULL)
		return 0;
	/* Lines as getline gives them, newline kept; a NUL ends a line early
	 * there as here. */
	for (p = s; p < s + size; p = end) {
		if ((end = memchr(p, '\n', (size_t)(s + size - p))) == NULL)
			end = s + size;
		else
			end++;
		save = *end;
		*end = '\0';
		line(p);
		*end = save;
	}
	free(s);
	return 0;
}
