/* pm-export: turn points into CSV, TSV, JSON, Prometheus text, InfluxDB
 * line protocol or Markdown, for spreadsheets, time-series engines and
 * CI summaries.  The formats live in lib/pm_fmt_*.c behind lib/pm_fmt.h. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pm_atomic.h"
#include "pm_cli.h"
#include "pm_fmt.h"
#include "pm_keyscan.h"
#include "pm_maxseries.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_promname.h"
#include "pm_push.h"
#include "pm_reader.h"
#include "pm_time.h"

enum {
	OPT_STRICT = PM_OPT_LONG,
	OPT_COLUMNS,
	OPT_WIDE,
	OPT_EVERY,
	OPT_NAME,
	OPT_NO_GUARD,
	OPT_EXCEL,
	OPT_TS_FORMAT,
	OPT_PRECISION,
	OPT_PREFIX,
	OPT_COUNTER,
	OPT_TIMESTAMPS,
	OPT_PUSH,
	OPT_METHOD,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_NETRC,
	OPT_SPOOL,
	OPT_BATCH,
	OPT_MAX_SERIES,
};

#define COUNTERS_MAX 64

static const struct pm_opt opts[] = {
	{ 'f', "format", "format", "csv, tsv, json, ndjson, prometheus, influx, "
	  "markdown, html or svg", 0, "csv tsv json ndjson prometheus influx "
	  "markdown html svg" },
	{ 'o', "output", "file", "write to file, replaced whole at the end "
	  "(default: standard output)", PM_OPT_FILE, NULL },
	{ OPT_STRICT, "strict", NULL, "stop at the first bad line", 0, NULL },
	{ OPT_COLUMNS, "columns", "keys", "csv, tsv: the label columns, in "
	  "this order (default: every key in the input)", PM_OPT_LIST, NULL },
	{ OPT_WIDE, "wide", NULL, "csv, tsv: one row per time, one column per "
	  "series", 0, NULL },
	{ OPT_EVERY, "every", "duration", "--wide: one row per bucket of this "
	  "length, the mean of each series in it", 0, NULL },
	{ OPT_NAME, "name", "template", "--wide: column names, such as "
	  "'{host}:{metric}:{labels.gpu}'", 0, NULL },
	{ OPT_NO_GUARD, "no-formula-guard", NULL, "csv, tsv: leave text that "
	  "starts with = + - @ as it is", 0, NULL },
	{ OPT_EXCEL, "excel", NULL, "csv, tsv: a UTF-8 byte order mark and "
	  "CRLF line ends", 0, NULL },
	{ OPT_TS_FORMAT, "ts-format", "format", "csv, tsv, markdown: times as "
	  "rfc3339, local, epoch or excel", 0, "rfc3339 local epoch excel" },
	{ OPT_PRECISION, "precision", "digits", "csv, tsv, markdown: decimals "
	  "of values at most", 0, NULL },
	{ OPT_PREFIX, "prefix", "prefix", "prometheus, influx: namespace of the "
	  "names (default pm)", 0, NULL },
	{ OPT_COUNTER, "counter", "glob", "prometheus, influx: metrics that are "
	  "counters (name_total)", PM_OPT_REPEAT | PM_OPT_METRICS, NULL },
	{ OPT_TIMESTAMPS, "timestamps", NULL, "prometheus: every point, with "
	  "its time (default: the latest of each series)", 0, NULL },
	{ OPT_MAX_SERIES, "max-series", "count", "prometheus, --wide, html, "
	  "svg: drop the points of series past count (default 1000000; 0: "
	  "no limit)", 0, NULL },
	{ OPT_PUSH, "push", "url", "send the output to a Pushgateway, "
	  "InfluxDB or VictoriaMetrics (the format from the path)", 0, NULL },
	{ OPT_METHOD, "method", "method", "--push: PUT or POST (default POST)",
	  0, "PUT POST" },
	{ OPT_TIMEOUT, "timeout", "duration", "--push: time limit of each try "
	  "(default 10s)", 0, NULL },
	{ OPT_RETRIES, "retries", "count", "--push: tries again after a "
	  "failure that may pass (default 3)", 0, NULL },
	{ OPT_NETRC, "netrc", NULL, "--push: user and password from ~/.netrc",
	  0, NULL },
	{ OPT_SPOOL, "spool", "dir", "--push: keep what could not be sent "
	  "here, and send it first next time", PM_OPT_DIR, NULL },
	{ OPT_BATCH, "batch", "lines", "--push: lines per request (default "
	  "5000; a Pushgateway gets one)", 0, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-export",
	.summary = "Write points (pm-points(5)) as CSV, TSV, JSON, Prometheus "
	    "text, InfluxDB\nline protocol, Markdown, or HTML and SVG charts; "
	    "or push them to a\nPushgateway, InfluxDB or VictoriaMetrics.",
	.operands = "[file ...]",
	.operand_files = 1,
	.opts = opts,
};

/* -o: the file appears whole or not at all (pm_atomic.h). */
static FILE *
open_output(const char *path)
{
	struct pm_err e;
	FILE *fp;

	if ((fp = pm_atomic_open(path, &e)) == NULL)
		fprintf(stderr, "pm-export: %s\n", e.msg);
	return fp;
}

