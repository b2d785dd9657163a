#include "pm_fmt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "pm_series.h"

#define PENDING_MAX (64 * 1024)

static const struct pm_fmt *const formats[] = {
	&pm_fmt_csv, &pm_fmt_tsv, &pm_fmt_json, &pm_fmt_ndjson,
	&pm_fmt_prometheus, &pm_fmt_influx, &pm_fmt_markdown, &pm_fmt_html,
	&pm_fmt_svg, NULL,
};

const char pm_fmt_names[] =
    "csv tsv json ndjson prometheus influx markdown html svg";

const struct pm_fmt *
pm_fmt_find(const char *name, int wide)
{
	size_t i;

	if (wide) {
		if (strcmp(name, "csv") == 0)
			return &pm_fmt_csv_wide;
		if (strcmp(name, "tsv") == 0)
			return &pm_fmt_tsv_wide;
		return NULL;
	}
	for (i = 0; formats[i] != NULL; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

int
pm_fmt_init(struct pm_fmt_w *w, const struct pm_fmt *f,
    const struct pm_fmt_opts *o, FILE *fp, struct pm_err *e)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->o = o;
	w->fmt = f;
	w->ts_sec = INT64_MIN;
	if ((w->buf = malloc(PENDING_MAX)) == NULL)
		return pm_fmt_nomem(e);
	w->cap = PENDING_MAX;
	if (f->state_size > 0 && (w->state = calloc(1, f->state_size)) == NULL)
		return pm_fmt_nomem(e);
	return 0;
}

void
pm_fmt_release(struct pm_fmt_w *w)
{
	if (w->fmt != NULL && w->fmt->release != NULL && w->state != NULL)
		w->fmt->release(w);
	free(w->state);
	w->state = NULL;
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

int
pm_fmt_flush(struct pm_fmt_w *w)
{
	if (w->err != 0) {
		errno = w->err;
		return -1;
	}
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len) {
		w->err = errno ? errno : EIO;
		return -1;
	}
	w->len = 0;
	return 0;
}

int
pm_fmt_room(struct pm_fmt_w *w, size_t n)
{
	char *nb;
	size_t cap;

	if (w->fp != NULL && pm_fmt_flush(w) != 0)
		return -1;
	if (w->cap - w->len >= n)
		return 0;
	/* One record longer than the buffer (or a string being built):
	 * grow it to fit. */
	for (cap = w->cap ? w->cap : 256; cap - w->len < n; cap *= 2)
		;
	if ((nb = realloc(w->buf, cap)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	w->buf = nb;
	w->cap = cap;
	return 0;
}

int
pm_fmt_puts(struct pm_fmt_w *w, const char *s)
{
	return pm_fmt_put(w, s, strlen(s));
}

int
pm_fmt_write_failed(struct pm_fmt_w *w, struct pm_err *e)
{
	if (w->err == 0)
		return pm_fmt_nomem(e);
	errno = w->err;
	return pm_err_errno(e, "write error on %s", w->o->label ?
	    w->o->label : "output");
}

int
pm_fmt_nomem(struct pm_err *e)
{
	errno = ENOMEM;
	return pm_err_set(e, "out of memory");
}

/* Local time of sec, cached per second (localtime_r reads the zone). */
static void
local_second(struct pm_fmt_w *w, int64_t sec)
{
	struct tm tm;
	time_t tt = (time_t)sec;

	if (sec == w->ts_sec)
		return;
	localtime_r(&tt, &tm);
	w->ts_len = (size_t)snprintf(w->ts_text, sizeof(w->ts_text),
	    "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	w->ts_gmtoff = tm.tm_gmtoff;
	w->ts_sec = sec;
}

size_t
pm_fmt_ts(struct pm_fmt_w *w, int64_t ts, char buf[PM_FMT_TEXT_MAX])
{
	int64_t sec = ts / PM_NS_PER_S, rem = ts % PM_NS_PER_S, ms, day;
	double days;
	int n;

	if (ts == PM_TS_NONE) {
		buf[0] = '\0';
		return 0;
	}
	if (rem < 0) {
		sec--;
		rem += PM_NS_PER_S;
	}
	ms = rem / PM_NS_PER_MS;
	switch (w->o->ts_format) {
	case PM_TSF_LOCAL:
		local_second(w, sec);
		memcpy(buf, w->ts_text, w->ts_len + 1);
		if (ms == 0)
			return w->ts_len;
		n = snprintf(buf + w->ts_len, PM_FMT_TEXT_MAX - w->ts_len,
		    ".%03d", (int)ms);
		return w->ts_len + (size_t)n;
	case PM_TSF_EPOCH:
		if (ms == 0)
			n = snprintf(buf, PM_FMT_TEXT_MAX, "%lld", (long long)sec);
		else
			n = snprintf(buf, PM_FMT_TEXT_MAX, "%lld.%03d",
			    (long long)sec, (int)ms);
		return (size_t)n;
	case PM_TSF_EXCEL:
		/* Day 25569 is 1970-01-01 in the 1900 date system.  Whole days
		 * and the milliseconds of the day apart: one rounding each. */
		local_second(w, sec);
		sec += w->ts_gmtoff;
		day = sec / 86400 - (sec % 86400 < 0);
		days = (double)(25569 + day) + (double)((sec - day * 86400) *
		    1000 + ms) / 86400000.0;
		return pm_number_format(days, buf);
	case PM_TSF_RFC3339:
	default:
		pm_rfc3339_format(ts, buf);
		return PM_TS_LEN;
	}
}

size_t
pm_fmt_value(const struct pm_fmt_opts *o, double v, char buf[PM_FMT_TEXT_MAX])
{
	int n;

	/* %f of a huge number is hundreds of digits: those keep pm's form. */
	if (o->precision < 0 || fabs(v) >= 1e15)
		return pm_number_format(v, buf);
	n = snprintf(buf, PM_FMT_TEXT_MAX, "%.*f", o->precision, v);
	if (n <= 0 || n >= PM_FMT_TEXT_MAX)
		return pm_number_format(v, buf);
	if (memchr(buf, '.', (size_t)n) != NULL) {
		while (buf[n - 1] == '0')
			n--;
		if (buf[n - 1] == '.')
			n--;
	}
	buf[n] = '\0';
	if (strcmp(buf, "-0") == 0) {
		buf[0] = '0';
		buf[1] = '\0';
		n = 1;
	}
	return (size_t)n;
}

static const char *
digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

int
pm_fmt_is_number(const char *s)
{
	const char *d;

	if (*s == '+' || *s == '-')
		s++;
	d = digits(s);
	if (*d == '.') {
		const char *f = digits(d + 1);

		if (d == s && f == d + 1)
			return 0;
		d = f;
	} else if (d == s) {
		return 0;
	}
	if (*d == 'e' || *d == 'E') {
		const char *x = d + 1;

		if (*x == '+' || *x == '-')
			x++;
		d = digits(x);
		if (d == x)
			return 0;
	}
	return *d == '\0';
}

static const char *const fields[] = { "host", "metric", "unit", "labels" };

/* The field at s ("{host}" ...): its index, 4 for {labels.KEY} (key set),
 * or -1. */
static int
field(const char *s, const char **key, size_t *keylen, const char **end)
{
	const char *close = strchr(s, '}');
	size_t i, n;

	if (*s != '{' || close == NULL)
		return -1;
	n = (size_t)(close - s - 1);
	*end = close + 1;
	for (i = 0; i < 4; i++)
		if (strlen(fields[i]) == n && memcmp(s + 1, fields[i], n) == 0)
			return (int)i;
	if (n > 7 && memcmp(s + 1, "labels.", 7) == 0) {
		*key = s + 8;
		*keylen = n - 7;
		return 4;
	}
	return -1;
}

int
pm_fmt_name_valid(const char *tmpl, struct pm_err *e)
{
	const char *s, *key, *end;
	size_t keylen;

	for (s = tmpl; (s = strchr(s, '{')) != NULL; s = end)
		if (field(s, &key, &keylen, &end) < 0)
			return pm_err_set(e, "unknown field '%.*s' (host, "
			    "metric, unit, labels, labels.KEY)",
			    (int)strcspn(s, "}") + (strchr(s, '}') != NULL), s);
	return 0;
}

static int
labels_text(struct pm_fmt_w *w, const struct pm_series *s)
{
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		if ((i > 0 && pm_fmt_putc(w, ',') != 0) ||
		    pm_fmt_puts(w, s->labels[i].key) != 0 ||
		    pm_fmt_putc(w, '=') != 0 ||
		    pm_fmt_puts(w, s->labels[i].value) != 0)
			return -1;
	return 0;
}

int
pm_fmt_series_name(struct pm_fmt_w *w, const char *tmpl,
    const struct pm_series *s)
{
	const char *key, *end, *v;
	size_t keylen, i;

	if (tmpl == NULL) {
		if (s->host != NULL && (pm_fmt_puts(w, s->host) != 0 ||
		    pm_fmt_putc(w, '/') != 0))
			return -1;
		if (pm_fmt_puts(w, s->metric) != 0)
			return -1;
		if (s->nlabels > 0 && (pm_fmt_putc(w, '{') != 0 ||
		    labels_text(w, s) != 0 || pm_fmt_putc(w, '}') != 0))
			return -1;
		return 0;
	}
	while (*tmpl != '\0') {
		int f = field(tmpl, &key, &keylen, &end);

		if (f < 0) {
			if (pm_fmt_putc(w, *tmpl++) != 0)
				return -1;
			continue;
		}
		tmpl = end;
		v = NULL;
		if (f == 0)
			v = s->host;
		else if (f == 1)
			v = s->metric;
		else if (f == 2)
			v = s->unit;
		else if (f == 3 && labels_text(w, s) != 0)
			return -1;
		for (i = 0; f == 4 && i < s->nlabels; i++)
			if (strncmp(s->labels[i].key, key, keylen) == 0 &&
			    s->labels[i].key[keylen] == '\0')
				v = s->labels[i].value;
		if (v != NULL && pm_fmt_puts(w, v) != 0)
			return -1;
	}
	return 0;
}
