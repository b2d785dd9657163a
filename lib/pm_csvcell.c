#include "pm_csvcell.h"

#include <csv.h>

/* Bytes that make a cell need quotes, per delimiter. */
static const char need_csv[] = "\",\r\n";
static const char need_tsv[] = "\"\t\r\n";

static int
guarded(const struct pm_fmt_w *w, const char *s)
{
	switch (s[0]) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
		return w->o->guard && !pm_fmt_is_number(s);
	default:
		return 0;
	}
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
	char buf[PM_FMT_TEXT_MAX];
	size_t n = pm_fmt_ts(w, ts, buf);

	return pm_fmt_put(w, buf, n);
}