/* Put the finished file in place, or (not ok) leave the old one; 0 on
 * success. */
static int
close_output(struct pm_out *out, int ok)
{
	struct pm_err e;
	int rc = ok ? pm_cli_close_out(out) : 0;

	if (!ok || rc != 0) {
		pm_atomic_abort(out->fp);
		return rc;
	}
	if (pm_atomic_commit(out->fp, &e) != 0) {
		fprintf(stderr, "pm-export: %s\n", e.msg);
		return 1;
	}
	return 0;
}

struct run {
	struct pm_reader r;
	struct pm_fmt_w w;
	struct pm_out out;
	struct pm_err e;
	int holding;		/* csv: the header waits for a pause */
	int failed;		/* a write error or no memory */
	unsigned long points;	/* read so far */
	unsigned long long dropped;	/* points of series past --max-series */
};

/* Before the reader blocks: tell a writer that holds rows back that the
 * input paused (it had sent something, and has nothing more to read just
 * now), and flush a pipe or terminal so the next tool sees every record
 * at once. */
static void
before_read(void *arg)
{
	struct run *run = arg;
	struct pollfd pfd = { pm_reader_fd(&run->r), POLLIN, 0 };

	if (run->holding && run->points > 0 && !run->failed &&
	    poll(&pfd, 1, 0) == 0) {
		run->holding = 0;
		if (run->w.fmt->pause(&run->w, &run->e) != 0)
			run->failed = 1;
	}
	if (run->out.interactive && pm_fmt_flush(&run->w) == 0)
		pm_out_sync(&run->out);
}

#define SEEN(key) (1u << ((key) - PM_OPT_LONG))

