#include "pm_reader_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK (256 * 1024)
/* The first buffer: a short input (a pipe of a few lines, a small file)
 * never takes a big one, which costs a fresh mapping under the sanitizers
 * (2.5 times the fuzz target's speed); it doubles up to READ_CHUNK's size
 * within the first reads of a long one. */
#define READ_FIRST (16 * 1024)

void
pm_reader_init(struct pm_reader *r, char *const *paths, size_t npaths)
{
	memset(r, 0, sizeof(*r));
	r->max_line = PM_LINE_MAX_DEFAULT;
	r->paths = paths;
	r->npaths = npaths;
	r->fd = -1;
	r->eof = 1; /* nothing open yet */
	pm_jsonmem_init(&r->mem);
}

const cJSON *
pm_reader_json(const struct pm_reader *r)
{
	return r->json;
}

void
pm_reader_close(struct pm_reader *r)
{
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	r->fd = -1;
}

int
pm_reader_open_next(struct pm_reader *r, struct pm_err *e)
{
	const char *path;

	pm_reader_close(r);
	r->start = r->end = 0;
	r->lineno = 0;
	r->skipping = 0;
	if (r->npaths == 0 && r->next_path == 0) {
		path = "-";
	} else if (r->next_path < r->npaths) {
		path = r->paths[r->next_path];
	} else {
		return PM_READ_EOF;
	}
	r->next_path++;
	if (strcmp(path, "-") == 0) {
		r->name = "<stdin>";
		r->fd = STDIN_FILENO;
	} else {
		r->name = path;
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			return pm_err_errno(e, "%s", path), PM_READ_ERROR;
	}
	r->eof = 0;
	return PM_READ_POINT;
}

/* Make room and read more; returns bytes read, 0 at end, -1 on error. */
static ssize_t
fill(struct pm_reader *r)
{
	ssize_t n;

	if (r->start > 0 && (r->start == r->end || r->cap - r->end < READ_CHUNK / 2)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < READ_CHUNK / 2) {
		size_t ncap = r->cap ? r->cap * 2 : READ_FIRST;
		char *nb = realloc(r->buf, ncap + 1);

		if (nb == NULL)
			return -1;
		r->buf = nb;
		r->cap = ncap;
	}
	if (r->before_read != NULL)
		r->before_read(r->before_read_arg);
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->end += (size_t)n;
	return n;
}

int
pm_reader_next_line(struct pm_reader *r, char **line, size_t *len)
{
	for (;;) {
		size_t have = r->end - r->start;
		char *nl = have ? memchr(r->buf + r->start, '\n', have) : NULL;
		ssize_t n;

		if (nl != NULL) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			r->start += *len + 1;
			r->lineno++;
			if (r->skipping) {
				r->skipping = 0;
				return -2;
			}
			if (*len > r->max_line)
				return -2;
			return 1;
		}
		if (have > r->max_line) {
			/* Drop what we have of the long line, keep reading to its end. */
			r->skipping = 1;
			r->start = r->end;
		}
		if (r->eof) {
			if (have == 0 || r->skipping) {
				if (r->skipping) {
					r->skipping = 0;
					r->lineno++;
					return -2;
				}
				return 0;
			}
			/* A last line without a newline still counts. */
			*line = r->buf + r->start;
			*len = have;
			r->start = r->end;
			r->lineno++;
			return 1;
		}
		n = fill(r);
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
	}
}

int
pm_reader_next(struct pm_reader *r, struct pm_point *p, struct pm_err *e)
{
	char *line;
	size_t len;
	int rc;

	r->json = NULL;
	for (;;) {
		if (r->threads > 1 &&
		    (r->mt != NULL || pm_reader_mt_start(r) == 0)) {
			rc = pm_reader_mt_next(r, p, e);
			if (rc != PM_READ_SERIAL)
				return rc;
		}
		if (r->fd < 0) {
			rc = pm_reader_open_next(r, e);
			if (rc != PM_READ_POINT)
				return rc;
		}
		rc = pm_reader_next_line(r, &line, &len);
		if (rc == 0) {
			pm_reader_close(r);
			if (r->next_path >= r->npaths)
				return PM_READ_EOF;
			continue;
		}
		if (rc == -1) {
			pm_err_errno(e, "%s", r->name);
			pm_reader_close(r);
			return PM_READ_ERROR;
		}
		if (rc == -2)
			return pm_err_set(e, "%s:%lu: line longer than %zu bytes",
			    r->name, r->lineno, r->max_line), PM_READ_BAD;
		rc = pm_reader_line(r, &r->mem, 0, r->name, r->lineno, line,
		    len, &r->json, p, e);
		if (rc != PM_READ_SKIP)
			return rc;
	}
}

int
pm_reader_fd(const struct pm_reader *r)
{
	return r->fd;
}

void
pm_reader_release(struct pm_reader *r)
{
	pm_reader_mt_release(r);
	pm_jsonmem_release(&r->mem);
	r->json = NULL;
	pm_reader_close(r);
	free(r->buf);
	r->buf = NULL;
}

int
pm_reader_threads(const char *setting)
{
	char *end;
	long n;

	if (setting != NULL && *setting != '\0') {
		n = strtol(setting, &end, 10);
		if (*end == '\0' && n >= 1)
			return n > 8 ? 8 : (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}
