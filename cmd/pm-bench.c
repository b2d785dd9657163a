/* pm-bench: benchmark commands: run them many times, measure each run
 * (wall, CPU, memory), report the statistics and compare them with a
 * saved baseline, with a verdict CI can act on. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_bench.h"
#include "pm_benchout.h"
#include "pm_benchplan.h"
#include "pm_benchreport.h"
#include "pm_benchrun.h"
#include "pm_benchstore.h"
#include "pm_benchsys.h"
#include "pm_cli.h"
#include "pm_gate.h"
#include "pm_loadout.h"
#include "pm_opt.h"
#include "pm_params.h"
#include "pm_time.h"

enum {
	OPT_MIN_TIME = PM_OPT_LONG,
	OPT_PREPARE, OPT_CONCLUDE, OPT_SETUP, OPT_CLEANUP, OPT_TIMEOUT,
	OPT_INPUT, OPT_SHOW_OUTPUT, OPT_SCAN, OPT_NAME, OPT_INTERLEAVE,
	OPT_JSON, OPT_BASELINE, OPT_SAVE, OPT_LOAD, OPT_CONFIDENCE,
	OPT_THRESHOLD, OPT_FAIL_ON, OPT_FAIL_IF, OPT_URL, OPT_RATE,
	OPT_THREADS, OPT_BASE_NAME, OPT_SAVE_NAME, OPT_DB, OPT_SAMPLE,
	OPT_PROCFS, OPT_SYSFS,
};

static const struct pm_opt opts[] = {
	{ 'w', "warmup", "n", "runs before the measured ones, per command (default 0)", 0, NULL },
	{ 'r', "runs", "n", "exactly n measured runs per command", 0, NULL },
	{ 'm', "min-runs", "n", "at least n runs (default 10)", 0, NULL },
	{ 'M', "max-runs", "n", "at most n runs (default: no limit)", 0, NULL },
	{ OPT_MIN_TIME, "min-time", "duration", "run for at least this long per command (default 3s)", 0, NULL },
	{ OPT_PREPARE, "prepare", "command", "run before every run", 0, NULL },
	{ OPT_CONCLUDE, "conclude", "command", "run after every run", 0, NULL },
	{ OPT_SETUP, "setup", "command", "run once before the runs of each command", 0, NULL },
	{ OPT_CLEANUP, "cleanup", "command", "run once after the runs of each command", 0, NULL },
	{ OPT_TIMEOUT, "timeout", "duration", "kill a run that takes longer (a failed run)", 0, NULL },
	{ 'i', "ignore-failure", NULL, "keep going when a run fails (non-zero status)", 0, NULL },
	{ OPT_INPUT, "input", "file", "the commands' standard input (default /dev/null)", PM_OPT_FILE, NULL },
	{ OPT_SHOW_OUTPUT, "show-output", NULL, "let the commands write to the terminal", 0, NULL },
	{ 'S', "shell", "shell", "run the commands through shell -c, less its start-up time", 0, "sh bash dash zsh" },
	{ 'P', "parameter", "name=a,b,...", "benchmark once per value, replacing {name}", PM_OPT_REPEAT, NULL },
	{ OPT_SCAN, "scan", "name=min:max[:step]", "benchmark once per number from min to max", PM_OPT_REPEAT, NULL },
	{ OPT_NAME, "name", "name", "name of the next command (in order; {name} works)", PM_OPT_REPEAT, NULL },
	{ OPT_INTERLEAVE, "interleave", NULL, "run the commands in turn: A B A B ...", 0, NULL },
	{ OPT_SAMPLE, "sample", NULL, "sample the system's CPU, memory and GPUs during every run", 0, NULL },
	{ OPT_PROCFS, "procfs", "dir", "--sample: read /proc from dir", PM_OPT_DIR, NULL },
	{ OPT_SYSFS, "sysfs", "dir", "--sample: read /sys from dir", PM_OPT_DIR, NULL },
	{ 'l', "label", "key=value", "add a label to every record", PM_OPT_REPEAT, NULL },
	{ OPT_JSON, "json", NULL, "records on stdout even on a terminal", 0, NULL },
	{ 'q', "quiet", NULL, "no report, no progress", 0, NULL },
	{ OPT_BASE_NAME, "baseline", "name|file", "compare with baseline name in the store, or file", 0, NULL },
	{ OPT_SAVE_NAME, "save-baseline", "name", "save the runs in the store as baseline name", 0, NULL },
	{ OPT_DB, "db", "file", "the store (default: $PM_DB, else ~/.local/share/pm/metrics.db)", PM_OPT_FILE, NULL },
	{ OPT_BASELINE, "baseline-file", "file", "compare with the runs saved in file", PM_OPT_FILE, NULL },
	{ OPT_SAVE, "save-baseline-file", "file", "save the runs in file", PM_OPT_FILE, NULL },
	{ OPT_LOAD, "load", "file", "report on the runs saved in file instead of running", PM_OPT_FILE, NULL },
	{ OPT_CONFIDENCE, "confidence", "percent", "confidence of intervals and tests (default 95%)", 0, NULL },
	{ OPT_THRESHOLD, "threshold", "percent", "smallest change that counts (default 5%)", 0, NULL },
	{ OPT_FAIL_ON, "fail-on", "verdicts", "exit 1 on these verdicts", PM_OPT_LIST, "slower inconclusive faster" },
	{ OPT_FAIL_IF, "fail-if", "condition", "exit 1 when it holds: 'p95 > 200ms'", PM_OPT_REPEAT, NULL },
	{ OPT_URL, "url", "url", "benchmark this HTTP endpoint instead of commands", 0, NULL },
	{ 'X', "method", "method", "--url: the request method (default GET, POST with -d)", 0, "GET HEAD POST PUT PATCH DELETE OPTIONS" },
	{ 'H', "header", "header", "--url: add this 'Name: value' header", PM_OPT_REPEAT, NULL },
	{ 'd', "data", "body|@file", "--url: the request body, or file's contents", 0, NULL },
	{ 'c', "connections", "n", "--url: connections kept open (default 10)", 0, NULL },
	{ 'n', "requests", "n", "--url: send n requests in all", 0, NULL },
	{ 't', "duration", "duration", "--url: send requests for this long (default 10s)", 0, NULL },
	{ OPT_RATE, "rate", "r", "--url: open model, r requests/s in all", 0, NULL },
	{ OPT_THREADS, "threads", "n", "--url: threads sharing the connections (default 1)", 0, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-bench",
	.summary = "Benchmark commands: run each many times, measure every run's time, CPU\n"
	    "and memory, and report the statistics as a table or as records\n"
	    "(pm-points(5)), compared with a saved baseline if asked.  With --url,\n"
	    "load an HTTP endpoint: requests/s, latency percentiles, errors.",
	.operands = "command ... | -- command [arg ...]",
	.opts = opts,
};

#define CMDS_MAX 64
#define GATES_MAX 32

struct args {
	struct pm_benchplan plan;	/* what to run */
	struct pm_benchrun run;		/* how often, how long */
	const char *input;
	const char *baseline, *save, *load;	/* files */
	const char *base_name, *save_name, *db;	/* the store */
	const char *names[CMDS_MAX];
	struct pm_params params;
	struct pm_label labels[PM_LABELS_MAX];
	size_t nlabels;
	struct pm_gate gates[GATES_MAX];
	size_t ngates;
	double confidence, threshold;
	int show, interleave, json, quiet, sample;
	unsigned fail_on;		/* bit v: exit 1 on verdict v */
	struct pm_sysroot root;		/* --sample */
	struct pm_loadgen_conf http;	/* --url */
};

