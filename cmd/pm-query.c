/* pm-query: keep points in a SQLite store, and ask questions of them or of
 * a stream of points. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_cli.h"
#include "pm_insert.h"
#include "pm_maxseries.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_qsource.h"
#include "pm_query.h"
#include "pm_store.h"
#include "pm_time.h"

enum {
	OPT_DB = PM_OPT_LONG,
	OPT_SOURCE,
	OPT_TIMEOUT,
	OPT_INSERT,
	OPT_TEE,
	OPT_BATCH,
	OPT_STRICT,
	OPT_PRUNE,
	OPT_DOWNSAMPLE,
	OPT_OLDER_THAN,
	OPT_VACUUM,
	OPT_SMOOTH,
	OPT_RATE,
	OPT_TREND,
	OPT_LIMIT,
	OPT_LATEST,
	OPT_LIST,
	OPT_MAX_SERIES,
};

static const struct pm_opt opts[] = {
	{ OPT_DB, "db", "file", "the store (default: $PM_DB, else "
	  "~/.local/share/pm/metrics.db)", PM_OPT_FILE, NULL },
	{ OPT_SOURCE, "source", "url", "query a Prometheus-compatible HTTP "
	  "API: prom+http://host:port", 0, NULL },
	{ OPT_TIMEOUT, "timeout", "duration", "with --source, give up on a "
	  "request after duration (default 2m)", 0, NULL },
	{ OPT_INSERT, "insert", NULL, "store the points of the files (or "
	  "standard input)", 0, NULL },
	{ OPT_TEE, "tee", NULL, "with --insert, also write the points to "
	  "standard output", 0, NULL },
	{ OPT_BATCH, "batch", "count", "with --insert, commit every count "
	  "points (default 50000) and every second", 0, NULL },
	{ OPT_STRICT, "strict", NULL, "stop at the first bad line", 0, NULL },
	{ OPT_PRUNE, "prune", "age", "delete data older than age (e.g. 30d)",
	  0, NULL },
	{ OPT_DOWNSAMPLE, "downsample", "step", "replace samples older than "
	  "--older-than by step-wide rollups", 0, NULL },
	{ OPT_OLDER_THAN, "older-than", "age", "with --downsample, the age "
	  "from which samples are rolled up", 0, NULL },
	{ OPT_VACUUM, "vacuum", NULL, "rebuild the store to give freed space "
	  "back", 0, NULL },
	{ 'm', "metric", "glob", "select the metrics matching glob",
	  PM_OPT_REPEAT | PM_OPT_METRICS, NULL },
	{ 'H', "host", "glob", "select the hosts matching glob",
	  PM_OPT_REPEAT | PM_OPT_HOSTS, NULL },
	{ 'l', "label", "matcher", "select by label: key=value, key!=value, "
	  "key=~regex or key!~regex", PM_OPT_REPEAT, NULL },
	{ 's', "since", "time", "from time (-1h, 24h, RFC 3339, epoch "
	  "seconds)", 0, NULL },
	{ 'u', "until", "time", "up to time (included)", 0, NULL },
	{ 'w', "where", "condition", "only samples whose value passes, as "
	  "'value > 80'", 0, NULL },
	{ 'a', "agg", "list", "aggregations, comma-separated: avg,p95...",
	  PM_OPT_LIST, PM_AGG_WORDS },
	{ 'e', "every", "interval", "aggregate in buckets this wide, aligned "
	  "to the epoch (default: the whole window)", 0, NULL },
	{ 'b', "by", "dimension", "aggregate per host, metric or label:key",
	  PM_OPT_REPEAT, "host metric label:" },
	{ OPT_SMOOTH, "smooth", "method", "smooth each series: sma:N or "
	  "ewma:ALPHA", 0, NULL },
	{ OPT_RATE, "rate", NULL, "turn counters into per-second rates "
	  "(resets handled)", 0, NULL },
	{ OPT_TREND, "trend", NULL, "least-squares slope per hour of each "
	  "series", 0, NULL },
	{ OPT_LIMIT, "limit", "value", "with --trend, when each series "
	  "reaches value", 0, NULL },
	{ OPT_LATEST, "latest", NULL, "the last point of each series", 0,
	  NULL },
	{ OPT_LIST, "list", "what", "list the metrics, series, hosts or "
	  "labels there are", 0, PM_LIST_WORDS },
	{ 'f', "format", "format", "ndjson (points, the default) or table",
	  0, "ndjson table" },
	{ OPT_MAX_SERIES, "max-series", "count", "leave out the series past "
	  "count (default 1000000; 0: no limit)", 0, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-query",
	.summary = "Keep points (pm-points(5)) in a SQLite store, and ask "
	    "questions of the store\nor of a stream of points: selection, "
	    "aggregation over time, trends.",
	.operands = "[file ...]",
	.operand_files = 1,
	.opts = opts,
};

struct args {
	const char *db, *source;
	int64_t timeout;	/* --source: ns for a request; 0: default */
	char **files;
	size_t nfiles;
	int insert, tee, strict, vacuum;
	long long batch;	/* 0: not given */
	int64_t prune, downsample, older_than;	/* ns; 0: not asked */
	struct pm_query q;
	int querying;		/* a query option was given */
	int stream;		/* a query reads points, not the store */
	int table;		/* -f table */
	size_t max_series;	/* --max-series; 0: no limit */
};

