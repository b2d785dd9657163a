/* SVG line charts (see pm_chart.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pm_chart.h"
#include "pm_time.h"

#define WIDTH 900
#define PLOT_H 300
#define LEFT 72
#define RIGHT 24
#define TOP 44
#define BOTTOM 46
#define LEGEND_ROW 20
#define LEGEND_COLS 2
#define LEGEND_CHARS 52	/* bytes of a name in the legend */
#define LEGEND_MAX 40		/* entries shown; the rest are counted */

static const char *const colours[] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

const char *
pm_chart_colour(size_t i)
{
	return colours[i % NCOLOURS];
}

static int
put(struct pm_fmt_w *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	return pm_fmt_put(w, buf, (size_t)n < sizeof(buf) ? (size_t)n :
	    sizeof(buf) - 1);
}

int
pm_chart_text(struct pm_fmt_w *w, const char *s)
{
	const char *rep;
	int rc = 0;

	for (; *s != '\0' && rc == 0; s++) {
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: rep = NULL;
		}
		if (rep != NULL)
			rc = pm_fmt_puts(w, rep);
		else if ((unsigned char)*s < ' ')
			rc = pm_fmt_putc(w, ' ');	/* not allowed in XML 1.0 */
		else
			rc = pm_fmt_putc(w, *s);
	}
	return rc;
}

void
pm_chart_number(double v, char buf[32])
{
	static const char sfx[] = "kMGT";
	double a = fabs(v);
	int i = -1;

	if (!isfinite(v) || a < 10000) {
		snprintf(buf, 32, "%.6g", v);
		return;
	}
	while (a >= 1000 && i < 3) {
		a /= 1000;
		v /= 1000;
		i++;
	}
	/* a >= 10000: the loop ran, i >= 0 */
	/* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage) */
	snprintf(buf, 32, "%.3g%c", v, sfx[i]);
}

/* A step of 1, 2 or 5 times a power of ten near span / n. */
static double
nice_step(double span, int n)
{
	double raw = span / n, p = pow(10, floor(log10(raw))), f = raw / p;

	return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/* Time steps, seconds: the first that gives at most 7 ticks. */
static int64_t
time_step(int64_t span_ns)
{
	static const int64_t steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300,
	    600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
	    604800, 2592000, 31536000 };
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) - 1; i++)
		if (span_ns / (steps[i] * PM_NS_PER_S) <= 7)
			break;
	return steps[i] * PM_NS_PER_S;
}

static void
time_label(int64_t ns, int64_t step, char buf[32])
{
	time_t t = (time_t)(ns / PM_NS_PER_S);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (step >= 86400 * PM_NS_PER_S)
		strftime(buf, 32, "%Y-%m-%d", &tm);
	else if (step >= 60 * PM_NS_PER_S)
		strftime(buf, 32, "%H:%M", &tm);
	else
		strftime(buf, 32, "%H:%M:%S", &tm);
}

struct frame {
	int64_t t0, t1;
	double v0, v1, step;
	int x0, x1, y0, y1;	/* the plot area; y0 at the top */
};

static double
fx(const struct frame *f, int64_t t)
{
	return f->x0 + (double)(t - f->t0) / (double)(f->t1 - f->t0) *
	    (f->x1 - f->x0);
}

static double
fy(const struct frame *f, double v)
{
	return f->y1 - (v - f->v0) / (f->v1 - f->v0) * (f->y1 - f->y0);
}

/* The value range over every timed sample, widened to whole steps. */
static void
value_range(const struct pm_chart *c, struct frame *f)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i, k;

	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->s[i]->n; k++) {
			double v = c->s[i]->s[k].v;

			if (c->s[i]->s[k].ts == PM_TS_NONE || !isfinite(v))
				continue;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	if (lo > hi) {
		lo = 0;
		hi = 1;
	}
	if (lo > 0 && lo < (hi - lo) * 0.5)
		lo = 0;		/* show the zero when it is near */
	if (lo == hi) {
		lo -= fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
		hi += fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
	}
	f->step = nice_step(hi - lo, 5);
	f->v0 = floor(lo / f->step) * f->step;
	f->v1 = ceil(hi / f->step) * f->step;
}