/* A benchmark of commands while it runs. */
struct bench {
	struct pm_bench_set set;
	struct pm_bench_job *jobs;
	size_t njobs;
	struct pm_benchrun run;
	struct pm_benchsys sys;	/* --sample */
	struct pm_benchprogress progress;
};

static int
count_opt(const char *name, const char *s, long long *n, long long min)
{
	struct pm_err e;

	if (pm_cli_count(s, n, &e) != 0 || *n < min)
		return pm_usage_error(&cmd, "--%s: '%s' is not a whole number "
		    "of at least %lld", name, s, min);
	return 0;
}

/* What a pm_cli parser returned for option name: 0, or 2 after saying
 * what is wrong. */
static int
parsed(const char *name, int rc, const struct pm_err *e)
{
	return rc == 0 ? 0 : pm_usage_error(&cmd, "--%s: %s", name, e->msg);
}

static int
option(struct args *a, int key)
{
	static const char *const verdicts[] = { "faster", "slower",
	    "inconclusive" };	/* PM_FASTER... */
	struct pm_benchrun *br = &a->run;
	struct pm_err e;
	struct stat sb;
	long long n;
	char *end;

	switch (key) {
	case 'w': return count_opt("warmup", optarg, &br->warmup, 0);
	case 'r': return count_opt("runs", optarg, &br->runs, 1);
	case 'm': return count_opt("min-runs", optarg, &br->min_runs, 1);
	case 'M': return count_opt("max-runs", optarg, &br->max_runs, 1);
	case OPT_MIN_TIME: return parsed("min-time",
		    pm_cli_duration(optarg, &br->min_time, &e), &e);
	case OPT_TIMEOUT: return parsed("timeout",
		    pm_cli_duration(optarg, &br->timeout, &e), &e);
	case OPT_PREPARE: a->plan.prepare = optarg; break;
	case OPT_CONCLUDE: a->plan.conclude = optarg; break;
	case OPT_SETUP: a->plan.setup = optarg; break;
	case OPT_CLEANUP: a->plan.cleanup = optarg; break;
	case 'i': br->ignore = 1; break;
	case OPT_INPUT: a->input = optarg; break;
	case OPT_SHOW_OUTPUT: a->show = 1; break;
	case 'S': a->plan.shell = optarg; break;
	case 'P':
	case OPT_SCAN:
		if ((key == 'P' ? pm_params_list(&a->params, optarg, &e) :
		    pm_params_scan(&a->params, optarg, &e)) != 0)
			return pm_usage_error(&cmd, "%s: %s", key == 'P' ? "-P" :
			    "--scan", e.msg);
		break;
	case OPT_NAME:
		if (a->plan.nnames == CMDS_MAX)
			return pm_usage_error(&cmd, "--name: too many names");
		a->names[a->plan.nnames++] = optarg;
		break;
	case OPT_INTERLEAVE: a->interleave = 1; break;
	case 'l':
		if (a->nlabels >= PM_LABELS_MAX ||
		    pm_cli_label(optarg, &a->labels[a->nlabels++], &e) != 0)
			return pm_usage_error(&cmd, "-l: %s",
			    a->nlabels > PM_LABELS_MAX ? "too many labels" :
			    e.msg);
		break;
	case OPT_JSON: a->json = 1; break;
	case OPT_SAMPLE: a->sample = 1; break;
	case OPT_PROCFS: a->root.procfs = optarg; break;
	case OPT_SYSFS: a->root.sysfs = optarg; break;
	case 'q': a->quiet = 1; break;
	case OPT_BASELINE: a->baseline = optarg; a->base_name = NULL; break;
	case OPT_BASE_NAME:	/* an existing file is a file */
		a->baseline = stat(optarg, &sb) == 0 && S_ISREG(sb.st_mode) ?
		    optarg : NULL;
		a->base_name = a->baseline ? NULL : optarg;
		break;
	case OPT_SAVE_NAME: a->save_name = optarg; break;
	case OPT_DB: a->db = optarg; break;
	case OPT_SAVE: a->save = optarg; break;
	case OPT_LOAD: a->load = optarg; break;
	case OPT_CONFIDENCE: return parsed("confidence",
		    pm_cli_percent(optarg, 0, &a->confidence, &e), &e);
	case OPT_THRESHOLD: return parsed("threshold",
		    pm_cli_percent(optarg, 1, &a->threshold, &e), &e);
	case OPT_FAIL_ON:
		a->fail_on = 0;
		return parsed("fail-on", pm_cli_words(optarg, verdicts, 3,
		    &a->fail_on, &e), &e);
	case OPT_URL: a->http.req.url = optarg; break;
	case 'X': a->http.req.method = optarg; break;
	case 'H':
		if (a->http.req.nheaders == PM_HTTPREQ_HEADERS_MAX)
			return pm_usage_error(&cmd, "-H: too many headers");
		a->http.req.headers[a->http.req.nheaders++] = optarg;
		break;
	case 'd': a->http.req.data = optarg; break;
	case 'c':
	case OPT_THREADS:
		if (count_opt(key == 'c' ? "connections" : "threads", optarg,
		    &n, 1) != 0)
			return 2;
		*(key == 'c' ? &a->http.connections : &a->http.threads) =
		    n > 100000 ? 100000 : (long)n;
		break;
	case 'n': return count_opt("requests", optarg, &a->http.requests, 1);
	case 't': return parsed("duration",
		    pm_cli_duration(optarg, &a->http.duration, &e), &e);
	case OPT_RATE:
		a->http.rate = strtod(optarg, &end);
		if (end == optarg || *end != '\0' || !(a->http.rate > 0) ||
		    !isfinite(a->http.rate))
			return pm_usage_error(&cmd, "--rate: '%s' is not a "
			    "number of requests per second above 0", optarg);
		break;
	case OPT_FAIL_IF:
		if (a->ngates == GATES_MAX)
			return pm_usage_error(&cmd, "--fail-if: too many");
		if (pm_gate_parse(optarg, &a->gates[a->ngates++], &e) != 0)
			return pm_usage_error(&cmd, "--fail-if: %s", e.msg);
		break;
	}
	return 0;
}

