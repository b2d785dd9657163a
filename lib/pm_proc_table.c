/* pm_proc_table: processes from one reading to the next (see pm_proc.h). */
#include "pm_proc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint32_t
slot_of(int pid, size_t size)
{
	/* Fibonacci hashing: pids are dense, this spreads them. */
	return (uint32_t)(((uint32_t)pid * 2654435769u) & (size - 1));
}

struct pm_proc_entry *
pm_proc_table_find(const struct pm_proc_table *t, int pid)
{
	size_t i;

	if (t->index_size == 0)
		return NULL;
	for (i = slot_of(pid, t->index_size); t->index[i] != 0;
	    i = (i + 1) & (t->index_size - 1))
		if (t->cur[t->index[i] - 1].st.pid == pid)
			return &t->cur[t->index[i] - 1];
	return NULL;
}

static int
reindex(struct pm_proc_table *t)
{
	size_t i, j, size = t->index_size ? t->index_size : 64;

	while (size < t->n * 2)
		size *= 2;
	if (size != t->index_size) {
		uint32_t *ni = malloc(size * sizeof(*ni));

		if (ni == NULL)
			return -1;
		free(t->index);
		t->index = ni;
		t->index_size = size;
	}
	memset(t->index, 0, t->index_size * sizeof(*t->index));
	for (i = 0; i < t->n; i++) {
		for (j = slot_of(t->cur[i].st.pid, size); t->index[j] != 0;
		    j = (j + 1) & (size - 1))
			;
		t->index[j] = (uint32_t)i + 1;
	}
	return 0;
}

static int
spare_room(struct pm_proc_table *t, size_t need)
{
	struct pm_proc_entry *ns;
	size_t cap;

	if (need <= t->spare_cap)
		return 0;
	cap = t->spare_cap ? t->spare_cap * 2 : 256;
	while (cap < need)
		cap *= 2;
	if ((ns = realloc(t->spare, cap * sizeof(*ns))) == NULL)
		return -1;
	t->spare = ns;
	t->spare_cap = cap;
	return 0;
}

/* The next pid: from the directory, or from the list. */
static int
next_pid(struct pm_proc_table *t, const int *pids, size_t npids, size_t *i)
{
	struct dirent *d;
	const char *s;
	long pid;

	if (pids != NULL)
		return *i < npids ? pids[(*i)++] : 0;
	while ((d = readdir(t->dir)) != NULL) {
		for (s = d->d_name, pid = 0; *s >= '0' && *s <= '9' &&
		    pid < 1L << 30; s++)
			pid = pid * 10 + (*s - '0');
		if (*s == '\0' && pid > 0 && s != d->d_name)
			return (int)pid;
	}
	return 0;
}

static int
open_dir(struct pm_proc_table *t, const char *root, struct pm_err *e)
{
	if (t->dir != NULL && t->root.path != NULL &&
	    strcmp(t->root.path, root) == 0) {
		rewinddir(t->dir);
		return 0;
	}
	if (t->dir != NULL)
		closedir(t->dir);
	if ((t->dir = opendir(root)) == NULL)
		return pm_err_errno(e, "%s", root);
	return 0;
}

/* Fill a new entry from its stat and what the previous reading knew. */
static void
carry(struct pm_proc_table *t, struct pm_proc_entry *en,
    const struct pm_proc_stat *st, int full)
{
	struct pm_proc_entry *old = pm_proc_table_find(t, st->pid);

	memset(en, 0, sizeof(*en));
	en->st = *st;
	en->from = -1;
	if (old != NULL && old->st.start == st->start) {
		en->from = (int)(old - t->cur);
		en->has_prev = 1;
		en->prev_ticks = old->st.ticks;
		en->prev_x = old->x;
		if (old->argv0_read && strcmp(old->st.comm, st->comm) == 0) {
			memcpy(en->argv0, old->argv0, sizeof(en->argv0));
			en->argv0_read = 1;
		}
	} else if (full && t->scanned) {
		/* Not there at the previous full scan: born since, so all it
		 * did was done in the interval. */
		en->has_prev = 1;
		en->prev_x.have = PM_PROC_IO;
	}
}

static int
by_pid(const void *a, const void *b)
{
	const struct pm_proc_entry *x = a, *y = b;

	return (x->st.pid > y->st.pid) - (x->st.pid < y->st.pid);
}

