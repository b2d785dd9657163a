/* proc: the processes asked for with -p, --proc and --top, and the process
 * tree of a command, from PROCFS/PID (see pm_proc.h).  Not in the
 * collector table: pm-sample adds it, configured, with
 * pm_proc_collector_add. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_collect.h"
#include "pm_proc.h"

struct proc_state {
	struct pm_proc_table table;
	int *pids;		/* -p, those still alive, in the order given */
	uint64_t *starts;	/* their start times, to tell a reused pid */
	size_t npids;
	char **names;
	size_t nnames;
	unsigned top;
	int tree_pid;
	char tree_comm[64];
	char *procfs;
	int watching;
	int primed;
	int64_t prev_mono;
	long hz;
	/* The tree's counters summed at the previous reading. */
	uint64_t tree_ticks, tree_read, tree_write;
	int tree_primed, tree_io;
	struct pm_proc_entry **shown;	/* this reading's, in output order */
	size_t nshown, shown_cap;
	struct pm_proc_entry **rank;	/* --top's sorting room */
	size_t rank_cap;
};

/* What one process (or a tree) shows in a sample. */
struct proc_show {
	int have_cpu;
	double cpu;
	int gauges;		/* rss, threads and fds mean something */
	unsigned have;		/* PM_PROC_* */
	uint64_t rss, threads, fds;
	double rd, wr;
};

static void
emit_show(const struct pm_emit *em, int pid, const char *comm,
    const struct proc_show *s)
{
	char ptext[16];
	struct pm_label l[2] = { { "pid", ptext }, { "comm", comm } };

	snprintf(ptext, sizeof(ptext), "%d", pid);
	if (s->have_cpu)
		pm_emit(em, "proc.cpu", s->cpu, "percent", l, 2);
	if (s->gauges && (s->have & PM_PROC_RSS))
		pm_emit(em, "proc.rss", (double)s->rss, "bytes", l, 2);
	if (s->gauges)
		pm_emit(em, "proc.threads", (double)s->threads, "count", l, 2);
	if (s->gauges && (s->have & PM_PROC_FDS))
		pm_emit(em, "proc.fds", (double)s->fds, "count", l, 2);
	if (s->have & PM_PROC_IO) {
		pm_emit(em, "proc.read.bytes", s->rd, "bytes/s", l, 2);
		pm_emit(em, "proc.write.bytes", s->wr, "bytes/s", l, 2);
	}
}

/* Percent of one CPU, as top: clock ticks used over the ticks that
 * passed. */
static double
cpu_percent(const struct proc_state *st, uint64_t a, uint64_t b, double dt)
{
	return pm_round(pm_rate(a, b, dt) * 100.0 / (double)st->hz, 100);
}

static void
show_entry(const struct proc_state *st, const struct pm_emit *em,
    const struct pm_proc_entry *en, double dt)
{
	struct proc_show s;

	memset(&s, 0, sizeof(s));
	s.have_cpu = en->has_prev;
	if (en->has_prev)
		s.cpu = cpu_percent(st, en->prev_ticks, en->st.ticks, dt);
	s.gauges = en->st.state != 'Z';
	s.have = en->x.have & (PM_PROC_RSS | PM_PROC_FDS);
	s.rss = en->x.rss;
	s.fds = en->x.fds;
	s.threads = en->st.threads;
	if ((en->x.have & en->prev_x.have & PM_PROC_IO) != 0) {
		s.have |= PM_PROC_IO;
		s.rd = pm_rate3(en->prev_x.read_bytes, en->x.read_bytes, dt);
		s.wr = pm_rate3(en->prev_x.write_bytes, en->x.write_bytes, dt);
	}
	emit_show(em, en->st.pid, en->st.comm, &s);
}

static int
choose(struct proc_state *st, struct pm_proc_entry *en)
{
	if (en->chosen)
		return 0;
	if (st->nshown == st->shown_cap) {
		size_t cap = st->shown_cap ? st->shown_cap * 2 : 64;
		struct pm_proc_entry **ns = realloc(st->shown,
		    cap * sizeof(*ns));

		if (ns == NULL)
			return -1;
		st->shown = ns;
		st->shown_cap = cap;
	}
	en->chosen = 1;
	st->shown[st->nshown++] = en;
	return 0;
}

/* -p: the processes still there, in the order given; a pid that went
 * away (or now belongs to another process) is dropped, and so is a zombie
 * once shown: it has exited, whether its parent reaps it or not. */