/* Labels name and command are pm-bench's own. */
static int
reserved(const struct args *a, int *status)
{
	const char *k;
	size_t i;

	for (i = 0; i < a->params.n + a->nlabels; i++) {
		k = i < a->params.n ? a->params.p[i].name :
		    a->labels[i - a->params.n].key;
		if (strcmp(k, "name") == 0 || strcmp(k, "command") == 0) {
			*status = pm_usage_error(&cmd, "%s: '%s' is a label of "
			    "pm-bench's own", i < a->params.n ? "-P" : "-l", k);
			return -1;
		}
	}
	return 0;
}

/* --url's options go with it, and it goes with no command; its defaults. */
static int
http_args(struct args *a)
{
	struct pm_loadgen_conf *h = &a->http;

	if (h->req.url == NULL)
		return h->req.method || h->req.nheaders || h->req.data ||
		    h->connections || h->requests || h->duration || h->rate ||
		    h->threads ? pm_usage_error(&cmd, "-X, -H, -d, -c, -n, "
		    "-t, --rate and --threads go with --url") : 0;
	if (a->plan.noperands > 0)
		return pm_usage_error(&cmd, "--url: no command with it");
	if (a->baseline || a->save || a->load || a->base_name || a->save_name ||
	    a->sample)
		return pm_usage_error(&cmd, "--url: baselines and --sample are "
		    "for commands only");
	if (h->requests > 0 && h->duration > 0)
		return pm_usage_error(&cmd, "-n and -t: one or the other");
	if (a->plan.nnames > 1)
		return pm_usage_error(&cmd, "--name: one name for --url");
	if (h->connections == 0)
		h->connections = 10;
	if (h->threads == 0)
		h->threads = 1;
	if (h->threads > h->connections)
		return pm_usage_error(&cmd, "--threads: more threads than "
		    "connections");
	if (h->requests == 0 && h->duration == 0)
		h->duration = 10 * PM_NS_PER_S;
	h->req.timeout = a->run.timeout > 0 ? a->run.timeout :
	    10 * PM_NS_PER_S;
	return 0;
}

