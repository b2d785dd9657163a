/* pm_proc: one process's files (see pm_proc.h). */
#include "pm_proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0

/* Skip n blank-separated fields. */
static const char *
skip_fields(const char *p, int n)
{
	while (n-- > 0) {
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '\n')
			return NULL;
		while (*p != ' ' && *p != '\0' && *p != '\n')
			p++;
	}
	return p;
}

int
pm_proc_parse_stat(const char *text, struct pm_proc_stat *st)
{
	const char *open, *close, *p;
	uint64_t v[24];
	size_t len;
	int i;

	/* The comm may hold blanks and parentheses: it ends at the last ')'. */
	if ((open = strchr(text, '(')) == NULL ||
	    (close = strrchr(open, ')')) == NULL || close[1] != ' ')
		return -1;
	p = text;
	if (pm_scan_u64(&p, &v[0]) != 0 || v[0] == 0 || v[0] > INT32_MAX ||
	    p + 1 != open)
		return -1;
	st->pid = (int)v[0];
	len = (size_t)(close - open - 1);
	if (len >= sizeof(st->comm))
		len = sizeof(st->comm) - 1;
	memcpy(st->comm, open + 1, len);
	st->comm[len] = '\0';
	p = close + 2;
	if (*p == '\0' || p[1] != ' ')
		return -1;
	st->state = *p++;
	/* Fields 4 to 24, numbered as in proc(5); some are signed (tty_nr,
	 * tpgid, priority, nice), and those are skipped. */
	for (i = 4; i <= 24; i++) {
		if (i == 7 || i == 8 || i == 18 || i == 19) {
			if ((p = skip_fields(p, 1)) == NULL)
				return -1;
			continue;
		}
		if (pm_scan_u64(&p, &v[i - 1]) != 0)
			return -1;
	}
	if (v[3] > INT32_MAX)
		return -1;
	st->ppid = (int)v[3];
	st->ticks = v[13] + v[14];
	st->child_ticks = v[15] + v[16];
	st->threads = v[19];
	st->start = v[21];
	st->rss_pages = v[23];
	return 0;
}

/* The number after "key" at the start of a line of text. */
static int
find_key(const char *text, const char *key, uint64_t *v)
{
	size_t n = strlen(key);
	const char *p = text;

	while (*p != '\0') {
		if (strncmp(p, key, n) == 0) {
			p += n;
			while (*p == ' ' || *p == '\t')
				p++;
			return pm_scan_u64(&p, v);
		}
		pm_scan_next_line(&p);
	}
	return -1;
}

int
pm_proc_parse_rss(const char *text, uint64_t *bytes)
{
	uint64_t kb;

	if (find_key(text, "VmRSS:", &kb) != 0)
		return -1;
	*bytes = kb * 1024;
	return 0;
}

int
pm_proc_parse_io(const char *text, uint64_t *rd, uint64_t *wr)
{
	if (find_key(text, "read_bytes:", rd) != 0 ||
	    find_key(text, "write_bytes:", wr) != 0)
		return -1;
	return 0;
}

