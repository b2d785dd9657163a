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

/* The end of a row: CRLF with --excel, else LF. */
int pm_csv_eol(struct pm_fmt_w *w);

/* The UTF-8 byte order mark, with --excel. */
int pm_csv_bom(struct pm_fmt_w *w);

/* A row's time cell, as --ts-format says (empty without one). */
int pm_csv_ts(struct pm_fmt_w *w, int64_t ts);

#endif