/* Parse the command line into a; 0, or -1 with the status in *status. */
static int
parse(struct args *a, int argc, char **argv, int *status)
{
	struct pm_opt_parser ps;
	int key;

	memset(a, 0, sizeof(*a));
	a->run.min_runs = 10;
	a->run.min_time = 3 * PM_NS_PER_S;
	a->run.null = a->run.input = -1;
	a->confidence = 0.95;
	a->threshold = 0.05;
	a->root = (struct pm_sysroot){ "/proc", "/sys", "" };
	a->plan.names = a->names;
	a->plan.params = &a->params;
	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, status)) != PM_OPT_END) {
		if (key == PM_OPT_STOP || (*status = option(a, key)) != 0)
			return -1;
	}
	if (reserved(a, status) != 0)
		return -1;
	if (!a->sample && (strcmp(a->root.procfs, "/proc") != 0 ||
	    strcmp(a->root.sysfs, "/sys") != 0)) {
		*status = pm_usage_error(&cmd, "--procfs and --sysfs go with "
		    "--sample");
		return -1;
	}
	a->plan.operands = argv + optind;
	a->plan.noperands = (size_t)(argc - optind);
	if ((*status = http_args(a)) != 0 || a->http.req.url != NULL)
		return *status != 0 ? -1 : 0;
	a->plan.argv_mode = optind > 1 && strcmp(argv[optind - 1], "--") == 0 &&
	    a->plan.shell == NULL;
	if (a->db != NULL && a->base_name == NULL && a->save_name == NULL)
		*status = pm_usage_error(&cmd, "--db goes with --baseline NAME "
		    "or --save-baseline");
	else if (a->load != NULL && (a->plan.noperands > 0 || a->sample))
		*status = pm_usage_error(&cmd, "--load: no commands to run "
		    "or sample with it");
	else if (a->load == NULL && a->plan.noperands == 0)
		*status = pm_usage_error(&cmd, "no command to benchmark");
	else if (a->plan.noperands > CMDS_MAX && !a->plan.argv_mode)
		*status = pm_usage_error(&cmd, "more than %d commands",
		    CMDS_MAX);
	else if (a->run.max_runs > 0 && a->run.max_runs < a->run.min_runs)
		*status = pm_usage_error(&cmd, "--max-runs is below "
		    "--min-runs");
	else if (a->plan.nnames > (a->plan.argv_mode ? 1 : a->plan.noperands))
		*status = pm_usage_error(&cmd, "--name: more names than "
		    "commands");
	return *status != 0 ? -1 : 0;
}

