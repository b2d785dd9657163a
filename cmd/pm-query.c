/* pm-query: keep points in a SQLite store, and ask questions of them or of
 * a stream of points. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_cli.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_qsource.h"
#include "pm_query.h"
#include "pm_reader.h"
#include "pm_store.h"
#include "pm_storeq.h"
#include "pm_time.h"

enum {
	OPT_DB = PM_OPT_LONG,
	OPT_SOURCE,
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
};

static const struct pm_opt opts[] = {
	{ OPT_DB, "db", "file", "the store (default: $PM_DB, else "
	  "~/.local/share/pm/metrics.db)", PM_OPT_FILE, NULL },
	{ OPT_SOURCE, "source", "url", "query a Prometheus-compatible HTTP "
	  "API: prom+http://host:port", 0, NULL },
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
	  PM_OPT_REPEAT, NULL },
	{ 'H', "host", "glob", "select the hosts matching glob", PM_OPT_REPEAT,
	  NULL },
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

#define BATCH_DEFAULT 50000
#define BATCH_MAX_AGE PM_NS_PER_S

struct args {
	const char *db, *source;
	char **files;
	size_t nfiles;
	int insert, tee, strict, vacuum;
	long long batch;	/* 0: not given */
	int64_t prune, downsample, older_than;	/* ns; 0: not asked */
	struct pm_query q;
	int querying;		/* a query option was given */
	int stream;		/* a query reads points, not the store */
	int table;		/* -f table */
};

/* Signals end --insert cleanly: the handler sets stopping and wakes the
 * poll in wait_input through a pipe. */
static volatile sig_atomic_t stopping;
static int wake[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int saved = errno;

	(void)sig;
	stopping = 1;
	if (wake[1] >= 0 && write(wake[1], "", 1) < 0) {
		/* Full pipe: a wake-up is already pending. */
	}
	errno = saved;
}

static int
catch_stop(void)
{
	struct sigaction sa;

	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: poll must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return 0;
}

struct insert {
	struct pm_store store;
	struct pm_storeq queue;
	struct pm_reader reader;
	struct pm_out out, *tee;
	long long batch, pending;
	int64_t batch_start;	/* monotonic time of the batch's first point */
	int failed;		/* the store failed; e says how */
	struct pm_err e;
};

static int
commit(struct insert *in)
{
	if (in->pending == 0 || in->failed)
		return in->failed ? -1 : 0;
	in->pending = 0;
	if (pm_storeq_commit(&in->queue, &in->e) != 0) {
		in->failed = 1;
		return -1;
	}
	return 0;
}

/* The reader is about to read(2): if that would block, flush --tee output
 * and wait, committing the open batch when it turns one second old, so a
 * slow producer never leaves points uncommitted for longer.  On SIGINT or
 * SIGTERM, make the read see end of file (run_insert then commits). */
static void
wait_input(void *arg)
{
	struct insert *in = arg;
	struct pollfd pf[2] = { { pm_reader_fd(&in->reader), POLLIN, 0 },
	    { wake[0], POLLIN, 0 } };
	int timeout = 0, n, devnull;
	char drain[16];

	for (;;) {
		if (stopping) {
			devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (devnull >= 0) {
				dup2(devnull, pm_reader_fd(&in->reader));
				close(devnull);
			}
			return;
		}
		n = poll(pf, 2, timeout);
		if ((n > 0 && pf[0].revents != 0) || (n < 0 && errno != EINTR))
			return;	/* let read(2) see the data, the end or the error */
		if (n > 0 && read(wake[0], drain, sizeof(drain)) < 0)
			continue;
		if (n == 0 && timeout != 0 && commit(in) != 0)
			return;
		if (timeout == 0 && in->tee != NULL && pm_out_sync(in->tee) != 0)
			return;
		timeout = -1;
		if (in->pending > 0) {
			int64_t left = in->batch_start + BATCH_MAX_AGE -
			    pm_clock_mono();

			if (left <= 0) {
				if (commit(in) != 0)
					return;
			} else {
				timeout = (int)((left + PM_NS_PER_MS - 1) /
				    PM_NS_PER_MS);
			}
		}
	}
}

