#include "pm_nvsmi.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_time.h"

/* nvidia-smi can hang on a GPU in a bad state: give up after this. */
#define TIMEOUT (10 * PM_NS_PER_S)
#define MAXCOLS 16

struct col {
	const char *names[2];	/* the field's names, newest first */
	int field;		/* enum pm_gpu_field, or -1 for a label */
	double scale;		/* to the unit of the point */
};

/* Fields every driver since 2012 knows: the labels first, in this order. */
static const struct col base[] = {
	{ { "index" }, -1, 0 },
	{ { "uuid" }, -1, 0 },
	{ { "name" }, -1, 0 },
	{ { "utilization.gpu" }, PM_GPU_UTIL, 1 },
	{ { "utilization.memory" }, PM_GPU_MEM_UTIL, 1 },
	{ { "memory.used" }, PM_GPU_MEM_USED, 1048576 },	/* MiB */
	{ { "memory.total" }, PM_GPU_MEM_TOTAL, 1048576 },
	{ { "temperature.gpu" }, PM_GPU_TEMP, 1 },
	{ { "power.draw" }, PM_GPU_POWER, 1 },
	{ { "clocks.sm" }, PM_GPU_CLOCK_SM, 1e6 },		/* MHz */
	{ { "clocks.mem" }, PM_GPU_CLOCK_MEM, 1e6 },
	{ { "fan.speed" }, PM_GPU_FAN, 1 },
};
#define NBASE (sizeof(base) / sizeof(base[0]))

/* Fields a driver may refuse.  The reasons are a hex bitmask. */
static const struct col risky[PM_NVSMI_RISKY] = {
	{ { "enforced.power.limit", "power.limit" }, PM_GPU_POWER_LIMIT, 1 },
	{ { "clocks_event_reasons.active", "clocks_throttle_reasons.active" },
	    PM_GPU_THROTTLE, 0 },
};

/* One query: its columns and the names asked for. */
struct query {
	const struct col *col[MAXCOLS];
	const char *name[MAXCOLS];
	size_t n;
};

/* Where the parser puts a row: new readings, or the readings already in
 * the list (matched by index) for a query of one risky field. */
struct parse {
	const struct query *q;
	struct pm_gpu_list *l;
	int merge;
	struct pm_gpu *g;	/* the reading of the current row */
	size_t col;
	unsigned long line;
	int failed;
	struct pm_err *e;
};

static const char *
program(void)
{
	const char *p = getenv("PM_NVIDIA_SMI");

	return p != NULL && *p != '\0' ? p : "nvidia-smi";
}

static void
add(struct query *q, const struct col *c, const char *name)
{
	q->col[q->n] = c;
	q->name[q->n++] = name;
}

static struct pm_gpu *
find(struct pm_gpu_list *l, const char *index)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->g[i].index, index) == 0)
			return &l->g[i];
	return NULL;
}

/* The label in column col of the row (index, uuid, name come first). */
static void
set_label(struct pm_gpu *g, size_t col, const char *s)
{
	if (col == 0)
		snprintf(g->index, sizeof(g->index), "%s", s);
	else if (col == 1)
		snprintf(g->uuid, sizeof(g->uuid), "%s", s);
	else
		snprintf(g->name, sizeof(g->name), "%s", s);
}

/* The reasons, "0x0000000000000004": 1, 0 left out, -1 not a number. */
static int
set_reasons(struct pm_gpu *g, const char *s)
{
	char *end;

	if (*s == '[' || strcmp(s, "N/A") == 0)
		return 0;
	errno = 0;
	g->throttle = strtoull(s, &end, 16);
	if (end == s || *end != '\0' || errno != 0)
		return -1;
	g->has |= 1u << PM_GPU_THROTTLE;
	return 1;
}

/* One value of the current row; the first names the GPU. */
static int
set(struct parse *p, const struct col *c, const char *s)
{
	int r;

	if (p->col == 0 && p->merge) {
		p->g = find(p->l, s);	/* NULL: a GPU not listed before */
		return 0;
	}
	if (p->col == 0 && (p->g = pm_gpu_add(p->l)) == NULL)
		return pm_err_set(p->e, "out of memory");
	if (p->g == NULL)
		return 0;
	if (c->field < 0) {
		set_label(p->g, p->col, s);
		return 0;
	}
	if (c->field == PM_GPU_THROTTLE)
		r = set_reasons(p->g, s);
	else
		r = pm_gpu_set_text(p->g, c->field, s, c->scale);
	if (r < 0)
		return pm_err_set(p->e, "%s: line %lu: %s: not a number: "
		    "\"%.20s\"", program(), p->line, p->q->name[p->col], s);
	return 0;
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct parse *p = arg;

	(void)len;
	if (p->failed)
		return;
	if (p->col < p->q->n && set(p, p->q->col[p->col], s) != 0)
		p->failed = 1;
	p->col++;
}