/* Options that only some formats take. */
static int
check_options(const struct pm_fmt *f, const char *name, unsigned seen,
    int wide, const struct pm_fmt_opts *o)
{
	static const struct {
		int key;
		const char *name;
		unsigned formats;	/* 1 cells, 2 wide, 4 markdown, 8 prom,
					 * 16 influx, 32 html and svg */
	} only[] = {
		{ OPT_COLUMNS, "--columns", 1 },
		{ OPT_EVERY, "--every", 2 }, { OPT_NAME, "--name", 2 },
		{ OPT_NO_GUARD, "--no-formula-guard", 1 | 2 },
		{ OPT_EXCEL, "--excel", 1 | 2 },
		{ OPT_TS_FORMAT, "--ts-format", 1 | 2 | 4 },
		{ OPT_PRECISION, "--precision", 1 | 2 | 4 },
		{ OPT_PREFIX, "--prefix", 8 | 16 },
		{ OPT_COUNTER, "--counter", 8 | 16 },
		{ OPT_TIMESTAMPS, "--timestamps", 8 },
		{ OPT_MAX_SERIES, "--max-series", 2 | 8 | 32 },
	};
	unsigned mine = wide ? 2 : (f->flags & PM_FMT_CELLS) ? 1 :
	    f == &pm_fmt_markdown ? 4 : f == &pm_fmt_prometheus ? 8 :
	    f == &pm_fmt_influx ? 16 : f == &pm_fmt_html || f == &pm_fmt_svg ?
	    32 : 0;
	size_t i;

	for (i = 0; i < sizeof(only) / sizeof(only[0]); i++) {
		if (!(seen & SEEN(only[i].key)) || (only[i].formats & mine))
			continue;
		if (only[i].formats == 2)
			return pm_usage_error(&cmd, "%s: only with --wide",
			    only[i].name);
		return pm_usage_error(&cmd, "%s: not for %s", only[i].name,
		    wide ? "--wide" : name);
	}
	if (f == &pm_fmt_influx && *o->prefix == '\0')
		return pm_usage_error(&cmd, "--prefix: influx needs a "
		    "measurement name");
	return 0;
}

#define COLUMNS_MAX 1024

/* --columns a,b,c: the label keys, in place in the argument. */
static int
parse_columns(char *list, struct pm_fmt_opts *o)
{
	static char *keys[COLUMNS_MAX];
	char *k;

	o->columns = keys;
	o->ncolumns = 0;
	o->columns_known = 1;
	while ((k = strsep(&list, ",")) != NULL) {
		if (*k == '\0')
			continue;
		if (o->ncolumns == COLUMNS_MAX)
			return -1;
		keys[o->ncolumns++] = k;
	}
	return 0;
}

/* A point of a series past --max-series: said at the first, counted. */
static void
dropped(struct run *run)
{
	struct pm_err e;

	if (run->dropped++ > 0)
		return;
	pm_max_series_reached(&e, run->r.name, run->r.lineno,
	    run->w.o->max_series);
	fprintf(stderr, "pm-export: %s\n", e.msg);
}

/* Read every point and write it; returns the exit status so far. */
static int
export(struct run *run, int strict)
{
	const struct pm_fmt *f = run->w.fmt;
	struct pm_point p;
	int rc, bad = 0;

	if (f->begin != NULL && f->begin(&run->w, &run->e) != 0) {
		run->failed = 1;
		return 1;
	}
	while (!run->failed && (rc = pm_reader_next(&run->r, &p, &run->e)) !=
	    PM_READ_EOF) {
		if (rc == PM_READ_POINT) {
			run->points++;
			rc = f->point(&run->w, &p, &run->e);
			if (rc == PM_FMT_FAIL) {
				run->failed = 1;
				break;
			}
			if (rc == PM_FMT_OK)
				continue;
			if (rc == PM_FMT_DROP) {
				dropped(run);
				continue;
			}
			fprintf(stderr, "pm-export: %s:%lu: %s\n", run->r.name,
			    run->r.lineno, run->e.msg);
		} else {
			fprintf(stderr, "pm-export: %s\n", run->e.msg);
		}
		bad = 1;
		if (strict)
			break;
	}
	if (!run->failed && ((f->end != NULL && f->end(&run->w, &run->e) != 0) ||
	    pm_fmt_flush(&run->w) != 0))
		run->failed = 1;
	if (run->failed && run->w.err == 0)
		fprintf(stderr, "pm-export: %s\n", run->e.msg);
	if (run->w.err != 0 && run->out.err == 0)
		run->out.err = run->w.err;
	if (run->dropped > 0) {
		pm_max_series_dropped(&run->e, run->dropped);
		fprintf(stderr, "pm-export: %s\n", run->e.msg);
	}
	return bad || run->failed || run->dropped > 0;
}

/* --push: the finished output (in fp, a temporary file), written to -o
 * as well when given, then sent after whatever the spool holds; returns
 * the exit status. */
