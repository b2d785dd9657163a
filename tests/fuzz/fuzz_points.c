/* libFuzzer target for NDJSON points: lib/pm_reader (line splitting, long
 * lines, the cJSON arena) and pm_point_from_json, on a memory file that is
 * the process's standard input (made once and refilled for each input, so
 * no file is created, opened or closed per input).  Each
 * point read is written back with pm_point_to_json, and that text must read
 * back as the same point (its value to the 15 digits pm writes, its
 * time to the millisecond).  The first byte picks the longest line accepted
 * (so both the skipping of long lines and ordinary lines are reached) and,
 * by its second bit, one thread or two (standard input is a memory file,
 * a regular file, so the threaded reader of pm_reader_mt.c runs).
 *   make fuzz FUZZ_TARGETS=points
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pm_jsonmem.h"
#include "pm_out.h"
#include "pm_point.h"
#include "pm_reader.h"

static void
roundtrip(const struct pm_point *p, struct pm_jsonmem *mem)
{
	struct pm_point q;
	struct pm_err e;
	cJSON *obj, *back;
	char *text, a[32];
	size_t i;

	if ((obj = pm_point_to_json(p)) == NULL)
		return;
	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (text == NULL)
		return;
	back = pm_jsonmem_parse(mem, text, strlen(text), NULL);
	if (back == NULL || pm_point_from_json(&q, back, &e) != 0)
		abort();
	if (p->ts != PM_TS_NONE && p->ts > INT64_MIN + PM_NS_PER_S &&
	    q.ts != p->ts - (p->ts % PM_NS_PER_MS + PM_NS_PER_MS) % PM_NS_PER_MS)
		abort();
	if (strcmp(q.metric, p->metric) != 0 ||
	    (p->ts == PM_TS_NONE) != (q.ts == PM_TS_NONE) ||
	    q.nlabels != p->nlabels)
		abort();
	/* The value written, not the one read: pm writes 15 digits. */
	pm_number_format(p->value, a);
	if (q.value != strtod(a, NULL) && !(isnan(q.value) && isnan(p->value)))
		abort();
	for (i = 0; i < q.nlabels; i++)
		if (strcmp(q.labels[i].key, p->labels[i].key) != 0 ||
		    strcmp(q.labels[i].value, p->labels[i].value) != 0)
			abort();
	cJSON_free(text);
}

/* Standard input holds data from its start, and nothing more. */
static void
refill(const uint8_t *data, size_t size)
{
	static int ready;
	size_t off = 0;
	ssize_t n;
	int fd;

	if (!ready) {
		if ((fd = memfd_create("fuzz", 0)) == -1 ||
		    dup2(fd, STDIN_FILENO) == -1)
			abort();
		close(fd);
		ready = 1;
	}
	if (ftruncate(STDIN_FILENO, 0) == -1)
		abort();
	for (; off < size; off += (size_t)n)
		if ((n = pwrite(STDIN_FILENO, data + off, size - off,
		    (off_t)off)) <= 0)
			abort();
	if (lseek(STDIN_FILENO, 0, SEEK_SET) == -1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char path[] = "<stdin>";
	struct pm_reader r;
	struct pm_point p;
	struct pm_jsonmem mem;
	struct pm_err e;
	int rc;

	if (size == 0)
		return 0;
	refill(data + 1, size - 1);
	pm_jsonmem_init(&mem);
	pm_reader_init(&r, NULL, 0);
	r.max_line = data[0] & 1 ? PM_LINE_MAX_DEFAULT : (size_t)data[0] + 1;
	r.threads = data[0] & 2 ? 2 : 1;
	while ((rc = pm_reader_next(&r, &p, &e)) != PM_READ_EOF) {
		if (rc == PM_READ_ERROR)
			break;
		if (rc == PM_READ_BAD) {
			if (strncmp(e.msg, path, sizeof(path) - 1) != 0)
				abort();
			continue;
		}
		if (!pm_metric_name_valid(p.metric) ||
		    p.nlabels > PM_LABELS_MAX || pm_reader_json(&r) == NULL)
			abort();
		roundtrip(&p, &mem);
	}
	pm_reader_release(&r);
	pm_jsonmem_release(&mem);
	return 0;
}