static int
choose_pids(struct proc_state *st)
{
	struct pm_proc_entry *en;
	size_t i, j;

	for (i = j = 0; i < st->npids; i++) {
		en = pm_proc_table_find(&st->table, st->pids[i]);
		if (en == NULL || (st->primed && en->st.start != st->starts[i]))
			continue;
		if (choose(st, en) != 0)
			return -1;
		if (en->st.state == 'Z')
			continue;
		st->pids[j] = st->pids[i];
		st->starts[j++] = en->st.start;
	}
	st->npids = j;
	return 0;
}

static int
choose_names(struct proc_state *st)
{
	struct pm_proc_table *t = &st->table;
	size_t i, k;

	for (i = 0; i < t->n; i++)
		for (k = 0; k < st->nnames; k++)
			if (pm_proc_table_match(t, &t->cur[i], st->names[k])) {
				if (choose(st, &t->cur[i]) != 0)
					return -1;
				break;
			}
	return 0;
}

static int
by_rank(const void *a, const void *b)
{
	const struct pm_proc_entry *x = *(struct pm_proc_entry *const *)a;
	const struct pm_proc_entry *y = *(struct pm_proc_entry *const *)b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? 1 : -1;
	return (x->st.pid > y->st.pid) - (x->st.pid < y->st.pid);
}

/* --top: the N using most CPU, then the N using most memory; a process
 * using none of either is not in that list. */
static int
choose_top(struct proc_state *st)
{
	struct pm_proc_table *t = &st->table;
	struct pm_proc_entry **rank;
	size_t i, n, pass;
	int rc = 0;

	if (t->n > st->rank_cap) {
		rank = realloc(st->rank, t->n * 2 * sizeof(*rank));
		if (rank == NULL)
			return -1;
		st->rank = rank;
		st->rank_cap = t->n * 2;
	}
	rank = st->rank;
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		for (i = n = 0; i < t->n; i++) {
			struct pm_proc_entry *en = &t->cur[i];

			if (pass == 0 && en->has_prev && en->st.ticks > en->prev_ticks)
				en->rank = en->st.ticks - en->prev_ticks;
			else if (pass == 1 && en->st.rss_pages > 0)
				en->rank = en->st.rss_pages;
			else
				continue;
			rank[n++] = en;
		}
		qsort(rank, n, sizeof(*rank), by_rank);
		for (i = 0; i < n && i < st->top && rc == 0; i++)
			rc = choose(st, rank[i]);
	}
	return rc;
}

/* Whether en descends from the tree's root; remembered per reading. */
static int
in_tree(struct proc_state *st, struct pm_proc_entry *en)
{
	struct pm_proc_entry *chain[64], *p = en;
	size_t n = 0, i;
	int r;

	for (;;) {
		if (p->in_tree) {
			r = p->in_tree == 1;
			break;
		}
		if (p->st.pid == st->tree_pid) {
			r = 1;
			break;
		}
		if (n == sizeof(chain) / sizeof(chain[0])) {
			r = 0;
			break;
		}
		chain[n++] = p;
		p = pm_proc_table_find(&st->table, p->st.ppid);
		if (p == NULL || p == chain[n - 1]) {
			r = 0;
			break;
		}
	}
	for (i = 0; i < n; i++)
		chain[i]->in_tree = r ? 1 : 2;
	return r;
}

/* The tree summed.  Counters are summed with the children's times that
 * the tree's processes waited for, so a child that exits and is reaped
 * inside the tree keeps counting. */
static void
show_tree(struct proc_state *st, const struct pm_emit *em, double dt)
{
	struct pm_proc_table *t = &st->table;
	struct pm_proc_entry *root = pm_proc_table_find(t, st->tree_pid);
	struct proc_show s;
	uint64_t ticks = 0, rd = 0, wr = 0;
	size_t i;
	int io = 1;

	if (root == NULL)
		return;		/* not there yet, or reaped */
	memset(&s, 0, sizeof(s));
	s.have = PM_PROC_RSS | PM_PROC_FDS;
	for (i = 0; i < t->n; i++) {
		struct pm_proc_entry *en = &t->cur[i];

		if (!in_tree(st, en))
			continue;
		pm_proc_table_extra(t, en);
		en->chosen = 1;
		ticks += en->st.ticks + en->st.child_ticks;
		s.threads += en->st.threads;
		s.rss += en->x.rss;
		s.fds += en->x.fds;
		s.have &= en->x.have | PM_PROC_IO;
		if (en->x.have & PM_PROC_IO) {
			rd += en->x.read_bytes;
			wr += en->x.write_bytes;
		} else
			io = 0;
	}
	/* A zombie root: the command has exited, only its rates remain. */
	s.gauges = root->st.state != 'Z';
	if (em != NULL && st->tree_primed) {
		s.have_cpu = 1;
		s.cpu = cpu_percent(st, st->tree_ticks, ticks, dt);
		if (io && st->tree_io) {
			s.have |= PM_PROC_IO;
			s.rd = pm_rate3(st->tree_read, rd, dt);
			s.wr = pm_rate3(st->tree_write, wr, dt);
		}
		emit_show(em, st->tree_pid, st->tree_comm, &s);
	}
	st->tree_ticks = ticks;
	st->tree_read = rd;
	st->tree_write = wr;
	st->tree_io = io;
	st->tree_primed = 1;
}