int
pm_proc_root_open(struct pm_proc_root *r, const char *path, struct pm_err *e)
{
	struct statfs sf;
	char *copy;
	int fd;

	if (r->path != NULL && strcmp(r->path, path) == 0)
		return 0;
	if ((fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return pm_err_errno(e, "%s", path);
	if ((copy = strdup(path)) == NULL) {
		close(fd);
		return pm_err_set(e, "out of memory");
	}
	pm_proc_root_close(r);
	r->path = copy;
	r->fd = fd;
	r->is_procfs = fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
	return 0;
}

void
pm_proc_root_close(struct pm_proc_root *r)
{
	if (r->path != NULL)
		close(r->fd);
	free(r->path);
	r->path = NULL;
	r->fd = -1;
}

/* "PID/name" into buf, without printf: this runs for every process. */
static void
rel_path(char *buf, size_t size, int pid, const char *name)
{
	char digits[12];
	size_t n = 0, i = 0, len = strlen(name);

	do
		digits[n++] = (char)('0' + pid % 10);
	while ((pid /= 10) > 0);
	if (n + 1 + len + 1 > size) {
		buf[0] = '\0';
		return;
	}
	while (n > 0)
		buf[i++] = digits[--n];
	buf[i++] = '/';
	memcpy(buf + i, name, len + 1);
}

const char *
pm_proc_read(const struct pm_proc_root *r, int pid, const char *name,
    struct pm_buf *kept, char *buf, size_t size)
{
	char rel[64];
	ssize_t n;
	size_t len = 0;
	int fd;

	rel_path(rel, sizeof(rel), pid, name);
	if (kept != NULL) {
		/* The error text is not needed: errno tells gone from bad. */
		if (pm_sysfile_read(kept, r->path, rel, NULL) != 0)
			return NULL;
		return kept->data;
	}
	if ((fd = openat(r->fd, rel, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	while (len + 1 < size) {
		n = read(fd, buf + len, size - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (len == 0) {
		errno = ESRCH;	/* a process that exited reads as empty */
		return NULL;
	}
	return buf;
}

int
pm_proc_read_stat(const struct pm_proc_root *r, int pid,
    struct pm_proc_files *f, struct pm_proc_stat *st, int *bad,
    struct pm_err *e)
{
	char buf[1024];
	const char *text;

	*bad = 0;
	text = pm_proc_read(r, pid, "stat", f ? &f->stat : NULL, buf,
	    sizeof(buf));
	if (text == NULL || *text == '\0')
		return -1;
	if (pm_proc_parse_stat(text, st) != 0 || st->pid != pid) {
		*bad = 1;
		return pm_err_set(e, "%s/%d/stat: cannot parse: \"%.60s\"",
		    r->path, pid, text);
	}
	return 0;
}

/* Open fds: procfs tells the count as the size of the fd directory (Linux
 * 6.2 and later); elsewhere, and in fixture trees, count the entries. */
static int
count_fds(const struct pm_proc_root *r, int pid, uint64_t *count)
{
	char rel[64], buf[4096];
	struct stat sb;
	ssize_t n, off;
	uint64_t c = 0;
	int fd;

	rel_path(rel, sizeof(rel), pid, "fd");
	if (r->is_procfs && fstatat(r->fd, rel, &sb, 0) == 0 && sb.st_size > 0) {
		*count = (uint64_t)sb.st_size;
		return 0;
	}
	if ((fd = openat(r->fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; ) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			if (strcmp(d->d_name, ".") != 0 &&
			    strcmp(d->d_name, "..") != 0)
				c++;
			off += d->d_reclen;
		}
	}
	close(fd);
	if (n < 0)
		return -1;
	*count = c;
	return 0;
}

void
pm_proc_read_extra(const struct pm_proc_root *r, int pid,
    struct pm_proc_files *f, unsigned want, struct pm_proc_extra *x)
{
	char buf[4096];
	const char *text;

	x->have = 0;
	if (want & PM_PROC_RSS) {
		text = pm_proc_read(r, pid, "status", f ? &f->status : NULL,
		    buf, sizeof(buf));
		if (text != NULL) {
			/* A kernel thread has no VmRSS: no memory. */
			if (pm_proc_parse_rss(text, &x->rss) != 0)
				x->rss = 0;
			x->have |= PM_PROC_RSS;
		}
	}
	if ((want & PM_PROC_FDS) && count_fds(r, pid, &x->fds) == 0)
		x->have |= PM_PROC_FDS;
	/* Another user's io is readable by root only. */
	if (want & PM_PROC_IO) {
		text = pm_proc_read(r, pid, "io", f ? &f->io : NULL, buf,
		    sizeof(buf));
		if (text != NULL && pm_proc_parse_io(text, &x->read_bytes,
		    &x->write_bytes) == 0)
			x->have |= PM_PROC_IO;
	}
}

void
pm_proc_read_argv0(const struct pm_proc_root *r, int pid, char *buf,
    size_t size)
{
	char cmdline[512];
	const char *text, *base;
	size_t len;

	buf[0] = '\0';
	text = pm_proc_read(r, pid, "cmdline", NULL, cmdline, sizeof(cmdline));
	if (text == NULL)
		return;
	/* argv[0] ends at the first NUL; a title set by setproctitle
	 * ("nginx: worker process") at the first blank. */
	len = strcspn(text, " ");
	for (base = text + len; base > text && base[-1] != '/'; base--)
		;
	snprintf(buf, size, "%.*s", (int)(text + len - base), base);
}

void
pm_proc_files_release(struct pm_proc_files *f)
{
	pm_buf_release(&f->stat);
	pm_buf_release(&f->status);
	pm_buf_release(&f->io);
}

int
pm_proc_exists(const char *root, int pid)
{
	char rel[64];

	rel_path(rel, sizeof(rel), pid, "stat");
	return pm_sysfile_exists(root, rel);
}
