#include "pm_sysfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
close_file(struct pm_buf *b)
{
	if (b->has_fd)
		close(b->fd);
	b->has_fd = 0;
}

void
pm_buf_release(struct pm_buf *b)
{
	close_file(b);
	free(b->path);
	b->path = NULL;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static int
grow(struct pm_buf *b, size_t need)
{
	size_t ncap = b->cap ? b->cap : 4096;
	char *nd;

	while (ncap < need)
		ncap *= 2;
	if (ncap == b->cap)
		return 0;
	if ((nd = realloc(b->data, ncap)) == NULL)
		return -1;
	b->data = nd;
	b->cap = ncap;
	return 0;
}

/* The whole of b's open file, from offset 0.  -1 with errno on failure. */
static int
slurp(struct pm_buf *b)
{
	ssize_t n;

	b->len = 0;
	for (;;) {
		if (b->cap - b->len < 2 && grow(b, b->cap * 2 + 2) != 0) {
			errno = ENOMEM;
			return -1;
		}
		n = pread(b->fd, b->data + b->len, b->cap - b->len - 1,
		    (off_t)b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		b->len += (size_t)n;
		/* A kernel file fills the whole buffer unless it is at its
		 * end: a short read saves a second system call. */
		if (n == 0 || b->len < b->cap - 1)
			break;
	}
	b->data[b->len] = '\0';
	return 0;
}

int
pm_sysfile_read(struct pm_buf *b, const char *root, const char *rel,
    struct pm_err *e)
{
	char path[PATH_MAX];
	char *copy;
	size_t nroot = strlen(root), nrel = strlen(rel);

	/* Called for every file at every sample: no printf here. */
	if (nroot + 1 + nrel >= sizeof(path))
		return pm_err_set(e, "%s/%s: path too long", root, rel);
	memcpy(path, root, nroot);
	path[nroot] = '/';
	memcpy(path + nroot + 1, rel, nrel + 1);
	if (b->has_fd && strcmp(b->path, path) == 0) {
		if (slurp(b) == 0)
			return 0;
		/* The file went away under us (a device unplugged): open anew. */
	}
	close_file(b);
	if ((b->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return pm_err_errno(e, "%s", path);
	b->has_fd = 1;
	if (b->path == NULL || strcmp(b->path, path) != 0) {
		if ((copy = strdup(path)) == NULL) {
			close_file(b);
			return pm_err_set(e, "%s: out of memory", path);
		}
		free(b->path);
		b->path = copy;
	}
	if (slurp(b) != 0) {
		pm_err_errno(e, "%s", path);
		close_file(b);
		return -1;
	}
	return 0;
}

int
pm_sysfile_line(const char *root, const char *rel, char *buf, size_t size,
    struct pm_err *e)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return pm_err_errno(e, "%s", path);
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		pm_err_errno(e, "%s", path);
		close(fd);
		return -1;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int
pm_sysfile_u64(const char *root, const char *rel, uint64_t *v,
    struct pm_err *e)
{
	char buf[64];
	const char *p = buf;

	if (pm_sysfile_line(root, rel, buf, sizeof(buf), e) != 0)
		return -1;
	if (pm_scan_u64(&p, v) != 0)
		return pm_err_set(e, "%s/%s: not a number: \"%.20s\"", root,
		    rel, buf);
	return 0;
}

int
pm_sysfile_i64(const char *root, const char *rel, int64_t *v,
    struct pm_err *e)
{
	char buf[64], *end;
	long long x;

	if (pm_sysfile_line(root, rel, buf, sizeof(buf), e) != 0)
		return -1;
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (end == buf || errno != 0 || (*end != '\0' && *end != ' '))
		return pm_err_set(e, "%s/%s: not a number: \"%.20s\"", root,
		    rel, buf);
	*v = x;
	return 0;
}

int
pm_sysfile_bad_line(struct pm_err *e, const char *path, unsigned long lineno,
    const char *line, const char *what)
{
	int len = (int)strcspn(line, "\n");

	return pm_err_set(e, "%s: line %lu: %s: \"%.*s\"", path, lineno, what,
	    len > 60 ? 60 : len, line);
}

int
pm_sysfile_exists(const char *root, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return access(path, F_OK) == 0;
}

static int
is_end(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n';
}

int
pm_scan_u64(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (!is_end(*s))
		return -1;
	*v = x;
	*p = s;
	return 0;
}

int
pm_scan_double(const char **p, double *v)
{
	const char *s = *p;
	char *end;
	double x;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
		return -1;
	errno = 0;
	x = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(x) || !is_end(*end))
		return -1;
	*v = x;
	*p = end;
	return 0;
}

int
pm_scan_word(const char **p, char *buf, size_t size)
{
	const char *s = *p, *word;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	word = s;
	while (!is_end(*s)) {
		if (n + 1 < size)
			buf[n++] = *s;
		s++;
	}
	if (size > 0)
		buf[n] = '\0';
	*p = s;
	/* A word cut to nothing by a tiny buffer was still there. */
	return s > word ? 0 : -1;
}

void
pm_scan_next_line(const char **p)
{
	const char *nl = strchr(*p, '\n');

	*p = nl ? nl + 1 : *p + strlen(*p);
}