/* Plan, then run every command; 0, or 2 after saying what failed. */
static int
run_all(const struct args *a, struct bench *b, int show_progress)
{
	struct pm_benchrun *br = &b->run;
	struct pm_err e;
	int rc;

	*br = a->run;
	if (pm_benchplan_make(&a->plan, &b->set, &b->jobs, &b->njobs, &e) != 0 ||
	    ((a->baseline || a->save || a->base_name || a->save_name) &&
	    pm_benchplan_unique(&b->set, &e) != 0))
		goto fail;
	b->set.settings = pm_benchrun_settings(br, &a->plan, a->interleave);
	br->set = &b->set;
	br->jobs = b->jobs;
	pm_benchprogress_init(&b->progress, stderr);
	br->progress = show_progress ? &b->progress : NULL;
	if (a->sample) {
		if (pm_benchsys_init(&b->sys, &a->root, b->set.n, &e) != 0) {
			pm_err_prefix(&e, "--sample");
			goto fail;
		}
		br->around = pm_benchsys_around;
		br->arg = &b->sys;
	}
	if (pm_benchrun_open(br, a->input, a->show, &e) != 0) {
		pm_err_prefix(&e, "--input");
		goto fail;
	}
	if (a->plan.shell != NULL &&
	    pm_benchrun_shell(br, a->plan.shell, 20, &e) != 0) {
		pm_err_prefix(&e, "--shell %s", a->plan.shell);
		goto fail;
	}
	rc = pm_benchrun_all(br, a->interleave, &e);
	if (show_progress)
		pm_benchprogress_clear(&b->progress);
	if (b->sys.failed)
		fprintf(stderr, "pm-bench: warning: %s\n", b->sys.e.msg);
	if (rc == 0)
		return 0;
fail:
	fprintf(stderr, "pm-bench: %s\n", e.msg);
	return 2;
}

