/* pm_fmt: the output formats of pm-export, one writer per lib file behind
 * one interface.
 *
 * A writer is a table of callbacks: begin once, point for every point read,
 * pause when the input goes quiet (optional), end once, release always.
 * Writers that stream (csv, ndjson, influx) write as points come; writers
 * that need the whole input (prometheus, --wide, markdown) hold what they
 * need and write at end.  Writers append to the pending buffer of struct
 * pm_fmt_w (pm_fmt_put); it goes to the FILE when it fills, at end, and
 * when the command calls pm_fmt_flush (before it waits for input).
 *
 * To add a format: write lib/pm_fmt_NAME.c defining a const struct pm_fmt,
 * declare it below and list it in pm_fmt.c.
 *
 * Ownership: the caller owns fp and the options (which must outlive the
 * writer); the writer owns its state and the pending buffer.  Points are
 * borrowed for the duration of the point callback only: a writer that
 * keeps one copies it.
 */
#ifndef PM_FMT_H
#define PM_FMT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pm_err.h"
#include "pm_point.h"

enum pm_ts_format {
	PM_TSF_RFC3339,		/* 2026-11-22T15:30:00.123Z */
	PM_TSF_LOCAL,		/* 2026-11-22 16:30:00.123, local time (TZ) */
	PM_TSF_EPOCH,		/* 1795363800.123 */
	PM_TSF_EXCEL,		/* days since 1899-12-30, local time */
};

/* Settings from the command line; each writer reads those it knows. */
struct pm_fmt_opts {
	enum pm_ts_format ts_format;
	int precision;		/* decimals of values; -1: as pm writes them */
	int guard;		/* csv/tsv: formula guard on text cells */
	int excel;		/* csv/tsv: UTF-8 BOM and CRLF */
	int64_t every;		/* --wide buckets, ns; 0: one row per time */
	const char *name_tmpl;	/* --wide column names; NULL: the default */
	char **columns;		/* csv/tsv: label columns (--columns or a
				 * first pass over the input) */
	size_t ncolumns;
	int columns_known;	/* columns is the whole set: no holding back */
	const char *prefix;	/* prometheus, influx: namespace ("pm") */
	char *const *counters;	/* metrics (fnmatch globs) that are counters */
	size_t ncounters;
	int timestamps;		/* prometheus: every sample, with its time */
	size_t max_series;	/* writers that hold series: most (0: none) */
	const char *label;	/* name of the output, for messages */
};

struct pm_fmt;

struct pm_fmt_w {
	FILE *fp;
	const struct pm_fmt_opts *o;
	const struct pm_fmt *fmt;
	void *state;		/* the format's own, state_size bytes, zeroed */
	char *buf;		/* pending output */
	size_t len, cap;
	int err;		/* errno of the first failed write, or 0 */
	/* Private: the last second pm_fmt_ts formatted. */
	int64_t ts_sec;
	char ts_text[32];
	size_t ts_len;
	long ts_gmtoff;
};

/* Return values of point: */
enum {
	PM_FMT_FAIL = -1,	/* no memory or a write error: stop (e says) */
	PM_FMT_OK = 0,
	PM_FMT_SKIP = 1,	/* this point cannot be written (e says why) */
	PM_FMT_DROP = 2,	/* it would start a series past max_series */
};

struct pm_fmt {
	const char *name;
	int arg;		/* the writer's own: csv's delimiter */
	unsigned flags;
	size_t state_size;
	/* Each returns 0, or -1 with e; point as below.  Those marked may
	 * be NULL. */
	int (*begin)(struct pm_fmt_w *w, struct pm_err *e);	/* or NULL */
	int (*point)(struct pm_fmt_w *w, const struct pm_point *p,
	    struct pm_err *e);
	int (*pause)(struct pm_fmt_w *w, struct pm_err *e);	/* or NULL */
	int (*end)(struct pm_fmt_w *w, struct pm_err *e);	/* or NULL */
	void (*release)(struct pm_fmt_w *w);			/* or NULL */
};

enum pm_fmt_flags {
	PM_FMT_KEYS = 1 << 0,	/* wants every label key up front (columns) */
	PM_FMT_CELLS = 1 << 1,	/* csv-like: --excel, guard, --columns apply */
	PM_FMT_HOLDS = 1 << 2,	/* keeps the input until end */
};

extern const struct pm_fmt pm_fmt_csv, pm_fmt_tsv, pm_fmt_csv_wide,
    pm_fmt_tsv_wide, pm_fmt_json, pm_fmt_ndjson, pm_fmt_prometheus,
    pm_fmt_influx, pm_fmt_markdown, pm_fmt_html, pm_fmt_svg;

/* The format called name (wide: the --wide pivot of csv or tsv), or NULL. */
const struct pm_fmt *pm_fmt_find(const char *name, int wide);

/* Space-separated names of every format, for --help and completion. */
extern const char pm_fmt_names[];

int pm_fmt_init(struct pm_fmt_w *w, const struct pm_fmt *f,
    const struct pm_fmt_opts *o, FILE *fp, struct pm_err *e);
void pm_fmt_release(struct pm_fmt_w *w);

/* Write the pending output to fp; -1 with w->err set on failure. */
int pm_fmt_flush(struct pm_fmt_w *w);

/* Make room for n more pending bytes (flushing or growing).  A writer
 * with no FILE (fp NULL, the rest zeroed) only grows: a string builder. */
int pm_fmt_room(struct pm_fmt_w *w, size_t n);

static inline int
pm_fmt_put(struct pm_fmt_w *w, const char *s, size_t n)
{
	if (w->cap - w->len < n && pm_fmt_room(w, n) != 0)
		return -1;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	return 0;
}

static inline int
pm_fmt_putc(struct pm_fmt_w *w, char c)
{
	if (w->len == w->cap && pm_fmt_room(w, 1) != 0)
		return -1;
	w->buf[w->len++] = c;
	return 0;
}

int pm_fmt_puts(struct pm_fmt_w *w, const char *s);

/* The errors writers return: "write error" (errno in w->err) or no memory. */
int pm_fmt_write_failed(struct pm_fmt_w *w, struct pm_err *e);
int pm_fmt_nomem(struct pm_err *e);

#define PM_FMT_TEXT_MAX 64

/* A time as o->ts_format says; returns its length. */
size_t pm_fmt_ts(struct pm_fmt_w *w, int64_t ts, char buf[PM_FMT_TEXT_MAX]);

/* A value with o->precision decimals at most (trailing zeros dropped), or
 * as pm_number_format writes it when precision is -1. */
size_t pm_fmt_value(const struct pm_fmt_opts *o, double v,
    char buf[PM_FMT_TEXT_MAX]);

/* Series names for column headers and legends.  tmpl holds text and
 * {host}, {metric}, {unit}, {labels} (k=v,k=v) and {labels.KEY}; NULL
 * gives host/metric{k=v,...} (host/ and {...} left out when empty).
 * The name is appended to w. */
struct pm_series;
int pm_fmt_name_valid(const char *tmpl, struct pm_err *e);
int pm_fmt_series_name(struct pm_fmt_w *w, const char *tmpl,
    const struct pm_series *s);

/* Whether s is a plain decimal number as spreadsheets read one
 * ("-1", "2.5e3"), which the formula guard leaves alone. */
int pm_fmt_is_number(const char *s);

#endif
