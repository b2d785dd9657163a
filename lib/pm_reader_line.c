/* One line of NDJSON to a point: the checks that make a line bad, shared
 * by the serial reader and its worker threads. */
#include "pm_reader_int.h"

#include <stdint.h>
#include <string.h>

int
pm_reader_blank(const char *s, size_t len)
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
pm_reader_line(const struct pm_reader *r, struct pm_jsonmem *mem, int more,
    const char *name, unsigned long lineno, const char *line, size_t len,
    cJSON **json, struct pm_point *p, struct pm_err *e)
{
	const char *rest;
	int bad;

	*json = NULL;
	if (pm_reader_blank(line, len))
		return PM_READ_SKIP;
	if (r->want_line != NULL && !r->want_line(r->want_line_arg, line, len))
		return PM_READ_SKIP;
	*json = more ? pm_jsonmem_parse_more(mem, line, len, &rest) :
	    pm_jsonmem_parse(mem, line, len, &rest);
	if (*json != NULL &&
	    !pm_reader_blank(rest, (size_t)(line + len - rest)))
		*json = NULL;
	if (*json == NULL)
		return pm_err_set(e, "%s:%lu: not valid JSON", name, lineno),
		    PM_READ_BAD;
	if ((bad = line_check((const unsigned char *)line, len)) != 0)
		return *json = NULL, pm_err_set(e, "%s:%lu: %s", name, lineno,
		    bad == BAD_UTF8 ? "not valid UTF-8" :
		    "a NUL character in the line"), PM_READ_BAD;
	if (pm_point_from_json(p, *json, e) != 0)
		return pm_err_prefix(e, "%s:%lu", name, lineno), PM_READ_BAD;
	return PM_READ_POINT;
}