static int
push(struct pm_push *p, FILE *fp, const char *output)
{
	struct pm_err e;
	struct pm_out out;
	char *body = NULL;
	FILE *ofp;
	long len;
	int status = 0;

	if (fflush(fp) != 0 || (len = ftell(fp)) < 0) {
		fprintf(stderr, "pm-export: temporary file: %s\n",
		    strerror(errno));
		return 1;
	}
	if (len > 0 && (body = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE,
	    fileno(fp), 0)) == MAP_FAILED) {
		fprintf(stderr, "pm-export: temporary file: %s\n",
		    strerror(errno));
		return 1;
	}
	if (output != NULL) {
		if ((ofp = open_output(output)) == NULL) {
			status = 1;
		} else {
			pm_out_init(&out, ofp, output);
			if (len > 0)
				fwrite(body, 1, (size_t)len, ofp);
			status = close_output(&out, 1);
			pm_out_release(&out);
		}
	}
	if (p->spool != NULL && pm_push_spooled(p, &e) != 0) {
		fprintf(stderr, "pm-export: --spool: %s\n", e.msg);
		status = 1;
	}
	/* Nothing to send is not sent: an empty PUT would empty a
	 * Pushgateway group. */
	if (len > 0 && pm_push_body(p, body, (size_t)len, &e) != 0) {
		fprintf(stderr, "pm-export: %s\n", e.msg);
		status = 1;
	}
	if (p->kept > 0)
		fprintf(stderr, "pm-export: %u %s kept in %s\n", p->kept,
		    p->kept == 1 ? "batch" : "batches", p->spool);
	if (body != NULL)
		munmap(body, (size_t)len);
	return status;
}