/* Store one point; 1 when it was bad (reported), -1 when the store
 * failed. */
static int
insert_point(struct insert *in, const struct pm_point *p)
{
	int64_t mono = pm_clock_mono();
	int rc;

	if (in->pending == 0)
		in->batch_start = mono;
	rc = pm_storeq_put(&in->queue, p, &in->e);
	if (rc == PM_STORE_BAD) {
		fprintf(stderr, "pm-query: %s:%lu: %s\n", in->reader.name,
		    in->reader.lineno, in->e.msg);
		return 1;
	}
	if (rc != 0) {
		in->failed = 1;
		return -1;
	}
	in->pending++;
	if (in->tee != NULL && pm_out_point(in->tee, p) != 0)
		return -1;
	if (in->pending >= in->batch || mono - in->batch_start >= BATCH_MAX_AGE)
		return commit(in);
	return 0;
}

static int
run_insert(const struct args *a, const char *db)
{
	struct insert in;
	struct pm_point p;
	struct pm_err e;
	int rc, bad = 0, status;

	memset(&in, 0, sizeof(in));
	in.batch = a->batch > 0 ? a->batch : BATCH_DEFAULT;
	if (pm_store_open(&in.store, db, 0, &e) != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		return 1;
	}
	if (catch_stop() != 0) {
		fprintf(stderr, "pm-query: pipe: %s\n", strerror(errno));
		pm_store_close(&in.store);
		return 1;
	}
	if (pm_storeq_start(&in.queue, &in.store, &e) != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		pm_store_close(&in.store);
		return 1;
	}
	if (a->tee) {
		/* A reader that went away ends us after the commit, not
		 * before it. */
		signal(SIGPIPE, SIG_IGN);
		pm_out_init(&in.out, stdout, "<stdout>");
		in.tee = &in.out;
	}
	pm_reader_init(&in.reader, a->files, a->nfiles);
	in.reader.before_read = wait_input;
	in.reader.before_read_arg = &in;
	while (!stopping && !in.failed) {
		rc = pm_reader_next(&in.reader, &p, &e);
		if (rc == PM_READ_EOF || in.failed)
			break;
		if (rc == PM_READ_POINT) {
			if ((rc = insert_point(&in, &p)) < 0)
				break;	/* the store or --tee output failed */
		} else {
			fprintf(stderr, "pm-query: %s\n", e.msg);
			rc = 1;
		}
		if (rc == 1)
			bad = 1;
		if (bad && a->strict)
			break;
	}
	if (pm_storeq_finish(&in.queue, &in.e) != 0)
		in.failed = 1;
	if (in.failed)
		fprintf(stderr, "pm-query: %s\n", in.e.msg);
	pm_reader_release(&in.reader);
	pm_store_close(&in.store);
	status = in.failed || bad;
	if (in.tee != NULL) {
		signal(SIGPIPE, SIG_DFL);
		status |= pm_cli_close_out(in.tee);
		pm_out_release(in.tee);
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
		rc = pm_qsource_prom(&src, a->source, &e);
	else if ((rc = pm_store_open(&st, db, 1, &e)) == 0 &&
	    (rc = pm_qsource_store(&src, &st, &e)) != 0)
		pm_store_close(&st);
	if (rc != 0) {
		fprintf(stderr, "pm-query: %s\n", e.msg);
		return 1;
	}
	src.bad = report_bad;
	src.strict = a->strict;
	pm_out_init(&out, stdout, "<stdout>");
	rc = pm_query_answer(&src, &a->q, &out, a->table, &e);
	/* A write error is reported once, by pm_cli_close_out. */
	if (rc != 0 && out.err == 0)
		fprintf(stderr, "pm-query: %s\n", e.msg);
	src.release(&src);
	if (!a->stream && a->source == NULL)
		pm_store_close(&st);
	status = pm_cli_close_out(&out);
	pm_out_release(&out);
	return rc != 0 || src.nbad > 0 || status != 0;
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
