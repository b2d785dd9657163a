#include "pm_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK (256 * 1024)

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

static int
open_next(struct pm_reader *r, struct pm_err *e)
{
	const char *path;

	if (r->fd > STDIN_FILENO)
		close(r->fd);
	r->fd = -1;
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
		size_t ncap = r->cap ? r->cap * 2 : READ_CHUNK;
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

/* Find the next complete line; 1 with [*line, *len), 0 at end of file,
 * -1 on a read error, -2 when a line went over max_line (skipped). */
static int
next_line(struct pm_reader *r, char **line, size_t *len)
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

static int
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

int
pm_reader_next(struct pm_reader *r, struct pm_point *p, struct pm_err *e)
{
	char *line;
	const char *rest;
	size_t len;
	int rc;

	r->json = NULL;
	for (;;) {
		if (r->fd < 0) {
			rc = open_next(r, e);
			if (rc != PM_READ_POINT)
				return rc;
		}
		rc = next_line(r, &line, &len);
		if (rc == 0) {
			if (r->fd > STDIN_FILENO)
				close(r->fd);
			r->fd = -1;
			if (r->next_path >= r->npaths)
				return PM_READ_EOF;
			continue;
		}
		if (rc == -1) {
			pm_err_errno(e, "%s", r->name);
			if (r->fd > STDIN_FILENO)
				close(r->fd);
			r->fd = -1;
			return PM_READ_ERROR;
		}
		if (rc == -2)
			return pm_err_set(e, "%s:%lu: line longer than %zu bytes",
			    r->name, r->lineno, r->max_line), PM_READ_BAD;
		if (blank(line, len))
			continue;
		if (r->want_line != NULL &&
		    !r->want_line(r->want_line_arg, line, len))
			continue;
		r->json = pm_jsonmem_parse(&r->mem, line, len, &rest);
		if (r->json != NULL && !blank(rest, (size_t)(line + len - rest)))
			r->json = NULL;
		if (r->json == NULL)
			return pm_err_set(e, "%s:%lu: not valid JSON", r->name,
			    r->lineno), PM_READ_BAD;
		if (pm_point_from_json(p, r->json, e) != 0)
			return pm_err_prefix(e, "%s:%lu", r->name, r->lineno),
			    PM_READ_BAD;
		return PM_READ_POINT;
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
	pm_jsonmem_release(&r->mem);
	r->json = NULL;
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	r->fd = -1;
	free(r->buf);
	r->buf = NULL;
}