/* The new reading in spare[0..m) replaces cur: kept files move on with
 * their process while it is watched, and are closed otherwise. */
static int
take_over(struct pm_proc_table *t, size_t m)
{
	struct pm_proc_entry *tmp;
	size_t i, cap;

	for (i = 0; i < t->n; i++)
		t->cur[i].carried = 0;
	for (i = 0; i < m; i++) {
		struct pm_proc_entry *en = &t->spare[i], *old;

		if (en->from < 0)
			continue;
		old = &t->cur[en->from];
		if (old->files != NULL && old->chosen) {
			en->files = old->files;
			old->carried = 1;
		}
	}
	for (i = 0; i < t->n; i++) {
		if (t->cur[i].files != NULL && !t->cur[i].carried) {
			pm_proc_files_release(t->cur[i].files);
			free(t->cur[i].files);
			t->nfiles--;
		}
	}
	tmp = t->cur;
	cap = t->cap;
	t->cur = t->spare;
	t->cap = t->spare_cap;
	t->spare = tmp;
	t->spare_cap = cap;
	t->n = m;
	return reindex(t);
}

int
pm_proc_table_read(struct pm_proc_table *t, const char *root,
    const int *pids, size_t npids, struct pm_err *e)
{
	struct pm_proc_stat st;
	struct pm_proc_entry *old;
	size_t m = 0, i = 0;
	int pid, bad, sorted = 1;

	/* The directory first: it compares root with the last one. */
	if (pids == NULL && open_dir(t, root, e) != 0)
		return -1;
	if (pm_proc_root_open(&t->root, root, e) != 0)
		return -1;
	while ((pid = next_pid(t, pids, npids, &i)) > 0) {
		old = pm_proc_table_find(t, pid);
		if (pm_proc_read_stat(&t->root, pid, old ? old->files : NULL,
		    &st, &bad, e) != 0) {
			if (bad)
				return -1;
			continue;	/* gone since the directory was read */
		}
		if (spare_room(t, m + 1) != 0)
			return pm_err_set(e, "out of memory");
		carry(t, &t->spare[m], &st, pids == NULL);
		if (m > 0 && t->spare[m - 1].st.pid > pid)
			sorted = 0;
		m++;
	}
	/* procfs lists processes by pid; a fixture tree may not. */
	if (!sorted)
		qsort(t->spare, m, sizeof(*t->spare), by_pid);
	if (take_over(t, m) != 0)
		return pm_err_set(e, "out of memory");
	t->scanned = pids == NULL;
	t->readings++;
	return 0;
}

void
pm_proc_table_extra(struct pm_proc_table *t, struct pm_proc_entry *en)
{
	if (en->files == NULL && t->nfiles < PM_PROC_KEEP &&
	    (en->files = calloc(1, sizeof(*en->files))) != NULL)
		t->nfiles++;
	pm_proc_read_extra(&t->root, en->st.pid, en->files, en->st.state == 'Z' ?
	    PM_PROC_IO : PM_PROC_RSS | PM_PROC_FDS | PM_PROC_IO, &en->x);
}

void
pm_proc_table_io(struct pm_proc_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!t->cur[i].chosen)
			pm_proc_read_extra(&t->root, t->cur[i].st.pid, NULL,
			    PM_PROC_IO, &t->cur[i].x);
}

int
pm_proc_table_match(struct pm_proc_table *t, struct pm_proc_entry *en,
    const char *name)
{
	if (strcmp(en->st.comm, name) == 0)
		return 1;
	/* The comm is cut to 15 bytes, and a script's is its file name:
	 * argv[0] tells the rest.  Read once per process. */
	if (!en->argv0_read) {
		pm_proc_read_argv0(&t->root, en->st.pid, en->argv0,
		    sizeof(en->argv0));
		en->argv0_read = 1;
	}
	return en->argv0[0] != '\0' && strcmp(en->argv0, name) == 0;
}

void
pm_proc_table_release(struct pm_proc_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->cur[i].files != NULL) {
			pm_proc_files_release(t->cur[i].files);
			free(t->cur[i].files);
		}
	}
	free(t->cur);
	free(t->spare);
	free(t->index);
	if (t->dir != NULL)
		closedir(t->dir);
	pm_proc_root_close(&t->root);
	memset(t, 0, sizeof(*t));
	t->root.fd = -1;
}
