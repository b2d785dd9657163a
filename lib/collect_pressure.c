/* pressure: /proc/pressure/{cpu,io,memory,irq} — pressure stall
 * information: the kernel's averages and the share of each interval that
 * tasks spent stalled. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

enum { CPU, IO, MEMORY, IRQ, NRES };
enum { SOME, FULL, NKIND };

static const char *const res_name[NRES] = { "cpu", "io", "memory", "irq" };
static const char *const kind_name[NKIND] = { "some", "full" };

struct psi_line {
	int present;
	double avg10, avg60, avg300;
	uint64_t total;		/* µs stalled since boot */
};

struct psi_reading {
	struct psi_line l[NRES][NKIND];
	int64_t mono;
};

struct pressure_state {
	struct pm_buf buf[NRES];
	/* Files found absent or switched off under root: not tried again
	 * (the kernel does not grow them at run time). */
	unsigned absent;
	char root[PATH_MAX];
	struct psi_reading prev;
	int primed;
};

static int
pressure_available(const struct pm_sysroot *root)
{
	char rel[32];
	int i;

	for (i = 0; i < NRES; i++) {
		snprintf(rel, sizeof(rel), "pressure/%s", res_name[i]);
		if (pm_sysfile_exists(root->procfs, rel))
			return 1;
	}
	return 0;
}

static void
pressure_release(void *state)
{
	struct pressure_state *st = state;
	int i;

	for (i = 0; i < NRES; i++)
		pm_buf_release(&st->buf[i]);
}

/* Skip blanks, expect "name=", and leave *p at the value. */
static int
scan_key(const char **p, const char *name)
{
	size_t n = strlen(name);

	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (strncmp(*p, name, n) != 0 || (*p)[n] != '=')
		return -1;
	*p += n + 1;
	return 0;
}

/* "some avg10=0.12 avg60=0.05 avg300=0.01 total=123456", then "full ..."
 * (irq has only "full"); lines we do not know are left alone. */
static int
parse_psi(const char *data, struct psi_line *l, const char *path,
    struct pm_err *e)
{
	const char *p = data, *line;
	unsigned long lineno = 0;
	struct psi_line *x;
	char word[16];
	int k, found = 0;

	for (; *p != '\0'; pm_scan_next_line(&p)) {
		line = p;
		lineno++;
		if (pm_scan_word(&p, word, sizeof(word)) != 0)
			continue;
		for (k = 0; k < NKIND && strcmp(word, kind_name[k]) != 0; k++)
			;
		if (k == NKIND)
			continue;
		x = &l[k];
		if (scan_key(&p, "avg10") || pm_scan_double(&p, &x->avg10) ||
		    scan_key(&p, "avg60") || pm_scan_double(&p, &x->avg60) ||
		    scan_key(&p, "avg300") || pm_scan_double(&p, &x->avg300) ||
		    scan_key(&p, "total") || pm_scan_u64(&p, &x->total))
			return pm_sysfile_bad_line(e, path, lineno, line,
			    "cannot parse");
		x->present = 1;
		found = 1;
	}
	if (!found)
		return pm_err_set(e, "%s: no some or full line (truncated?)",
		    path);
	return 0;
}

static void
emit_line(const struct pm_emit *em, const char *res, const char *kind,
    const struct psi_line *a, const struct psi_line *b, double dt)
{
	char metric[64];
	double stalled;

	snprintf(metric, sizeof(metric), "pressure.%s.%s.avg10", res, kind);
	pm_emit(em, metric, b->avg10, "percent", NULL, 0);
	snprintf(metric, sizeof(metric), "pressure.%s.%s.avg60", res, kind);
	pm_emit(em, metric, b->avg60, "percent", NULL, 0);
	snprintf(metric, sizeof(metric), "pressure.%s.%s.avg300", res, kind);
	pm_emit(em, metric, b->avg300, "percent", NULL, 0);
	if (a == NULL)
		return;
	/* total is in µs: stalled seconds per second, as a percentage.  The
	 * clamp hides the jitter between our clock and the kernel's. */
	stalled = pm_rate(a->total, b->total, dt) / 1e6 * 100;
	stalled = stalled > 100 ? 100 : stalled;
	snprintf(metric, sizeof(metric), "pressure.%s.%s.stalled", res, kind);
	pm_emit(em, metric, pm_round(stalled, 100), "percent", NULL, 0);
}

static int
pressure_read(void *state, const struct pm_collect_ctx *ctx,
    struct pm_err *e)
{
	struct pressure_state *st = state;
	struct psi_reading cur;
	const struct psi_line *a;
	char rel[32];
	double dt;
	int i, k;

	memset(&cur, 0, sizeof(cur));
	cur.mono = ctx->mono;
	if (strcmp(st->root, ctx->root->procfs) != 0) {
		snprintf(st->root, sizeof(st->root), "%s", ctx->root->procfs);
		st->absent = 0;
	}
	for (i = 0; i < NRES; i++) {
		if (st->absent & (1u << i))
			continue;
		snprintf(rel, sizeof(rel), "pressure/%s", res_name[i]);
		if (pm_sysfile_read(&st->buf[i], ctx->root->procfs, rel, e) != 0) {
			/* Absent, or present but switched off (psi=0, no
			 * irq time accounting): nothing to say. */
			if (errno == ENOENT || errno == EOPNOTSUPP) {
				st->absent |= 1u << i;
				continue;
			}
			return -1;
		}
		if (parse_psi(st->buf[i].data, cur.l[i], st->buf[i].path, e) != 0)
			return -1;
	}
	if (ctx->emit != NULL) {
		dt = pm_elapsed(st->prev.mono, cur.mono);
		for (i = 0; i < NRES; i++)
			for (k = 0; k < NKIND; k++) {
				if (!cur.l[i][k].present)
					continue;
				a = st->primed && st->prev.l[i][k].present ?
				    &st->prev.l[i][k] : NULL;
				emit_line(ctx->emit, res_name[i], kind_name[k],
				    a, &cur.l[i][k], dt);
			}
	}
	st->prev = cur;
	st->primed = 1;
	return 0;
}

const struct pm_collector pm_collector_pressure = {
	.name = "pressure",
	.what = "pressure stall information (cpu, io, memory, irq) from "
	    "/proc/pressure",
	.available = pressure_available,
	.state_size = sizeof(struct pressure_state),
	.read = pressure_read,
	.release = pressure_release,
};