static int
axes(struct pm_fmt_w *w, const struct pm_chart *c, const struct frame *f)
{
	int64_t ts = time_step(f->t1 - f->t0), t;
	char buf[32];
	double v, y;

	if (put(w, "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">") != 0)
		return -1;
	for (v = f->v0; v <= f->v1 + f->step / 2; v += f->step)
		if (put(w, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
		    f->x0, f->x1, fy(f, v), fy(f, v)) != 0)
			return -1;
	for (t = (f->t0 / ts + (f->t0 % ts > 0)) * ts; t <= f->t1; t += ts)
		if (put(w, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>",
		    fx(f, t), fx(f, t), f->y0, f->y1) != 0)
			return -1;
	if (put(w, "</g>\n<g class=\"yaxis\" fill=\"#555\" "
	    "text-anchor=\"end\">") != 0)
		return -1;
	for (v = f->v0; v <= f->v1 + f->step / 2; v += f->step) {
		y = fy(f, v);
		pm_chart_number(fabs(v) < f->step / 1e6 ? 0 : v, buf);
		if (put(w, "<text x=\"%d\" y=\"%.1f\">%s</text>", f->x0 - 8,
		    y + 4, buf) != 0)
			return -1;
	}
	if (put(w, "</g>\n<g class=\"xaxis\" fill=\"#555\" "
	    "text-anchor=\"middle\">") != 0)
		return -1;
	for (t = (f->t0 / ts + (f->t0 % ts > 0)) * ts; t <= f->t1; t += ts) {
		time_label(t, ts, buf);
		if (put(w, "<text x=\"%.1f\" y=\"%d\">%s</text>", fx(f, t),
		    f->y1 + 18, buf) != 0)
			return -1;
	}
	if (put(w, "</g>\n<text x=\"%d\" y=\"%d\" fill=\"#555\" "
	    "text-anchor=\"middle\">time (UTC)</text>\n", (f->x0 + f->x1) / 2,
	    f->y1 + 38) != 0)
		return -1;
	if (put(w, "<path d=\"M%d %dV%dH%d\" fill=\"none\" stroke=\"#888\"/>\n",
	    f->x0, f->y0, f->y1, f->x1) != 0)
		return -1;
	if (c->unit != NULL && *c->unit != '\0' &&
	    (put(w, "<text class=\"unit\" transform=\"translate(16 %d) "
	    "rotate(-90)\" fill=\"#555\" text-anchor=\"middle\">",
	    (f->y0 + f->y1) / 2) != 0 || pm_chart_text(w, c->unit) != 0 ||
	    put(w, "</text>\n") != 0))
		return -1;
	return 0;
}

/* The series' name; cut (at a character) after max bytes, if max. */
static int
series_name(struct pm_fmt_w *w, const struct pm_series *s, size_t max)
{
	struct pm_fmt_w sb;
	size_t n;
	int rc;

	memset(&sb, 0, sizeof(sb));
	rc = pm_fmt_series_name(&sb, NULL, s) != 0 || pm_fmt_putc(&sb, '\0') !=
	    0 ? -1 : 0;
	if (rc == 0 && max > 0 && sb.len - 1 > max) {
		n = max;
		while (n > 0 && (sb.buf[n] & 0xc0) == 0x80)
			n--;
		sb.buf[n] = '\0';
	}
	if (rc == 0)
		rc = pm_chart_text(w, sb.buf);
	if (rc == 0 && max > 0 && sb.len - 1 > max)
		rc = pm_fmt_puts(w, "\xe2\x80\xa6");	/* an ellipsis */
	free(sb.buf);
	return rc;
}

static int
line(struct pm_fmt_w *w, const struct frame *f, const struct pm_series *s,
    size_t i)
{
	const char *dash = i >= NCOLOURS ? " stroke-dasharray=\"6 3\"" : "";
	size_t k, timed = 0, last = 0;

	if (put(w, "<g class=\"series\"><title>") != 0 || series_name(w, s, 0) != 0 ||
	    put(w, "</title><polyline fill=\"none\" stroke=\"%s\" "
	    "stroke-width=\"1.75\" stroke-linejoin=\"round\"%s points=\"",
	    pm_chart_colour(i), dash) != 0)
		return -1;
	for (k = 0; k < s->n; k++) {
		if (s->s[k].ts == PM_TS_NONE || !isfinite(s->s[k].v))
			continue;
		if (put(w, "%s%.1f,%.1f", timed ? " " : "", fx(f, s->s[k].ts),
		    fy(f, s->s[k].v)) != 0)
			return -1;
		timed++;
		last = k;
	}
	if (put(w, "\"/>") != 0)
		return -1;
	if (timed == 1 && put(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
	    "fill=\"%s\"/>", fx(f, s->s[last].ts), fy(f, s->s[last].v),
	    pm_chart_colour(i)) != 0)
		return -1;
	return put(w, "</g>\n");
}

static int
legend(struct pm_fmt_w *w, const struct pm_chart *c, const struct frame *f)
{
	int colw = (f->x1 - f->x0) / LEGEND_COLS, x, y;
	size_t i;

	if (put(w, "<g class=\"legend\" fill=\"#333\">") != 0)
		return -1;
	for (i = 0; i < c->n && i < LEGEND_MAX; i++) {
		x = f->x0 + (int)(i % LEGEND_COLS) * colw;
		y = f->y1 + BOTTOM + 14 + (int)(i / LEGEND_COLS) * LEGEND_ROW;
		if (put(w, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
		    "stroke=\"%s\" stroke-width=\"3\"%s/><text x=\"%d\" "
		    "y=\"%d\">", x, x + 18, y - 4, y - 4, pm_chart_colour(i),
		    i >= NCOLOURS ? " stroke-dasharray=\"6 3\"" : "", x + 24,
		    y) != 0 || series_name(w, c->s[i], LEGEND_CHARS) != 0 ||
		    put(w, "</text>") != 0)
			return -1;
	}
	if (c->n > LEGEND_MAX && put(w, "<text x=\"%d\" y=\"%d\">and %zu "
	    "more</text>", f->x0, f->y1 + BOTTOM + 14 + LEGEND_MAX /
	    LEGEND_COLS * LEGEND_ROW, c->n - LEGEND_MAX) != 0)
		return -1;
	return put(w, "</g>\n");
}

int
pm_chart_svg(struct pm_fmt_w *w, const struct pm_chart *c, struct pm_err *e)
{
	size_t shown = c->n < LEGEND_MAX ? c->n : LEGEND_MAX + LEGEND_COLS;
	struct frame f = { .x0 = LEFT, .x1 = WIDTH - RIGHT, .y0 = TOP,
	    .y1 = TOP + PLOT_H };
	int height = f.y1 + BOTTOM + 12 + (int)((shown + LEGEND_COLS - 1) /
	    LEGEND_COLS) * LEGEND_ROW;
	size_t i;

	f.t0 = c->t0;
	f.t1 = c->t1;
	if (f.t1 <= f.t0) {
		f.t0 -= 30 * PM_NS_PER_S;
		f.t1 += 30 * PM_NS_PER_S;
	}
	value_range(c, &f);
	if ((c->standalone &&
	    put(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") != 0) ||
	    put(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"system-ui, "
	    "sans-serif\" font-size=\"12\" role=\"img\">\n<title>", WIDTH,
	    height, WIDTH, height) != 0 || pm_chart_text(w, c->title) != 0 ||
	    put(w, "</title>\n<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#fff\"/>\n<text x=\"%d\" y=\"24\" font-size=\"16\" "
	    "font-weight=\"600\" fill=\"#222\">", LEFT) != 0 ||
	    pm_chart_text(w, c->title) != 0 || put(w, "</text>\n") != 0 ||
	    axes(w, c, &f) != 0)
		return pm_fmt_write_failed(w, e);
	for (i = 0; i < c->n; i++)
		if (line(w, &f, c->s[i], i) != 0)
			return pm_fmt_write_failed(w, e);
	if (legend(w, c, &f) != 0 || put(w, "</svg>\n") != 0)
		return pm_fmt_write_failed(w, e);
	return 0;
}
