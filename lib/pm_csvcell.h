/* pm_csvcell: cells of CSV and TSV output, shared by the long and the wide
 * (--wide) writers.
 *
 * Text cells are quoted only when they must be (they hold the delimiter, a
 * quote, CR or LF), through libcsv, which doubles inner quotes.  With the
 * formula guard on, a text cell that starts with = + - @ tab or CR and is
 * not a plain number gets a leading ' so that spreadsheets take it as text
 * (OWASP "CSV injection").  Numbers are written as they are.
 */
#ifndef PM_CSVCELL_H
#define PM_CSVCELL_H

#include "pm_fmt.h"

/* A text cell (NULL: empty), then nothing: the caller writes delimiters. */
int pm_csv_text(struct pm_fmt_w *w, char delim, const char *s);

/* Whether a text cell starting with c may need the formula guard. */
static inline int
pm_csv_guard_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/* Whether byte c of a cell makes it need quotes (delim: ',' or '\t'). */
static inline int
pm_csv_special(char c, char delim)
{
	/* All of them are , or below: most bytes pass the first test. */
	return (unsigned char)c <= ',' &&
	    (c == '"' || c == delim || c == '\r' || c == '\n');
}

#define PM_CSV_CELL_FAST 256	/* room the inline copy asks for */

/* The delimiter, then a text cell as pm_csv_text writes it.  Inline: the
 * long form writes several a row, and most are short and plain (no
 * quotes, no guard): one pass tests and copies them; the others (and
 * long ones) go to pm_csv_text. */
static inline int
pm_csv_cell(struct pm_fmt_w *w, char delim, const char *s)
{
	char *d, *lim;
	const char *p;

	if (s == NULL || *s == '\0')
		return pm_fmt_putc(w, delim);
	if (pm_csv_guard_char(s[0]))
		goto other;
	if (w->cap - w->len < PM_CSV_CELL_FAST &&
	    pm_fmt_room(w, PM_CSV_CELL_FAST) != 0)
		return -1;
	d = w->buf + w->len;
	lim = d + PM_CSV_CELL_FAST;
	*d++ = delim;
	for (p = s;; p++) {
		if ((unsigned char)*p <= ',') {	/* the end, or maybe special */
			if (*p == '\0')
				break;
			if (pm_csv_special(*p, delim))
				goto other;
		}
		if (d == lim)
			goto other;
		*d++ = *p;
	}
	w->len = (size_t)(d - w->buf);
	return 0;
other:
	return pm_fmt_putc(w, delim) != 0 ? -1 : pm_csv_text(w, delim, s);
}

/* The end of a row: CRLF with --excel, else LF. */
int pm_csv_eol(struct pm_fmt_w *w);

/* The UTF-8 byte order mark, with --excel. */
int pm_csv_bom(struct pm_fmt_w *w);

/* A row's time cell, as --ts-format says (empty without one). */
int pm_csv_ts(struct pm_fmt_w *w, int64_t ts);

#endif