/* After a store failure: how many of the points read are not in it. */
static void
report_lost(const struct pm_insert *in, const char *db)
{
	unsigned long long lost = pm_insert_lost(in);

	fprintf(stderr, "pm-query: %s: %llu point%s not stored%s\n", db, lost,
	    lost == 1 ? "" : "s", in->tee != NULL ? " (passed on by --tee)" :
	    !in->eof ? "; the rest of the input was not read" : "");
}

static int
run_insert(const struct args *a, const char *db)
{
	struct pm_insert in;
	struct pm_out out, *tee = NULL;
	struct pm_err e;
	int rc, bad = 0, status;

	if (a->tee) {
		pm_out_init(&out, stdout, "<stdout>");
		tee = &out;
	}
	if (pm_insert_init(&in, db, a->batch, tee, a->files, a->nfiles,
	    &e) != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		if (tee != NULL)
			pm_out_release(tee);
		return 1;
	}
	in.reader.threads = pm_reader_threads(getenv("PM_THREADS"));
	/* A reader that went away ends us after the commit, not before it. */
	if (tee != NULL)
		signal(SIGPIPE, SIG_IGN);
	while ((rc = pm_insert_next(&in, &e)) != PM_INSERT_END) {
		if (rc == PM_INSERT_BAD) {
			fprintf(stderr, "pm-query: %s\n", e.msg);
			bad = 1;
			if (a->strict)
				break;
		}
	}
	status = pm_insert_finish(&in, &e) != 0;
	if (status != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		report_lost(&in, db);
	}
	pm_insert_release(&in);
	status |= bad;
	if (tee != NULL) {
		signal(SIGPIPE, SIG_DFL);
		status |= pm_cli_close_out(tee);
		pm_out_release(tee);
	}
	return status;
}

static int
run_maintenance(const struct args *a, const char *db)
{
	struct pm_store s;
	struct pm_store_stats st;
	struct pm_err e;
	int64_t now = pm_clock_now();
	int rc = 0;

	if (pm_store_open(&s, db, 0, &e) != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		return 1;
	}
	if (a->prune > 0)
		rc = pm_store_prune(&s, now - a->prune, &st, &e);
	if (rc == 0 && a->downsample > 0)
		rc = pm_store_downsample(&s, a->downsample, now - a->older_than,
		    &st, &e);
	if (rc == 0 && a->vacuum)
		rc = pm_store_vacuum(&s, &e);
	if (rc != 0)
		fprintf(stderr, "pm-query: %s\n", e.msg);
	pm_store_close(&s);
	return rc != 0;
}

static void
report_bad(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "pm-query: %s\n", msg);
}