/* 1 when a verdict or gate fails, else 0. */
static int
verdicts(const struct args *a, const struct pm_bench_set *s,
    const struct pm_bench_result *r)
{
	size_t i;
	int st = pm_benchreport_failures(stderr, "pm-bench", s, r, a->fail_on);

	for (i = 0; i < s->n; i++)
		if (pm_gates_report(stderr, "pm-bench", s->cmds[i].name,
		    a->gates, a->ngates, r[i].fig) != 0)
			st = 1;
	return st;
}

/* Load an HTTP endpoint, then report, record and gate as finish does;
 * a stop (SIGINT, SIGTERM) ends the load: what was answered is reported. */
static int
http_bench(struct args *a)
{
	struct pm_loadgen_result r;
	struct pm_loadout lo = { 0 };
	struct pm_out out;
	struct pm_err e;
	double fig[PM_GATE_NFIGURES];
	char host[HOST_NAME_MAX + 1];
	int st;

	a->http.stop = pm_benchrun_stop_on_signals();
	if (pm_loadgen_run(&a->http, &r, &e) != 0) {
		fprintf(stderr, "pm-bench: %s\n", e.msg);
		return 2;
	}
	if (r.interrupted)
		fprintf(stderr, "pm-bench: %s: stopped by a signal, the "
		    "requests in flight dropped\n", a->http.req.url);
	pm_out_init(&out, stdout, "<stdout>");
	lo = (struct pm_loadout){ a->json || !isatty(STDOUT_FILENO) ? &out :
	    NULL, NULL, 0, pm_cli_hostname(host, sizeof(host)), a->plan.nnames ?
	    a->names[0] : a->http.req.url, a->labels, a->nlabels, &a->http };
	if (!a->quiet) {
		lo.text = lo.out ? stderr : stdout;
		lo.color = isatty(fileno(lo.text)) && getenv("NO_COLOR") == NULL;
		pm_loadout_report(&lo, &r);
		fflush(lo.text);
	}
	if (lo.out != NULL)
		pm_loadout_record(&lo, &r);
	pm_loadout_figures(&r, fig);
	st = pm_gates_report(stderr, "pm-bench", lo.name, a->gates,
	    a->ngates, fig);
	/* Nothing to measure: a dead port or a wrong URL is a run error. */
	if (r.requests > 0 && r.errors[PM_HTTP_CONNECT] == r.requests &&
	    !r.interrupted) {
		fprintf(stderr, "pm-bench: %s: no request could connect "
		    "(%llu tries)\n", a->http.req.url,
		    (unsigned long long)r.requests);
		st = 2;
	}
	if (pm_cli_close_out(&out) != 0)
		st = 2;
	pm_out_release(&out);
	pm_loadgen_release(&r);
	return st;
}

/* Statistics, records, report, baseline; the exit status.  Stopped by a
 * signal: of the commands that have runs, marked, and no baseline saved. */
