/* cpu: /proc/stat — usage and its breakdown, total and per core, number of
 * CPUs, and context switches, forks and interrupts per second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

enum { USER, NICE, SYSTEM, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL, NFIELDS };

static const char *const field_metric[NFIELDS] = {
	"cpu.user", "cpu.nice", "cpu.system", "cpu.idle", "cpu.iowait",
	"cpu.irq", "cpu.softirq", "cpu.steal",
};

struct cpu_times {
	int present;
	uint64_t t[NFIELDS];
};

struct cpu_reading {
	struct cpu_times total;
	struct cpu_times *cores;	/* indexed by CPU number */
	size_t ncores;			/* entries in cores */
	size_t online;
	uint64_t ctxt, forks, intr;
	int64_t mono;
};

struct cpu_state {
	struct pm_buf buf;
	struct cpu_reading prev, cur;
	int primed;
};

static int
cpu_available(const struct pm_sysroot *root)
{
	return pm_sysfile_exists(root->procfs, "stat");
}

static void
cpu_release(void *state)
{
	struct cpu_state *st = state;

	pm_buf_release(&st->buf);
	free(st->prev.cores);
	free(st->cur.cores);
}

static int
parse_times(const char **p, struct cpu_times *ct)
{
	uint64_t v;
	int i;

	for (i = 0; i < NFIELDS; i++)
		if (pm_scan_u64(p, &ct->t[i]) != 0)
			return -1;
	/* guest and guest_nice are already inside user and nice. */
	while (pm_scan_u64(p, &v) == 0)
		;
	ct->present = 1;
	return 0;
}

static int
core_slot(struct cpu_reading *r, size_t n)
{
	if (n >= r->ncores) {
		size_t ncores = n + 1 > r->ncores * 2 ? n + 1 : r->ncores * 2;
		struct cpu_times *nc = realloc(r->cores, ncores * sizeof(*nc));

		if (nc == NULL)
			return -1;
		memset(nc + r->ncores, 0, (ncores - r->ncores) * sizeof(*nc));
		r->cores = nc;
		r->ncores = ncores;
	}
	return 0;
}

static int
parse_stat(const char *data, struct cpu_reading *r, const char *path,
    struct pm_err *e)
{
	const char *p = data;
	unsigned long lineno = 0;
	int have_total = 0;
	size_t i;

	for (i = 0; i < r->ncores; i++)
		r->cores[i].present = 0;
	r->online = 0;
	r->ctxt = r->forks = r->intr = 0;
	while (*p != '\0') {
		char key[32];
		const char *line = p;

		lineno++;
		if (pm_scan_word(&p, key, sizeof(key)) != 0) {
			pm_scan_next_line(&p);
			continue;
		}
		if (strcmp(key, "cpu") == 0) {
			if (parse_times(&p, &r->total) != 0)
				goto bad;
			have_total = 1;
		} else if (strncmp(key, "cpu", 3) == 0) {
			char *end;
			unsigned long n = strtoul(key + 3, &end, 10);

			if (*end != '\0' || end == key + 3 || n > 65535)
				goto bad;
			if (core_slot(r, n) != 0)
				return pm_err_set(e, "out of memory");
			if (parse_times(&p, &r->cores[n]) != 0)
				goto bad;
			r->online++;
		} else if (strcmp(key, "ctxt") == 0) {
			if (pm_scan_u64(&p, &r->ctxt) != 0)
				goto bad;
		} else if (strcmp(key, "processes") == 0) {
			if (pm_scan_u64(&p, &r->forks) != 0)
				goto bad;
		} else if (strcmp(key, "intr") == 0) {
			if (pm_scan_u64(&p, &r->intr) != 0)
				goto bad;
		}
		pm_scan_next_line(&p);
		continue;
bad:
		return pm_sysfile_bad_line(e, path, lineno, line, "cannot parse");
	}
	if (!have_total || r->online == 0)
		return pm_err_set(e, "%s: no cpu lines (truncated?)", path);
	return 0;
}

static void
emit_times(const struct pm_emit *em, const struct cpu_times *a,
    const struct cpu_times *b, const char *cpu)
{
	struct pm_label label = { "cpu", cpu };
	uint64_t d[NFIELDS], total = 0;
	int i;

	for (i = 0; i < NFIELDS; i++) {
		d[i] = b->t[i] >= a->t[i] ? b->t[i] - a->t[i] : 0;
		total += d[i];
	}
	if (total == 0)
		return; /* no tick passed: nothing to say */
	pm_emit(em, "cpu.usage", pm_percent(total - d[IDLE] - d[IOWAIT], total),
	    "percent", &label, 1);
	for (i = 0; i < NFIELDS; i++)
		pm_emit(em, field_metric[i], pm_percent(d[i], total), "percent",
		    &label, 1);
}

static int
cpu_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct cpu_state *st = state;
	struct cpu_reading tmp;
	char path[4096], name[24];
	double dt;
	size_t i;

	if (pm_sysfile_read(&st->buf, ctx->root->procfs, "stat", e) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/stat", ctx->root->procfs);
	if (parse_stat(st->buf.data, &st->cur, path, e) != 0)
		return -1;
	st->cur.mono = ctx->mono;
	if (ctx->emit != NULL && st->primed) {
		const struct pm_emit *em = ctx->emit;
		const struct cpu_reading *a = &st->prev, *b = &st->cur;

		dt = pm_elapsed(a->mono, b->mono);
		emit_times(em, &a->total, &b->total, "total");
		for (i = 0; i < b->ncores && i < a->ncores; i++) {
			if (!a->cores[i].present || !b->cores[i].present)
				continue;
			snprintf(name, sizeof(name), "%zu", i);
			emit_times(em, &a->cores[i], &b->cores[i], name);
		}
		pm_emit(em, "cpu.count", (double)b->online, "count", NULL, 0);
		pm_emit(em, "cpu.context_switches", pm_rate3(a->ctxt, b->ctxt, dt),
		    "1/s", NULL, 0);
		pm_emit(em, "cpu.forks", pm_rate3(a->forks, b->forks, dt), "1/s",
		    NULL, 0);
		pm_emit(em, "cpu.interrupts", pm_rate3(a->intr, b->intr, dt),
		    "1/s", NULL, 0);
	}
	/* The current reading becomes the previous one; keep both buffers. */
	tmp = st->prev;
	st->prev = st->cur;
	st->cur = tmp;
	st->primed = 1;
	return 0;
}

const struct pm_collector pm_collector_cpu = {
	.name = "cpu",
	.what = "CPU usage, total and per core, from /proc/stat",
	.available = cpu_available,
	.state_size = sizeof(struct cpu_state),
	.read = cpu_read,
	.release = cpu_release,
};