/* The query, over the files (or standard input) or the store. */
static int
run_query(struct args *a, const char *db)
{
	struct pm_store st;
	struct pm_qsource src;
	struct pm_out out;
	struct pm_err e;
	int rc, status;

	memset(&src, 0, sizeof(src));
	if (a->stream)
		rc = pm_qsource_stream(&src, a->files, a->nfiles, &e);
	else if (a->source != NULL)
		rc = pm_qsource_prom(&src, a->source, a->timeout, &e);
	else if ((rc = pm_store_open(&st, db, 1, &e)) == 0 &&
	    (rc = pm_qsource_store(&src, &st, &e)) != 0)
		pm_store_close(&st);
	if (rc != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		return 1;
	}
	src.bad = report_bad;
	src.strict = a->strict;
	src.max_series = a->max_series;
	src.threads = pm_reader_threads(getenv("PM_THREADS"));
	pm_out_init(&out, stdout, "<stdout>");
	rc = pm_query_answer(&src, &a->q, &out, a->table, &e);
	/* A write error is reported once, by pm_cli_close_out. */
	if (rc != 0 && out.err == 0 && !ferror(out.fp))
		fprintf(stderr, "pm-query: %s\n", e.msg);
	/* A store or an API said "the rest are left out": no points read. */
	if (src.ndropped > 0 && a->stream) {
		pm_max_series_dropped(&e, src.ndropped);
		fprintf(stderr, "pm-query: %s\n", e.msg);
	}
	src.release(&src);
	if (!a->stream && a->source == NULL)
		pm_store_close(&st);
	status = pm_cli_close_out(&out);
	pm_out_release(&out);
	return rc != 0 || src.nbad > 0 || src.ndropped > 0 || status != 0;
}

static int
parse_age(const char *opt, const char *s, int64_t *ns)
{
	struct pm_err e;

	if (pm_duration_parse(s, ns, &e) != 0)
		return pm_usage_error(&cmd, "%s: %s", opt, e.msg);
	if (*ns < PM_NS_PER_MS)
		return pm_usage_error(&cmd, "%s: must be at least 1ms", opt);
	return 0;
}

static int
maintenance(const struct args *a)
{
	return a->prune > 0 || a->downsample > 0 || a->vacuum;
}

/* Standard input holds points to query when it is a pipe or a file: not
 * a terminal, nor the /dev/null that cron jobs get. */