static int
finish(const struct args *a, const struct pm_bench_set *all,
    const struct pm_benchsys_fig *sys, int stopped)
{
	struct pm_bench_set part = *all, *cur = &part;
	struct pm_bench_set base = { 0 };
	struct pm_bench_result *r;
	struct pm_out out;
	struct pm_err e;
	struct pm_benchout bo = { 0 };
	char host[HOST_NAME_MAX + 1];
	int tty = isatty(STDOUT_FILENO), st = 0;
	size_t i;

	if ((part.n = stopped ? pm_bench_ran(all) : all->n) == 0)
		return 0;
	if ((a->baseline || a->base_name) && ((a->baseline ?
	    pm_bench_load(&base, a->baseline, &e) :
	    pm_benchstore_get(a->db, &base, a->base_name, &e)) != 0 ||
	    pm_bench_comparable(&base, cur, &e) != 0)) {
		fprintf(stderr, "pm-bench: --baseline: %s\n", e.msg);
		pm_bench_release(&base);
		return 2;
	}
	r = calloc(cur->n, sizeof(*r));
	bo.host = pm_cli_hostname(host, sizeof(host));
	bo.labels = a->labels;
	bo.nlabels = a->nlabels;
	bo.confidence = a->confidence;
	bo.threshold = a->threshold;
	bo.sys = sys;
	bo.interrupted = stopped != 0;
	if (r == NULL || pm_benchout_analyze(&bo, cur, base.n ? &base :
	    NULL, r, &e) != 0) {
		fprintf(stderr, "pm-bench: %s\n", r ? e.msg : "out of memory");
		st = 2;
		goto out;
	}
	pm_out_init(&out, stdout, "<stdout>");
	bo.out = a->json || !tty ? &out : NULL;
	if (!a->quiet) {
		bo.text = bo.out ? stderr : stdout;
		bo.color = isatty(fileno(bo.text)) && getenv("NO_COLOR") == NULL;
		for (i = 0; i < cur->n; i++)
			pm_benchreport_command(&bo, cur, r, i);
		pm_benchreport_summary(&bo, cur, r);
		fflush(bo.text);	/* before the warnings on stderr */
	}
	pm_benchreport_warnings(stderr, "pm-bench", cur, r,
	    a->plan.shell != NULL);
	if (bo.out != NULL)
		pm_benchout_records(&bo, cur, r);
	if (stopped && (a->save != NULL || a->save_name != NULL))
		fprintf(stderr, "pm-bench: stopped by a signal: the baseline is "
		    "not saved\n");
	else if (a->save != NULL && pm_bench_save(cur, a->save, &e) != 0) {
		fprintf(stderr, "pm-bench: --save-baseline-file: %s\n", e.msg);
		st = 2;
	}
	if (a->save_name != NULL && !stopped &&
	    pm_benchstore_put(a->db, cur, a->save_name, &e) != 0) {
		fprintf(stderr, "pm-bench: --save-baseline: %s\n", e.msg);
		st = 2;
	}
	if (st == 0)
		st = verdicts(a, cur, r);
	if (pm_cli_close_out(&out) != 0)
		st = 2;
	pm_out_release(&out);
out:
	free(r);
	pm_bench_release(&base);
	return st;
}

int
main(int argc, char **argv)
{
	struct args a;
	struct bench b = { 0 };
	struct pm_err e;
	int status = 0, stopped;

	b.run.null = b.run.input = -1;
	if (parse(&a, argc, argv, &status) != 0)
		goto out;
	if (a.http.req.url != NULL)
		status = http_bench(&a);
	else if (a.load != NULL && pm_bench_load(&b.set, a.load, &e) != 0) {
		fprintf(stderr, "pm-bench: --load: %s\n", e.msg);
		status = 2;
	} else if (a.load == NULL) {
		pm_benchrun_stop_on_signals();
		status = run_all(&a, &b, !a.quiet && isatty(STDERR_FILENO) &&
		    getenv("CI") == NULL);
	}
	/* SIGINT, SIGTERM: the runs done are reported, then exit 128 + the
	 * signal's number. */
	stopped = pm_benchrun_stopped();
	if ((status == 0 || stopped) && a.http.req.url == NULL)
		status = finish(&a, &b.set, a.sample ? b.sys.fig : NULL,
		    stopped);
	if (pm_benchrun_stopped())
		status = 128 + pm_benchrun_stopped();
	pm_benchplan_free(b.jobs, b.njobs);
	pm_benchrun_close(&b.run);
	pm_bench_release(&b.set);
	if (a.sample)
		pm_benchsys_release(&b.sys);
out:
	pm_params_release(&a.params);
	return pm_cli_finish(status);
}
