#include "pm_keyscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_jsonmem.h"
#include "pm_point.h"

int
pm_keyscan_possible(char *const *paths, size_t npaths)
{
	struct stat st;
	size_t i;

	if (npaths == 0)
		return fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);
	for (i = 0; i < npaths; i++) {
		int ok = strcmp(paths[i], "-") == 0 ?
		    fstat(STDIN_FILENO, &st) == 0 : stat(paths[i], &st) == 0;

		/* A missing file is the real pass's to report. */
		if (ok && !S_ISREG(st.st_mode))
			return 0;
	}
	return 1;
}

/*
 * The scan.  A full JSON parse of every line would double the cost of an
 * export, so lines are looked at with memchr and memmem:
 * - a line with a backslash anywhere (an escape, maybe "label\u0073") is
 *   parsed in full;
 * - so is a line whose "labels" member is not plainly the top-level one (a
 *   '{' or '[' before it), or whose labels object is not plain
 *   "key":"value" pairs;
 * - otherwise the keys are read off the labels object as they stand (with
 *   no backslash in the line, no string holds a quote).
 * A key not yet in the set is added only after a full parse of its line
 * says the line is a point, so a bad line never adds a column.
 */
struct scan {
	struct pm_keyset *ks;
	struct pm_jsonmem mem;
	size_t max_line;
	int nomem;
};

static void
full_parse(struct scan *sc, const char *ls, const char *le)
{
	struct pm_point p;
	const char *rest;
	cJSON *json = pm_jsonmem_parse(&sc->mem, ls, (size_t)(le - ls), &rest);
	size_t i;

	if (json == NULL || pm_point_from_json(&p, json, NULL) != 0)
		return;
	for (; rest < le; rest++)
		if (*rest != ' ' && *rest != '\t' && *rest != '\r')
			return;
	for (i = 0; i < p.nlabels; i++)
		if (pm_keyset_add(sc->ks, p.labels[i].key,
		    strlen(p.labels[i].key)) < 0)
			sc->nomem = 1;
}

