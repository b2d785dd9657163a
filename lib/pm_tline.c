/* Lines of a terminal view (see pm_tline.h). */
#include <math.h>
#include <string.h>

#include "pm_tline.h"

static const char *const colours[] = { "", "\033[33m", "\033[1;31m" };

void
pm_tline_init(struct pm_tline *l, int cols, int colour)
{
	l->cols = cols;
	l->colour = colour;
	l->width = 0;
	l->len = 0;
	l->buf[0] = '\0';
}

int
pm_tline_width(const char *s)
{
	int w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
raw(struct pm_tline *l, const char *s, size_t n)
{
	if (l->len + n >= sizeof(l->buf))
		n = sizeof(l->buf) - 1 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

void
pm_tline_add(struct pm_tline *l, const char *text, enum pm_severity s)
{
	const char *p = text, *start;
	int coloured = l->colour && s != PM_OK && *text != '\0' &&
	    l->width < l->cols;

	if (coloured)
		raw(l, colours[s], strlen(colours[s]));
	while (*p != '\0' && l->width < l->cols) {
		start = p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			p++;
		raw(l, start, (size_t)(p - start));
		l->width++;
	}
	if (coloured)
		raw(l, "\033[m", 3);
}

void
pm_tline_cell(struct pm_tline *l, const char *text, int width, int right,
    enum pm_severity s)
{
	char cut[256];
	const char *p;
	int w = pm_tline_width(text), n;

	if (w > width) {
		/* Keep width - 1 characters and mark the cut. */
		for (p = text, n = 0; *p != '\0' && n < width; p++)
			if (((unsigned char)*p & 0xc0) != 0x80)
				n++;
		while (p > text && ((unsigned char)p[-1] & 0xc0) == 0x80)
			p--;
		if (p > text)
			p--;
		snprintf(cut, sizeof(cut), "%.*s~", (int)(p - text), text);
		text = cut;
		w = pm_tline_width(text);
	}
	for (n = w; right && n < width; n++)
		pm_tline_add(l, " ", PM_OK);
	pm_tline_add(l, text, s);
	for (n = w; !right && n < width; n++)
		pm_tline_add(l, " ", PM_OK);
}

void
pm_tline_bar(struct pm_tline *l, double percent, int width,
    enum pm_severity s)
{
	char bar[256];
	int inner = width - 2, full, i;

	if (inner < 1 || inner >= (int)sizeof(bar))
		return;
	if (isnan(percent) || percent < 0)
		percent = 0;
	full = (int)lround(percent > 100 ? inner : percent * inner / 100);
	for (i = 0; i < inner; i++)
		bar[i] = i < full ? '#' : '.';
	bar[inner] = '\0';
	pm_tline_add(l, "[", PM_OK);
	pm_tline_add(l, bar, s);
	pm_tline_add(l, "]", PM_OK);
}

void
pm_tline_spark(struct pm_tline *l, const double *v, int n, double lo,
    double hi)
{
	static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆",
		"▇", "█" };
	long k;
	int i;

	for (i = 0; i < n; i++) {
		if (isnan(v[i])) {
			pm_tline_add(l, " ", PM_OK);
			continue;
		}
		k = hi > lo ? lround((v[i] - lo) / (hi - lo) * 7) : 3;
		pm_tline_add(l, blocks[k < 0 ? 0 : k > 7 ? 7 : k], PM_OK);
	}
}

int
pm_tline_flush(struct pm_tline *l, FILE *fp, int clear)
{
	size_t n = l->len;
	int ok;

	while (n > 0 && l->buf[n - 1] == ' ')
		n--;
	ok = fwrite(l->buf, 1, n, fp) == n &&
	    fputs(clear ? "\033[K\n" : "\n", fp) != EOF;
	pm_tline_init(l, l->cols, l->colour);
	return ok ? 0 : -1;
}