int
main(int argc, char **argv)
{
	static struct run run;
	struct pm_opt_parser ps;
	struct pm_fmt_opts o = { .precision = -1, .guard = 1, .prefix = "pm",
	    .max_series = PM_MAX_SERIES_DEFAULT };
	struct pm_push pu = { .s = { .try_timeout = 10 * PM_NS_PER_S,
	    .retries = 3, .show_body = 1 }, .batch = 5000 };
	struct pm_keyset keys;
	const struct pm_fmt *f;
	const char *format = NULL, *output = NULL, *token;
	char *counters[COUNTERS_MAX];
	int key, status = 0, strict = 0, wide = 0;
	unsigned seen = 0;
	long long n;
	FILE *fp = stdout;

	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, &status)) != PM_OPT_END) {
		if (key >= PM_OPT_LONG && key < PM_OPT_LONG + 32)
			seen |= SEEN(key);
		switch (key) {
		case PM_OPT_STOP:
			return pm_cli_finish(status);
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = strcmp(optarg, "-") == 0 ? NULL : optarg;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_COLUMNS:
			if (parse_columns(optarg, &o) != 0)
				return pm_usage_error(&cmd, "--columns: more than %d",
				    COLUMNS_MAX);
			break;
		case OPT_WIDE:
			wide = 1;
			break;
		case OPT_EVERY:
			if (pm_duration_parse(optarg, &o.every, &run.e) != 0 ||
			    o.every <= 0)
				return pm_usage_error(&cmd, "--every: %s", o.every ?
				    run.e.msg : "must be more than 0");
			break;
		case OPT_NAME:
			if (pm_fmt_name_valid(optarg, &run.e) != 0)
				return pm_usage_error(&cmd, "--name: %s", run.e.msg);
			o.name_tmpl = optarg;
			break;
		case OPT_NO_GUARD:
			o.guard = 0;
			break;
		case OPT_EXCEL:
			o.excel = 1;
			break;
		case OPT_TS_FORMAT:
			if (strcmp(optarg, "rfc3339") == 0)
				o.ts_format = PM_TSF_RFC3339;
			else if (strcmp(optarg, "local") == 0)
				o.ts_format = PM_TSF_LOCAL;
			else if (strcmp(optarg, "epoch") == 0)
				o.ts_format = PM_TSF_EPOCH;
			else if (strcmp(optarg, "excel") == 0)
				o.ts_format = PM_TSF_EXCEL;
			else
				return pm_usage_error(&cmd, "--ts-format: unknown "
				    "format '%s' (rfc3339, local, epoch, excel)",
				    optarg);
			break;
		case OPT_PRECISION:
			if (pm_cli_count(optarg, &n, &run.e) != 0 || n > 17)
				return pm_usage_error(&cmd, "--precision: '%s' is "
				    "not a number of digits (0 to 17)", optarg);
			o.precision = (int)n;
			break;
		case OPT_PREFIX:
			if (!pm_prom_prefix_valid(optarg))
				return pm_usage_error(&cmd, "--prefix: '%s': "
				    "letters, digits and _, not starting with a "
				    "digit", optarg);
			o.prefix = optarg;
			break;
		case OPT_COUNTER:
			if (o.ncounters >= COUNTERS_MAX)
				return pm_usage_error(&cmd, "--counter: more than "
				    "%d", COUNTERS_MAX);
			counters[o.ncounters++] = optarg;
			o.counters = counters;
			break;
		case OPT_TIMESTAMPS:
			o.timestamps = 1;
			break;
		case OPT_MAX_SERIES:
			if (pm_max_series_parse(optarg, &o.max_series,
			    &run.e) != 0)
				return pm_usage_error(&cmd, "--max-series: %s",
				    run.e.msg);
			break;
		case OPT_PUSH:
			pu.s.url = optarg;
			break;
		case OPT_METHOD:
			if (strcmp(optarg, "PUT") != 0 &&
			    strcmp(optarg, "POST") != 0)
				return pm_usage_error(&cmd, "--method: PUT or "
				    "POST, not '%s'", optarg);
			pu.s.method = optarg;
			break;
		case OPT_TIMEOUT:
			if (pm_duration_parse(optarg, &pu.s.try_timeout,
			    &run.e) != 0 || pu.s.try_timeout <= 0)
				return pm_usage_error(&cmd, "--timeout: %s",
				    pu.s.try_timeout ? run.e.msg :
				    "must be more than 0");
			break;
		case OPT_RETRIES:
			if (pm_cli_count(optarg, &n, &run.e) != 0 || n > 100)
				return pm_usage_error(&cmd, "--retries: '%s' is "
				    "not a count (0 to 100)", optarg);
			pu.s.retries = (int)n;
			break;
		case OPT_NETRC:
			pu.s.netrc = 1;
			break;
		case OPT_SPOOL:
			pu.spool = optarg;
			break;
		case OPT_BATCH:
			if (pm_cli_count(optarg, &n, &run.e) != 0 || n < 1)
				return pm_usage_error(&cmd, "--batch: '%s' is "
				    "not a number of lines", optarg);
			pu.batch = (size_t)n;
			break;
		}
	}
	if (pu.s.url == NULL && (seen & (SEEN(OPT_METHOD) | SEEN(OPT_TIMEOUT) |
	    SEEN(OPT_RETRIES) | SEEN(OPT_NETRC) | SEEN(OPT_SPOOL) |
	    SEEN(OPT_BATCH))))
		return pm_usage_error(&cmd, "--method, --timeout, --retries, "
		    "--netrc, --spool, --batch: only with --push");
	if (pu.s.url != NULL) {
		pu.target = pm_push_target(pu.s.url);
		if (format == NULL && (format = pm_push_format(pu.target)) ==
		    NULL)
			return pm_usage_error(&cmd, "--push: no format known "
			    "for '%s': give -f", pu.s.url);
		if (pu.target == PM_PUSH_PUSHGATEWAY && o.timestamps)
			return pm_usage_error(&cmd, "--timestamps: a "
			    "Pushgateway refuses timestamps");
		if (pu.target == PM_PUSH_PUSHGATEWAY)
			pu.batch = 0;
		pu.s.content_type = pm_push_content_type(format);
		if ((token = getenv("PM_PUSH_TOKEN")) != NULL && *token != '\0')
			pu.s.token = token;
		for (; token != NULL && *token != '\0'; token++)
			if ((unsigned char)*token < ' ' || *token == 0x7f)
				return pm_usage_error(&cmd, "PM_PUSH_TOKEN: a "
				    "control character in the token");
	}
	if (format == NULL)
		return pm_usage_error(&cmd, "-f: a format is needed (%s)",
		    pm_fmt_names);
	if ((f = pm_fmt_find(format, 0)) == NULL)
		return pm_usage_error(&cmd, "-f: unknown format '%s' (%s)",
		    format, pm_fmt_names);
	if (wide && (f = pm_fmt_find(format, 1)) == NULL)
		return pm_usage_error(&cmd, "--wide: only for csv and tsv");
	if ((status = check_options(f, format, seen, wide, &o)) != 0)
		return status;

	/* The label columns of csv: --columns, or a first pass over the
	 * files; from a pipe, the writer decides as it goes. */
	pm_keyset_init(&keys);
	if ((f->flags & PM_FMT_KEYS) && !o.columns_known &&
	    pm_keyscan_possible(argv + optind, (size_t)(argc - optind))) {
		if (pm_keyscan(&keys, argv + optind, (size_t)(argc - optind),
		    PM_LINE_MAX_DEFAULT, &run.e) != 0 ||
		    pm_keyset_sort(&keys) != 0) {
			fprintf(stderr, "pm-export: %s\n", run.e.msg);
			pm_keyset_release(&keys);
			return pm_cli_finish(1);
		}
		o.columns = keys.keys;
		o.ncolumns = keys.n;
		o.columns_known = 1;
	}

	if (pu.s.url != NULL) {
		if ((fp = tmpfile()) == NULL) {
			fprintf(stderr, "pm-export: temporary file: %s\n",
			    strerror(errno));
			pm_keyset_release(&keys);
			return pm_cli_finish(1);
		}
	} else if (output != NULL && (fp = open_output(output)) == NULL) {
		pm_keyset_release(&keys);
		return pm_cli_finish(1);
	}
	o.label = pu.s.url ? pu.s.url : output ? output : "<stdout>";
	pm_out_init(&run.out, fp, o.label);
	/* The writers but json's fill 64 KiB of their own before each
	 * fwrite: a stdio buffer would only copy every byte once more. */
	if (f != &pm_fmt_json && f != &pm_fmt_ndjson)
		setvbuf(fp, NULL, _IONBF, 0);
	pm_reader_init(&run.r, argv + optind, (size_t)(argc - optind));
	run.r.threads = pm_reader_threads(getenv("PM_THREADS"));
	run.r.before_read = before_read;
	run.r.before_read_arg = &run;
	run.holding = f->pause != NULL && !o.columns_known;
	if (pm_fmt_init(&run.w, f, &o, fp, &run.e) != 0) {
		fprintf(stderr, "pm-export: %s\n", run.e.msg);
		status = 1;
		run.failed = 1;
	} else {
		status = export(&run, strict);
	}
	pm_reader_release(&run.r);
	pm_fmt_release(&run.w);
	if (pu.s.url != NULL) {
		if (run.failed || (strict && status))
			fprintf(stderr, "pm-export: nothing sent\n");
		else if (push(&pu, fp, output) != 0)
			status = 1;
		fclose(fp);
	} else if (output != NULL) {
		/* --strict stopped, or a write failed: leave the old file. */
		if (close_output(&run.out, !run.failed &&
		    !(strict && status)) != 0)
			status = 1;
	} else if (pm_cli_close_out(&run.out) != 0) {
		status = 1;
	}
	pm_out_release(&run.out);
	pm_keyset_release(&keys);
	return pm_cli_finish(status);
}