static const char *
ws(const char *s, const char *le)
{
	while (s < le && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s;
}

/* A plain string at s: its end quote, or NULL. */
static const char *
string_end(const char *s, const char *le)
{
	if (s >= le || *s != '"')
		return NULL;
	return memchr(s + 1, '"', (size_t)(le - s - 1));
}

/* The labels object at s of a line without backslashes.  Returns -1 when
 * it is not plain (a full parse decides), 1 when it holds a new key. */
static int
plain_labels(struct scan *sc, const char *s, const char *le)
{
	const char *k, *q;
	int fresh = 0;

	s = ws(s, le);
	if (s >= le || *s++ != '{')
		return -1;
	s = ws(s, le);
	if (s < le && *s == '}')
		return 0;
	for (;;) {
		if ((q = string_end(k = s, le)) == NULL)
			return -1;
		if (pm_keyset_find(sc->ks, k + 1, (size_t)(q - k - 1)) < 0)
			fresh = 1;
		s = ws(q + 1, le);
		if (s >= le || *s++ != ':')
			return -1;
		if ((q = string_end(ws(s, le), le)) == NULL)
			return -1;
		s = ws(q + 1, le);
		if (s < le && *s == '}')
			return fresh;
		if (s >= le || *s++ != ',')
			return -1;
		s = ws(s, le);
	}
}

/* The next "labels" in [p, end), or NULL.  memchr for its rare 'b' beats
 * memmem's byte-by-byte hashing by about two to one. */
static const char *
find_labels(const char *p, const char *end)
{
	const char *b = p + 3;

	while (b + 4 < end && (b = memchr(b, 'b', (size_t)(end - b - 4))) != NULL) {
		if (memcmp(b - 3, "\"lab", 4) == 0 && memcmp(b + 1, "els\"", 4) == 0)
			return b - 3;
		b++;
	}
	return NULL;
}

static void
scan_line(struct scan *sc, const char *ls, const char *le, int backslash)
{
	const char *first = ws(ls, le), *h = first, *member = NULL, *s;

	if ((size_t)(le - ls) > sc->max_line || first >= le || *first != '{')
		return;
	if (backslash)
		goto full;
	while ((h = find_labels(h, le)) != NULL) {
		s = ws(h + 8, le);
		h += 8;
		if (s >= le || *s != ':')
			continue;	/* a string value "labels" */
		if (member != NULL)
			goto full;	/* two of them */
		member = s + 1;
		if (memchr(first + 1, '{', (size_t)(member - first - 1)) ||
		    memchr(first + 1, '[', (size_t)(member - first - 1)))
			goto full;	/* maybe nested */
	}
	if (member == NULL || plain_labels(sc, member, le) == 0)
		return;
full:
	full_parse(sc, ls, le);
}

static void
scan_region(struct scan *sc, const char *p, const char *end)
{
	const char *hit = p, *bs = p;

	while (p < end) {
		const char *ev, *ls, *le;

		if (hit != NULL && hit < p)
			hit = p;
		if (hit == p)
			hit = find_labels(p, end);
		if (bs != NULL && bs <= p)
			bs = memchr(p, '\\', (size_t)(end - p));
		if (hit == NULL && bs == NULL)
			return;
		ev = hit == NULL ? bs : bs == NULL ? hit : hit < bs ? hit : bs;
		ls = memrchr(p, '\n', (size_t)(ev - p));
		ls = ls == NULL ? p : ls + 1;
		if ((le = memchr(ev, '\n', (size_t)(end - ev))) == NULL)
			le = end;
		scan_line(sc, ls, le, bs != NULL && bs < le);
		p = le + 1;
	}
}

static void
scan_fd(struct scan *sc, int fd, char **buf, size_t *cap)
{
	size_t len = 0;
	int skipping = 0;

	for (;;) {
		ssize_t n = read(fd, *buf + len, *cap - len);
		const char *nl, *start = *buf;
		size_t end;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;
		len += (size_t)n;
		if (len == 0)
			return;
		nl = n == 0 ? *buf + len - 1 : memrchr(*buf, '\n', len);
		if (nl == NULL) {
			char *nb;

			if (len > sc->max_line) {
				skipping = 1;	/* a line too long: drop it */
				len = 0;
				continue;
			}
			if (len < *cap)
				continue;
			if ((nb = realloc(*buf, *cap * 2)) == NULL) {
				sc->nomem = 1;
				return;
			}
			*buf = nb;
			*cap *= 2;
			continue;
		}
		end = (size_t)(nl - *buf) + 1;
		if (skipping) {
			start = memchr(*buf, '\n', end);
			start = start != NULL ? start + 1 : *buf + end;
			skipping = 0;
		}
		scan_region(sc, start, *buf + end);
		memmove(*buf, *buf + end, len - end);
		len -= end;
		if (n == 0)
			return;
	}
}

int
pm_keyscan(struct pm_keyset *ks, char *const *paths, size_t npaths,
    size_t max_line, struct pm_err *e)
{
	static char *const stdin_only[] = { "-" };
	struct scan sc = { ks, { 0 }, max_line, 0 };
	size_t cap = 1024 * 1024, i;
	char *buf = malloc(cap);

	if (buf == NULL)
		return pm_err_set(e, "out of memory");
	if (npaths == 0) {
		paths = stdin_only;
		npaths = 1;
	}
	pm_jsonmem_init(&sc.mem);
	for (i = 0; i < npaths && !sc.nomem; i++) {
		if (strcmp(paths[i], "-") == 0) {
			off_t at = lseek(STDIN_FILENO, 0, SEEK_CUR);

			if (at < 0)
				continue;
			scan_fd(&sc, STDIN_FILENO, &buf, &cap);
			lseek(STDIN_FILENO, at, SEEK_SET);
		} else {
			int fd = open(paths[i], O_RDONLY | O_CLOEXEC);

			if (fd < 0)
				continue;
			scan_fd(&sc, fd, &buf, &cap);
			close(fd);
		}
	}
	pm_jsonmem_release(&sc.mem);
	free(buf);
	if (sc.nomem)
		return pm_err_set(e, "out of memory");
	return 0;
}