static int
proc_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct proc_state *st = state;
	const char *root = st->procfs ? st->procfs : ctx->root->procfs;
	int full = st->nnames > 0 || st->top > 0 || st->tree_pid > 0;
	double dt = st->primed ? pm_elapsed(st->prev_mono, ctx->mono) : 0;
	const struct pm_emit *em = st->primed ? ctx->emit : NULL;
	size_t i;

	if (pm_proc_table_read(&st->table, root, full ? NULL : st->pids,
	    full ? 0 : st->npids, e) != 0)
		return -1;
	st->nshown = 0;
	if (choose_pids(st) != 0 || choose_names(st) != 0 ||
	    (st->top > 0 && choose_top(st) != 0))
		return pm_err_set(e, "out of memory");
	for (i = 0; i < st->nshown; i++) {
		pm_proc_table_extra(&st->table, st->shown[i]);
		if (em != NULL)
			show_entry(st, em, st->shown[i], dt);
	}
	if (st->top > 0 && !st->primed)
		pm_proc_table_io(&st->table);
	if (st->tree_pid > 0)
		show_tree(st, em, dt);
	st->watching = st->npids > 0 || st->nnames > 0 || st->top > 0 ||
	    st->tree_pid > 0;
	st->prev_mono = ctx->mono;
	st->primed = 1;
	return 0;
}

static void
proc_release(void *state)
{
	struct proc_state *st = state;
	size_t i;

	pm_proc_table_release(&st->table);
	for (i = 0; i < st->nnames; i++)
		free(st->names[i]);
	free(st->names);
	free(st->pids);
	free(st->starts);
	free(st->procfs);
	free(st->shown);
	free(st->rank);
}

static int
proc_available(const struct pm_sysroot *root)
{
	(void)root;
	return 1;
}

static const struct pm_collector pm_collector_proc = {
	.name = "proc",
	.what = "processes, from /proc/PID",
	.available = proc_available,
	.state_size = sizeof(struct proc_state),
	.read = proc_read,
	.release = proc_release,
};

static int
configure(struct proc_state *st, const struct pm_proc_config *c)
{
	size_t i;

	st->hz = sysconf(_SC_CLK_TCK);
	if (st->hz <= 0)
		st->hz = 100;
	st->top = c->top;
	st->tree_pid = c->tree_pid;
	snprintf(st->tree_comm, sizeof(st->tree_comm), "%s",
	    c->tree_comm ? c->tree_comm : "");
	st->watching = 1;
	if (c->procfs != NULL && (st->procfs = strdup(c->procfs)) == NULL)
		return -1;
	if (c->npids > 0) {
		st->pids = malloc(c->npids * sizeof(*st->pids));
		st->starts = calloc(c->npids, sizeof(*st->starts));
		if (st->pids == NULL || st->starts == NULL)
			return -1;
		memcpy(st->pids, c->pids, c->npids * sizeof(*st->pids));
		st->npids = c->npids;
	}
	if (c->nnames > 0 &&
	    (st->names = calloc(c->nnames, sizeof(*st->names))) == NULL)
		return -1;
	for (i = 0; i < c->nnames; i++, st->nnames++)
		if ((st->names[i] = strdup(c->names[i])) == NULL)
			return -1;
	return 0;
}

void *
pm_proc_collector_add(struct pm_sampler *s, const struct pm_proc_config *c,
    struct pm_err *e)
{
	struct proc_state *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return pm_err_set(e, "out of memory"), NULL;
	if (configure(st, c) != 0) {
		proc_release(st);
		free(st);
		return pm_err_set(e, "out of memory"), NULL;
	}
	/* The sampler owns st from here, even when it fails. */
	if (pm_sampler_add(s, &pm_collector_proc, st, e) != 0)
		return NULL;
	return st;
}

int
pm_proc_watching(const void *state)
{
	const struct proc_state *st = state;

	return st->watching;
}