static void
on_row(int c, void *arg)
{
	struct parse *p = arg;

	(void)c;
	if (!p->failed && p->col != p->q->n) {
		pm_err_set(p->e, "%s: line %lu: %zu fields, not %zu", program(),
		    p->line, p->col, p->q->n);
		p->failed = 1;
	}
	p->col = 0;
	p->g = NULL;
	p->line++;
}

static int
parse(const struct query *q, const char *data, size_t len,
    struct pm_gpu_list *l, int merge, struct pm_err *e)
{
	struct parse p = { .q = q, .l = l, .merge = merge, .line = 1, .e = e };
	struct csv_parser csv;

	if (csv_init(&csv, CSV_APPEND_NULL) != 0)
		return pm_err_set(e, "out of memory");
	if (csv_parse(&csv, data, len, on_field, on_row, &p) != len &&
	    !p.failed)
		p.failed = pm_err_set(e, "%s: %s", program(),
		    csv_strerror(csv_error(&csv))) != 0;
	csv_fini(&csv, on_field, on_row, &p);
	csv_free(&csv);
	return p.failed ? -1 : 0;
}

/* Run the query: 0 when nvidia-smi answered, 1 when it refused (status
 * not 0), -1 with e when it could not be run. */
static int
run(struct pm_nvsmi *s, const struct query *q, struct pm_err *e)
{
	char fields[1024];
	char *argv[] = { (char *)program(), fields,
	    "--format=csv,noheader,nounits", NULL };
	size_t i, off;
	int rc;

	off = (size_t)snprintf(fields, sizeof(fields), "--query-gpu=");
	for (i = 0; i < q->n && off < sizeof(fields); i++)
		off += (size_t)snprintf(fields + off, sizeof(fields) - off,
		    "%s%s", i ? "," : "", q->name[i]);
	if ((rc = pm_spawn_run(argv, TIMEOUT, &s->run, e)) > 0)
		return pm_err_set(e, "%s: not found", argv[0]);
	if (rc < 0)
		return -1;
	return s->run.status != 0;
}

/* What nvidia-smi said when it refused: its first line. */
static int
refused(struct pm_nvsmi *s, struct pm_err *e)
{
	const char *msg = s->run.out.data;

	msg += strspn(msg, "\n");
	if (*msg == '\0')
		msg = s->run.err.data + strspn(s->run.err.data, "\n");
	return pm_err_set(e, "%s: exit %d: %.*s", program(), s->run.status,
	    (int)strcspn(msg, "\n"), msg);
}

/* Find a name nvidia-smi accepts for risky field k, and take its values. */
static int
learn(struct pm_nvsmi *s, size_t k, struct pm_gpu_list *l, struct pm_err *e)
{
	struct query q = { .n = 0 };
	int rc, j;

	for (j = 0; j < 2 && risky[k].names[j] != NULL; j++) {
		q.n = 0;
		add(&q, &base[0], "index");
		add(&q, &risky[k], risky[k].names[j]);
		if ((rc = run(s, &q, e)) < 0)
			return -1;
		if (rc == 0) {
			s->name[k] = j + 1;
			return parse(&q, s->run.out.data, s->run.out.len, l, 1,
			    e);
		}
	}
	s->name[k] = -1;
	return 0;
}

int
pm_nvsmi_read(struct pm_nvsmi *s, struct pm_gpu_list *l, struct pm_err *e)
{
	struct query q = { .n = 0 };
	size_t i, k, first = l->n;
	int rc;

	for (i = 0; i < NBASE; i++)
		add(&q, &base[i], base[i].names[0]);
	for (k = 0; k < PM_NVSMI_RISKY; k++)
		if (s->name[k] > 0)
			add(&q, &risky[k], risky[k].names[s->name[k] - 1]);
	if ((rc = run(s, &q, e)) < 0)
		return -1;
	if (rc > 0 && q.n > NBASE) {
		/* A field accepted before is refused now (a new driver):
		 * learn them all again. */
		memset(s->name, 0, sizeof(s->name));
		q.n = NBASE;
		if ((rc = run(s, &q, e)) < 0)
			return -1;
	}
	if (rc > 0)
		return refused(s, e);
	if (parse(&q, s->run.out.data, s->run.out.len, l, 0, e) != 0)
		return -1;
	for (k = 0; k < PM_NVSMI_RISKY; k++)
		if (s->name[k] == 0 && learn(s, k, l, e) != 0)
			return -1;
	if (l->n == first)
		return pm_err_set(e, "%s: no GPU listed", program());
	return 0;
}

int
pm_nvsmi_probe(void)
{
	static int answered;	/* a probe that worked need not be run again */
	struct pm_nvsmi s;
	struct query q = { .n = 0 };
	int ok;

	if (answered)
		return 1;
	memset(&s, 0, sizeof(s));
	add(&q, &base[0], "index");
	ok = run(&s, &q, NULL) == 0 && s.run.out.data[strspn(s.run.out.data,
	    " \n")] != '\0';
	pm_nvsmi_release(&s);
	return answered = ok;
}

void
pm_nvsmi_release(struct pm_nvsmi *s)
{
	pm_spawn_result_release(&s->run);
}
