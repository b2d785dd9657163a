#include "pm_csvcell.h"

#include <csv.h>

/* Bytes that make a cell need quotes, per delimiter (pm_csv_special). */
static const char need_csv[] = "\",\r\n";
static const char need_tsv[] = "\"\t\r\n";

static int
guarded(const struct pm_fmt_w *w, const char *s)
{
	return pm_csv_guard_char(s[0]) && w->o->guard && !pm_fmt_is_number(s);
}

int
pm_csv_text(struct pm_fmt_w *w, char delim, const char *s)
{
	size_t n, plain, at;
	int g;

	if (s == NULL || *s == '\0')
		return 0;
	g = guarded(w, s);
	plain = strcspn(s, delim == '\t' ? need_tsv : need_csv);
	if (s[plain] == '\0') {
		if (g && pm_fmt_putc(w, '\'') != 0)
			return -1;
		return pm_fmt_put(w, s, plain);
	}
	n = plain + strlen(s + plain);
	/* libcsv writes "..." with quotes doubled: at most 2n + 2 bytes, and
	 * one more for the guard. */
	if (w->cap - w->len < 2 * n + 3 && pm_fmt_room(w, 2 * n + 3) != 0)
		return -1;
	if (!g) {
		w->len += csv_write2(w->buf + w->len, w->cap - w->len, s, n, '"');
		return 0;
	}
	/* Written one byte on, then its opening quote becomes the guard. */
	at = w->len;
	w->len += 1 + csv_write2(w->buf + at + 1, w->cap - at - 1, s, n, '"');
	w->buf[at] = '"';
	w->buf[at + 1] = '\'';
	return 0;
}

int
pm_csv_eol(struct pm_fmt_w *w)
{
	return w->o->excel ? pm_fmt_put(w, "\r\n", 2) : pm_fmt_putc(w, '\n');
}

int
pm_csv_bom(struct pm_fmt_w *w)
{
	return w->o->excel ? pm_fmt_put(w, "\xef\xbb\xbf", 3) : 0;
}

int
pm_csv_ts(struct pm_fmt_w *w, int64_t ts)
{
	/* Formatted in place; RFC 3339, the default, on every row, goes
	 * straight to pm_rfc3339_format (which caches the second). */
	if (w->cap - w->len < PM_FMT_TEXT_MAX &&
	    pm_fmt_room(w, PM_FMT_TEXT_MAX) != 0)
		return -1;
	if (w->o->ts_format == PM_TSF_RFC3339 && ts != PM_TS_NONE) {
		pm_rfc3339_format(ts, w->buf + w->len);
		w->len += PM_TS_LEN;
	} else {
		w->len += pm_fmt_ts(w, ts, w->buf + w->len);
	}
	return 0;
}