static int
stdin_has_points(void)
{
	struct stat st;

	return fstat(STDIN_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) ||
	    S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* A selection, aggregation or output option, into a->q. */
static int
query_option(struct args *a, int key)
{
	const struct pm_opt *o;
	struct pm_err e;

	a->querying = 1;
	if (key == 'f') {
		a->table = strcmp(optarg, "table") == 0;
		if (!a->table && strcmp(optarg, "ndjson") != 0)
			return pm_usage_error(&cmd, "-f: '%s' is not ndjson or "
			    "table", optarg);
		return 0;
	}
	for (o = opts; o->name != NULL && o->key != key; o++)
		;
	if (o->name != NULL &&
	    pm_query_option(&a->q, o->name, optarg, pm_clock_now(), &e) != 0)
		return pm_usage_error(&cmd, "--%s: %s", o->name, e.msg);
	return 0;
}

/* Options into a; 0, or the exit status for a usage error (or --help). */
static int
parse_args(struct args *a, int argc, char **argv)
{
	struct pm_opt_parser ps;
	struct pm_err e;
	int key, status = 0;

	memset(a, 0, sizeof(*a));
	a->max_series = PM_MAX_SERIES_DEFAULT;
	pm_query_init(&a->q);
	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, &status)) != PM_OPT_END) {
		switch (key) {
		case PM_OPT_STOP:
			return status == 0 ? -1 : status;
		case OPT_DB:
			a->db = optarg;
			break;
		case OPT_SOURCE:
			if (strncmp(optarg, "prom+http://", 12) != 0 &&
			    strncmp(optarg, "prom+https://", 13) != 0)
				return pm_usage_error(&cmd, "--source: '%s' is "
				    "not prom+http://HOST:PORT", optarg);
			a->source = optarg;
			a->querying = 1;
			break;
		case OPT_TIMEOUT:
			if (pm_duration_parse(optarg, &a->timeout, &e) != 0)
				return pm_usage_error(&cmd, "--timeout: %s",
				    e.msg);
			if (a->timeout < PM_NS_PER_MS)
				return pm_usage_error(&cmd, "--timeout: must be "
				    "1ms or more");
			break;
		case OPT_INSERT:
			a->insert = 1;
			break;
		case OPT_TEE:
			a->tee = 1;
			break;
		case OPT_BATCH:
			if (pm_cli_count(optarg, &a->batch, &e) != 0 ||
			    a->batch == 0)
				return pm_usage_error(&cmd, "--batch: '%s' is "
				    "not a count of 1 or more", optarg);
			break;
		case OPT_STRICT:
			a->strict = 1;
			break;
		case OPT_PRUNE:
			if ((status = parse_age("--prune", optarg, &a->prune)) != 0)
				return status;
			break;
		case OPT_DOWNSAMPLE:
			if ((status = parse_age("--downsample", optarg,
			    &a->downsample)) != 0)
				return status;
			break;
		case OPT_OLDER_THAN:
			if ((status = parse_age("--older-than", optarg,
			    &a->older_than)) != 0)
				return status;
			break;
		case OPT_VACUUM:
			a->vacuum = 1;
			break;
		case OPT_MAX_SERIES:
			if (pm_max_series_parse(optarg, &a->max_series, &e) != 0)
				return pm_usage_error(&cmd, "--max-series: %s",
				    e.msg);
			a->querying = 1;
			break;
		default:
			if ((status = query_option(a, key)) != 0)
				return status;
		}
	}
	a->files = argv + optind;
	a->nfiles = (size_t)(argc - optind);
	if (a->downsample > 0 && a->older_than == 0)
		return pm_usage_error(&cmd, "--downsample needs --older-than");
	if (a->older_than > 0 && a->downsample == 0)
		return pm_usage_error(&cmd, "--older-than needs --downsample");
	if (a->downsample % PM_NS_PER_MS != 0)
		return pm_usage_error(&cmd, "--downsample: the step must be "
		    "whole milliseconds");
	if (!a->insert && (a->tee || a->batch > 0))
		return pm_usage_error(&cmd, "--%s needs --insert",
		    a->tee ? "tee" : "batch");
	if (a->querying && (a->insert || maintenance(a)))
		return pm_usage_error(&cmd, "query options do not go with "
		    "--insert, --prune, --downsample or --vacuum");
	if (!a->insert && maintenance(a) && a->nfiles > 0)
		return pm_usage_error(&cmd, "unexpected argument '%s'",
		    a->files[0]);
	/* Neither storing nor maintaining: a query, of files or of the
	 * store. */
	if (!a->insert && (a->nfiles > 0) + (a->db != NULL) +
	    (a->source != NULL) > 1)
		return pm_usage_error(&cmd, "a query reads --db, --source or "
		    "files, one of them");
	if (a->timeout != 0 && a->source == NULL)
		return pm_usage_error(&cmd, "--timeout: only with --source");
	if (pm_query_check(&a->q, &e) != 0)
		return pm_usage_error(&cmd, "%s", e.msg);
	a->stream = !a->insert && !maintenance(a) && (a->nfiles > 0 ||
	    (a->db == NULL && a->source == NULL && stdin_has_points()));
	return 0;
}

int
main(int argc, char **argv)
{
	struct args a;
	struct pm_err e;
	char db[PATH_MAX];
	int status;

	if ((status = parse_args(&a, argc, argv)) != 0) {
		pm_query_release(&a.q);
		return pm_cli_finish(status < 0 ? 0 : status);
	}
	if (a.db != NULL)
		snprintf(db, sizeof(db), "%s", a.db);
	else if (!a.stream && a.source == NULL &&
	    pm_store_default_path(db, sizeof(db), &e) != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		pm_query_release(&a.q);
		return pm_cli_finish(1);
	}
	if (a.insert)
		status = run_insert(&a, db);
	if (status == 0 && maintenance(&a))
		status = run_maintenance(&a, db);
	if (!a.insert && !maintenance(&a))
		status = run_query(&a, db);
	pm_query_release(&a.q);
	return pm_cli_finish(status);
}
