#include "pm_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define BACKSLASHES 0x5c5c5c5c5c5c5c5cULL

/* Whether the n * 8 bytes at p are ASCII, none zero, none a backslash: a
 * byte with its high bit set, or one that borrows (a zero, or a
 * backslash once xored), sets a high bit. */
static int
plain(const unsigned char *p, size_t n)
{
	uint64_t w, any = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(&w, p + 8 * i, 8);
		any |= w | (w - ONES) | ((w ^ BACKSLASHES) - ONES);
	}
	return (any & HIGHS) == 0;
}

/* pm-points(5) is UTF-8, and what a tool writes must be too (JSON, the
 * Prometheus text): a line that is not (a stray byte, an overlong form, a
 * surrogate, past U+10FFFF) is bad rather than passed on.  So is a line
 * holding a NUL, as a zero byte or as \u0000: cJSON ends the string there,
 * so a name or a label would be silently cut short (two series made one).
 * Returns 0, BAD_UTF8 or BAD_NUL (a line with both is BAD_UTF8).  ASCII
 * with no zero byte and no backslash, most of most lines, goes 32 bytes a
 * step: it is once a line, beside the parse. */
enum { BAD_UTF8 = 1, BAD_NUL };

static int
line_check(const unsigned char *s, size_t len)
{
	const unsigned char *end = s + len, *q = s;
	unsigned c, n, min;
	int nul = 0, escape = 0;

	while (s < end) {
		if (end - s >= 32 && plain(s, 4)) {
			s += 32;
			continue;
		}
		if (end - s >= 8 && plain(s, 1)) {
			s += 8;
			continue;
		}
		/* The last bytes of a long line: its last 8 at once. */
		if (end - s < 8 && len >= 8 && plain(end - 8, 1))
			break;
		if ((c = *s++) < 0x80) {
			nul |= c == 0;
			escape |= c == '\\';
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, c &= 0x1f, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, c &= 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, c &= 0x07, min = 0x10000;
		else
			return BAD_UTF8;
		if ((size_t)(end - s) < n)
			return BAD_UTF8;
		for (; n > 0; n--, s++) {
			if ((*s & 0xc0) != 0x80)
				return BAD_UTF8;
			c = c << 6 | (*s & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return BAD_UTF8;
	}
	if (nul)
		return BAD_NUL;
	while (escape && (q = memchr(q, '\\', (size_t)(end - q))) != NULL) {
		if (end - q >= 6 && memcmp(q + 1, "u0000", 5) == 0)
			return BAD_NUL;
		if ((q += 2) >= end)	/* past the escaped character */
			break;
	}
	return 0;
}

int
pm_reader_next(struct pm_reader *r, struct pm_point *p, struct pm_err *e)
{
	char *line;
	const char *rest;
	size_t len;
	int rc, bad;

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
		if ((bad = line_check((const unsigned char *)line, len)) != 0)
			return r->json = NULL, pm_err_set(e, "%s:%lu: %s",
			    r->name, r->lineno, bad == BAD_UTF8 ?
			    "not valid UTF-8" : "a NUL character in the line"),
			    PM_READ_BAD;
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
