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
 * export, so lines are looked at with memchr:
 * - a line with a backslash anywhere (an escape, maybe "label\u0073") is
 *   parsed in full;
 * - a line with no object inside its top-level one has no labels;
 * - the first inner object must be the value of a "labels" member ("labels"
 *   : before it: being the first, it is then a top-level member, as one in
 *   an array would follow '[' or ',') holding plain "key":"value" pairs,
 *   with no other object after it on the line; else the line is parsed in
 *   full;
 * - then its keys are read off as they stand (with no backslash in the
 *   line, no string holds a quote).  Most lines repeat the labels of a
 *   line before: the last plain object whose keys were all known is kept,
 *   and a line that holds the same bytes is done with one memcmp.
 * A key not yet in the set is added only after a full parse of its line
 * says the line is a point, so a bad line never adds a column.
 */
struct scan {
	struct pm_keyset *ks;
	struct pm_jsonmem mem;
	size_t max_line;
	int nomem;
	char last[256];		/* the last plain, known labels object */
	size_t lastlen;
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

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static const char *
ws(const char *s, const char *le)
{
	while (s < le && is_ws(*s))
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

/* The labels object at s ('{') of a line without backslashes: its closing
 * brace, or NULL when it is not plain (a full parse decides); *fresh says
 * whether it holds a key not in the set. */
static const char *
plain_labels(struct scan *sc, const char *s, const char *le, int *fresh)
{
	const char *k, *q;

	*fresh = 0;
	s = ws(s + 1, le);
	if (s < le && *s == '}')
		return s;
	for (;;) {
		if ((q = string_end(k = s, le)) == NULL)
			return NULL;
		if (pm_keyset_find(sc->ks, k + 1, (size_t)(q - k - 1)) < 0)
			*fresh = 1;
		s = ws(q + 1, le);
		if (s >= le || *s++ != ':')
			return NULL;
		if ((q = string_end(ws(s, le), le)) == NULL)
			return NULL;
		s = ws(q + 1, le);
		if (s < le && *s == '}')
			return s;
		if (s >= le || *s++ != ',')
			return NULL;
		s = ws(s, le);
	}
}

/* Whether the object at o is the value of a "labels" member: "labels",
 * blanks, ':', blanks before it (and after first). */
static int
labels_member(const char *first, const char *o)
{
	const char *s = o;

	while (s > first && is_ws(s[-1]))
		s--;
	if (s <= first || *--s != ':')
		return 0;
	while (s > first && is_ws(s[-1]))
		s--;
	return s - first > 8 && memcmp(s - 8, "\"labels\"", 8) == 0;
}

static void
scan_line(struct scan *sc, const char *ls, const char *le, int backslash)
{
	const char *first = ws(ls, le), *o, *end;
	size_t n;
	int fresh;

	if ((size_t)(le - ls) > sc->max_line || first >= le || *first != '{')
		return;
	if (backslash)
		goto full;
	if ((o = memchr(first + 1, '{', (size_t)(le - first - 1))) == NULL)
		return;		/* no labels object */
	if (!labels_member(first, o))
		goto full;
	n = sc->lastlen;
	if (n > 0 && (size_t)(le - o) >= n && memcmp(o, sc->last, n) == 0) {
		end = o + n - 1;
	} else {
		if ((end = plain_labels(sc, o, le, &fresh)) == NULL || fresh)
			goto full;
		n = (size_t)(end - o) + 1;
		if (n <= sizeof(sc->last)) {
			memcpy(sc->last, o, n);
			sc->lastlen = n;
		}
	}
	/* Another object after it: maybe a second labels member. */
	if (memchr(end + 1, '{', (size_t)(le - end - 1)) == NULL)
		return;
full:
	full_parse(sc, ls, le);
}

static void
scan_region(struct scan *sc, const char *p, const char *end)
{
	const char *bs = memchr(p, '\\', (size_t)(end - p)), *le;

	for (; p < end; p = le + 1) {
		if ((le = memchr(p, '\n', (size_t)(end - p))) == NULL)
			le = end;
		if (bs != NULL && bs < p)
			bs = memchr(p, '\\', (size_t)(end - p));
		scan_line(sc, p, le, bs != NULL && bs < le);
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
	struct scan sc = { ks, { 0 }, max_line, 0, { 0 }, 0 };
	size_t cap = 256 * 1024, i;	/* grows for a longer line */
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
