/* pm-alert: evaluate threshold rules over points, in a pipeline or once
 * from cron or CI with a Nagios exit status; notify commands. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_alert.h"
#include "pm_alert_dbstate.h"
#include "pm_alert_group.h"
#include "pm_alert_history.h"
#include "pm_alert_notify.h"
#include "pm_alert_record.h"
#include "pm_alert_rules.h"
#include "pm_alert_state.h"
#include "pm_alert_test.h"
#include "pm_cli.h"
#include "pm_exec.h"
#include "pm_labels.h"
#include "pm_maxseries.h"
#include "pm_nagios.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_reader.h"
#include "pm_stop.h"

enum {
	OPT_RULES = PM_OPT_LONG,
	OPT_CHECK,
	OPT_PASS,
	OPT_STATE,
	OPT_REPEAT,
	OPT_EXEC,
	OPT_WEBHOOK,
	OPT_ALERTMANAGER,
	OPT_TIMEOUT,
	OPT_MAX_PER_MINUTE,
	OPT_GROUP_BY,
	OPT_GROUP_WAIT,
	OPT_DB,
	OPT_SINCE,
	OPT_STRICT,
	OPT_TEST,
	OPT_MAX_SERIES,
};

static const struct pm_opt opts[] = {
	{ 'r', "rule", "rule", "a rule: 'NAME: EXPR' (repeatable)",
	  PM_OPT_REPEAT, NULL },
	{ OPT_RULES, "rules", "file", "read rules from a JSON file",
	  PM_OPT_FILE, NULL },
	{ 'w', "warning", "threshold", "warning threshold of rules without a "
	  "comparison", 0, NULL },
	{ 'c', "critical", "threshold", "critical threshold of rules without "
	  "a comparison", 0, NULL },
	{ 'l', "label", "key=value", "add a label to every alert",
	  PM_OPT_REPEAT, NULL },
	{ 'a', "annotation", "key=template", "add an annotation to every alert",
	  PM_OPT_REPEAT, NULL },
	{ OPT_CHECK, "check", NULL, "check once: a Nagios status line, exit "
	  "0-3", 0, NULL },
	{ OPT_PASS, "pass", NULL, "also write the input points", 0, NULL },
	{ OPT_DB, "db", "file", "evaluate the history in the store file, not "
	  "points read", PM_OPT_FILE, NULL },
	{ OPT_SINCE, "since", "time", "with --db: from time on (-1h, RFC "
	  "3339; default: all)", 0, NULL },
	{ OPT_STATE, "state", "file", "keep alert state in file between runs",
	  PM_OPT_FILE, NULL },
	{ OPT_REPEAT, "repeat", "duration", "notify a firing alert again after "
	  "duration", 0, NULL },
	{ OPT_EXEC, "exec", "command", "run command for each alert that fires "
	  "or resolves", 0, NULL },
	{ OPT_WEBHOOK, "webhook", "url", "POST each alert that fires or resolves "
	  "to url", 0, NULL },
	{ OPT_ALERTMANAGER, "alertmanager", "url", "send alerts to the Alertmanager at url", 0, NULL },
	{ OPT_TIMEOUT, "timeout", "duration", "time limit of a notification "
	  "(default 10s)", 0, NULL },
	{ OPT_GROUP_BY, "group-by", "labels", "one notification per group of "
	  "alerts alike in labels (alertname,host)", 0, NULL },
	{ OPT_GROUP_WAIT, "group-wait", "duration", "wait duration for more "
	  "alerts of a group before notifying", 0, NULL },
	{ OPT_MAX_PER_MINUTE, "max-per-minute", "n", "send at most n "
	  "notifications a minute", 0, NULL },
	{ OPT_MAX_SERIES, "max-series", "count", "drop the points of series past "
	  "count (default 1000000; 0: no limit)", 0, NULL },
	{ OPT_STRICT, "strict", NULL, "stop at the first bad input line", 0,
	  NULL },
	{ OPT_TEST, "test", "file", "run the rule unit tests in file",
	  PM_OPT_FILE, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-alert",
	.summary = "Evaluate threshold rules over points (pm-points(5)) and "
	    "write alert events\nwhen a series starts or stops firing; or "
	    "check once, the Nagios way.",
	.operands = "[file ...]",
	.operand_files = 1,
	.opts = opts,
};

#define RULES_MAX 256
#define KV_MAX 16
#define EXEC_ARGS_MAX 64

struct args {
	struct pm_rule rules[RULES_MAX];
	size_t nrules;
	const char *cli_rules[RULES_MAX];	/* -r */
	struct pm_alert_rules_spec spec;	/* -r, --rules, -w, -c, -l, -a */
	const char *state, *db;
	const char *since_text, *test;
	struct pm_alert_tests tests;	/* --test */
	int64_t since;		/* --since, ns; INT64_MIN: all */
	char am_url[2048];
	struct pm_label labels[KV_MAX], annotations[KV_MAX];
	int check, pass, strict;
	int64_t repeat;
	size_t max_series;	/* 0: no limit */
	char *exec_argv[EXEC_ARGS_MAX];
	/* --exec, --webhook, --alertmanager, --timeout, --max-per-minute,
	 * --group-by, --group-wait */
	struct pm_alert_notify notify;
	char **files;
	size_t nfiles;
};

/* What runs: the output and the notifications. */
struct ctx {
	struct args *a;
	struct pm_out out;
	struct pm_alerts *al;
	int *seen;		/* --check: per rule, a point was selected */
	struct pm_err fatal;	/* why the input was not read to the end */
	struct pm_reader *rd;	/* stream mode: for wait_input */
};

/* The reader is about to read(2): flush the output, then wait for input
 * or SIGINT/SIGTERM (pm_stop), which end stream mode as the end of the
 * input does: the last events are written whole, the open groups
 * notified and the state saved. */
static void
wait_input(void *arg)
{
	struct ctx *c = arg;

	pm_out_sync_hook(&c->out);
	pm_stop_wait(pm_reader_fd(c->rd));
}

/* A notification failed: say which and why. */
static void
notify_failed(void *arg, enum pm_alert_notify_to to, const char *why)
{
	static const char *const opt[] = { [PM_NOTIFY_EXEC] = "--exec",
		[PM_NOTIFY_WEBHOOK] = "--webhook",
		[PM_NOTIFY_ALERTMANAGER] = "--alertmanager" };

	(void)arg;
	fprintf(stderr, "pm-alert: %s: %s\n", opt[to], why);
}

static int
add_kv(struct pm_label *kv, size_t *n, const char *opt, char *arg)
{
	struct pm_err e;

	if (*n == KV_MAX)
		return pm_usage_error(&cmd, "%s: more than %d", opt, KV_MAX);
	if (pm_cli_label(arg, &kv[*n], &e) != 0)
		return pm_usage_error(&cmd, "%s: %s", opt, e.msg);
	(*n)++;
	return 0;
}

static int
duration(const char *opt, const char *s, int64_t *ns)
{
	struct pm_err e;

	if (pm_cli_duration(s, ns, &e) != 0)
		return pm_usage_error(&cmd, "%s: %s", opt, e.msg);
	return 0;
}

/* One option into a; 0, or the status to exit with. */
static int
option(struct args *a, int key, char *arg)
{
	struct pm_threshold t;
	struct pm_err e;

	switch (key) {
	case 'r':
		if (a->spec.ntexts == RULES_MAX)
			return pm_usage_error(&cmd, "-r: more than %d rules",
			    RULES_MAX);
		a->cli_rules[a->spec.ntexts++] = arg;
		return 0;
	case OPT_RULES:
		a->spec.file = arg;
		return 0;
	case 'w':
	case 'c':
		if (pm_threshold_parse(&t, arg, &e) != 0)
			return pm_usage_error(&cmd, "-%c: %s", key, e.msg);
		*(key == 'w' ? &a->spec.warn : &a->spec.crit) = arg;
		return 0;
	case 'l':
		return add_kv(a->labels, &a->spec.nlabels, "-l", arg);
	case 'a':
		return add_kv(a->annotations, &a->spec.nannotations, "-a", arg);
	case OPT_CHECK:
		a->check = 1;
		return 0;
	case OPT_PASS:
		a->pass = 1;
		return 0;
	case OPT_STATE:
		a->state = arg;
		return 0;
	case OPT_REPEAT:
		return duration("--repeat", arg, &a->repeat);
	case OPT_EXEC:
		if (pm_exec_split(arg, a->exec_argv, EXEC_ARGS_MAX) == 0)
			return pm_usage_error(&cmd, "--exec: no command");
		a->notify.exec_argv = a->exec_argv;
		return 0;
	case OPT_WEBHOOK:
		a->notify.webhook = arg;
		return 0;
	case OPT_ALERTMANAGER:
		/* The API's path after the base URL Alertmanager is at. */
		snprintf(a->am_url, sizeof(a->am_url), "%.*s/api/v2/alerts",
		    (int)(strlen(arg) - (*arg && arg[strlen(arg) - 1] == '/')),
		    arg);
		a->notify.am_url = a->am_url;
		return 0;
	case OPT_TIMEOUT:
		return duration("--timeout", arg, &a->notify.timeout);
	case OPT_DB:
		a->db = arg;
		return 0;
	case OPT_SINCE:
		if (pm_time_parse(arg, pm_clock_now(), &a->since, &e) != 0)
			return pm_usage_error(&cmd, "--since: %s", e.msg);
		a->since_text = arg;
		return 0;
	case OPT_GROUP_BY:
		if (pm_alert_groups_by(&a->notify.groups, arg, &e) != 0)
			return pm_usage_error(&cmd, "--group-by: %s", e.msg);
		return 0;
	case OPT_GROUP_WAIT:
		return duration("--group-wait", arg, &a->notify.groups.wait);
	case OPT_MAX_PER_MINUTE:
		if (pm_cli_count(arg, &a->notify.max_per_minute, &e) != 0 ||
		    a->notify.max_per_minute < 1)
			return pm_usage_error(&cmd, "--max-per-minute: '%s' is "
			    "not a number above 0", arg);
		return 0;
	case OPT_MAX_SERIES:
		if (pm_max_series_parse(arg, &a->max_series, &e) != 0)
			return pm_usage_error(&cmd, "--max-series: %s", e.msg);
		return 0;
	case OPT_STRICT:
		a->strict = 1;
		return 0;
	case OPT_TEST:
		a->test = arg;
		return 0;
	}
	return 0;
}

/* Parse the command line into a; 0, or the status to exit with (a usage
 * error is 3, UNKNOWN, in check mode). */
static int
parse(struct args *a, int argc, char **argv, int *status)
{
	struct pm_opt_parser ps;
	struct pm_err e;
	int key;

	pm_alert_notify_init(&a->notify);
	a->notify.timeout = 10 * PM_NS_PER_S;
	a->notify.fail = notify_failed;
	a->since = INT64_MIN;
	a->spec.texts = a->cli_rules;
	a->spec.labels = a->labels;
	a->spec.annotations = a->annotations;
	a->max_series = PM_MAX_SERIES_DEFAULT;
	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, status)) != PM_OPT_END) {
		if (key == PM_OPT_STOP)
			break;
		if ((*status = option(a, key, optarg)) != 0)
			break;
	}
	/* The test file's rules first, as if from --rules. */
	if (key == PM_OPT_END && ((a->test != NULL &&
	    pm_alert_tests_load(&a->tests, a->test, a->rules, &a->nrules,
	    RULES_MAX, &e) != 0) || pm_alert_rules_make(&a->spec, a->rules,
	    &a->nrules, RULES_MAX, &e) != 0))
		*status = pm_usage_error(&cmd, "%s", e.msg);
	if (*status == 2 && a->check && a->test == NULL)
		*status = PM_NAGIOS_UNKNOWN;
	if (key != PM_OPT_END || *status != 0)
		return -1;
	a->files = argv + optind;
	a->nfiles = (size_t)(argc - optind);
	if (a->test != NULL && (a->check || a->db != NULL || a->nfiles > 0))
		*status = pm_usage_error(&cmd, "--test reads its own input: no "
		    "--check, --db or files");
	else if (a->db != NULL && a->nfiles > 0)
		*status = pm_usage_error(&cmd, "--db reads the store: no files");
	else if (a->since_text != NULL && a->db == NULL)
		*status = pm_usage_error(&cmd, "--since needs --db");
	if (*status == 2 && a->check && a->test == NULL)
		*status = PM_NAGIOS_UNKNOWN;
	return *status != 0 ? -1 : 0;
}

static int
on_event(void *arg, const struct pm_alert_event *ev, struct pm_err *e)
{
	struct ctx *c = arg;
	struct pm_alert_record rec;
	int rc;

	if (pm_alert_record_init(&rec, ev, e) != 0)
		return -1;
	if (!c->a->check)
		pm_out_point(&c->out, &rec.point);
	rc = pm_alert_notify_add(&c->a->notify, ev, &rec, e);
	pm_alert_record_release(&rec);
	return rc;
}

/* One point through the engine: 0 (also when dropped: a new series over
 * --max-series), 1 or 2 when skipped (pm_alerts_point), -1 with e when
 * memory ran out or a callback failed. */
static int
point(struct ctx *c, const struct pm_point *p, struct pm_err *e)
{
	struct pm_err m;
	size_t i;
	int rc;

	if (c->a->pass)
		pm_out_point(&c->out, p);
	for (i = 0; c->a->check && i < c->al->nrules; i++)
		if (!c->seen[i] && pm_rule_selects(&c->al->rules[i], p))
			c->seen[i] = 1;
	/* Groups complete before this instant go first. */
	pm_alert_notify_flush(&c->a->notify, p->ts);
	if ((rc = pm_alerts_point(c->al, p, e)) != 3)
		return rc;
	if (c->al->dropped == 1) {	/* said once; --db has no lines */
		pm_max_series_reached(&m, c->rd ? c->rd->name : NULL,
		    c->rd ? c->rd->lineno : 0, c->a->max_series);
		fprintf(stderr, "pm-alert: %s\n", m.msg);
	}
	return 0;
}

/* Read every point through the engine; the number of bad lines, or -1
 * when reading must stop (a read error with --strict, memory). */
static long
run(struct ctx *c)
{
	struct pm_reader rd;
	struct pm_point p;
	struct pm_err e;
	long bad = 0;
	int rc;

	pm_reader_init(&rd, c->a->files, c->a->nfiles);
	rd.threads = pm_reader_threads(getenv("PM_THREADS"));
	/* wait_input polls it; set back to NULL before returning */
	/* cppcheck-suppress autoVariables */
	c->rd = &rd;
	rd.before_read = wait_input;
	rd.before_read_arg = c;
	pm_stop_catch();
	/* SIGPIPE is ignored (for --exec): a reader gone is a write error. */
	while (!pm_stop_signal && c->out.err == 0 &&
	    (rc = pm_reader_next(&rd, &p, &e)) != PM_READ_EOF) {
		if (rc == PM_READ_POINT && p.ts == PM_TS_NONE) {
			snprintf(e.msg, sizeof(e.msg), "%s:%lu: no ts (alerts "
			    "need each point's time)", rd.name, rd.lineno);
			rc = PM_READ_BAD;
		}
		if (rc == PM_READ_POINT) {
			if ((rc = point(c, &p, &e)) < 0) {
				fprintf(stderr, "pm-alert: %s\n", e.msg);
				c->fatal = e;
				bad = -1;
				break;
			}
			if (rc == 0)
				continue;
			if (rc == 2)
				pm_err_prefix(&e, "%s:%lu", rd.name, rd.lineno);
			else
				snprintf(e.msg, sizeof(e.msg), "%s:%lu: older "
				    "than its series' last point, skipped",
				    rd.name, rd.lineno);
		}
		fprintf(stderr, "pm-alert: %s\n", e.msg);
		bad++;
		if (c->a->strict) {
			bad = -1;
			break;
		}
	}
	pm_reader_release(&rd);
	c->rd = NULL;		/* rd was local to this function */
	return bad;
}

static int
history_point(void *arg, const struct pm_point *p, struct pm_err *e)
{
	struct ctx *c = arg;

	if (c->out.err != 0)
		return pm_err_set(e, "%s: write error", c->out.name);
	return point(c, p, e) < 0 ? -1 : 0;
}

/* --db: the store's points through the engine; 0, or -1 when they could
 * not all be read. */
static long
history(struct ctx *c)
{
	if (pm_alert_history(c->a->db, c->a->rules, c->a->nrules, c->a->since,
	    history_point, c, &c->fatal) == 0)
		return 0;
	fprintf(stderr, "pm-alert: --db: %s\n", c->fatal.msg);
	return -1;
}

/* --test: each case's result; 0 when all pass, 1 when any fails. */
static int
test(struct args *a)
{
	struct pm_err e;
	size_t i, failed = 0;
	int rc;

	for (i = 0; i < a->tests.ncases; i++) {
		if ((rc = pm_alert_tests_run(&a->tests, i, a->rules, a->nrules,
		    &e)) < 0) {
			fprintf(stderr, "pm-alert: %s\n", e.msg);
			return 1;
		}
		printf("%s %zu - %s\n", rc ? "ok" : "FAILED", i + 1,
		    pm_alert_tests_name(&a->tests, i));
		if (!rc) {
			fputs(a->tests.diff, stdout);
			failed++;
		}
	}
	printf("%zu tests, %zu failed\n", a->tests.ncases, failed);
	return failed > 0;
}

/* --check without --state keeps state in the store (--db, else $PM_DB)
 * when there is one: open it into st, and load.  A store that cannot be
 * opened for writing keeps no state, with a warning; the check goes on. */
static int
state_open(const struct args *a, struct pm_store *st, struct pm_alerts *al)
{
	const char *path = a->db ? a->db : getenv("PM_DB");
	struct pm_err e;

	if (a->state != NULL || !a->check || path == NULL || *path == '\0' ||
	    access(path, F_OK) != 0)
		return 0;
	if (pm_store_open(st, path, 0, &e) == 0 &&
	    pm_alert_dbstate_load(al, st, &e) == 0)
		return 1;
	fprintf(stderr, "pm-alert: alert state not kept: %s\n", e.msg);
	pm_store_close(st);
	return 0;
}

/* --check: the Nagios line and status. */
static int
check(const struct ctx *c, long bad)
{
	struct pm_nagios_why w = { .seen = c->seen, .bad = bad,
		.fatal = c->fatal.msg };
	char why[600], *text;
	struct pm_err e, dropped;
	int status;

	if (c->al->dropped > 0) {
		pm_max_series_dropped(&dropped, c->al->dropped);
		w.dropped = dropped.msg;
	}

	if ((text = pm_nagios_report(c->al, pm_nagios_unknown(c->al, &w, why,
	    sizeof(why)), &status, &e)) == NULL) {
		printf("PM UNKNOWN - %s\n", e.msg);
		return PM_NAGIOS_UNKNOWN;
	}
	fputs(text, stdout);
	free(text);
	return status;
}

int
main(int argc, char **argv)
{
	static struct args a;
	struct ctx c = { .a = &a };
	struct pm_alerts al;
	struct pm_store st;
	struct pm_err e;
	int status = 0, *seen = NULL, in_store = 0;
	long bad;
	size_t i;

	if (parse(&a, argc, argv, &status) != 0)
		goto done;
	if (a.test != NULL) {
		status = test(&a);
		if (fflush(stdout) != 0 && status == 0)
			status = 1;
		goto done;
	}
	/* A notification command may exit without reading its input. */
	signal(SIGPIPE, SIG_IGN);
	pm_out_init(&c.out, stdout, "<stdout>");
	if (pm_alerts_init(&al, a.rules, a.nrules, &e) != 0 ||
	    (seen = calloc(a.nrules, sizeof(*seen))) == NULL ||
	    (a.state != NULL && pm_alert_state_load(&al, a.state, &e) != 0)) {
		fprintf(stderr, "pm-alert: %s\n", seen ? e.msg : "out of memory");
		status = 1;
		if (a.check) {
			printf("PM UNKNOWN - %s\n", seen ? e.msg : "out of memory");
			status = PM_NAGIOS_UNKNOWN;
		}
		goto out;
	}
	in_store = state_open(&a, &st, &al);
	al.repeat = a.repeat;
	al.max_series = a.max_series;
	al.emit = on_event;
	al.emit_arg = &c;
	c.al = &al;
	c.seen = seen;
	bad = a.db != NULL ? history(&c) : run(&c);
	pm_alert_notify_flush(&a.notify, PM_TS_NONE);
	if (a.state != NULL && pm_alert_state_save(&al, a.state, &e) != 0) {
		fprintf(stderr, "pm-alert: --state: %s\n", e.msg);
		bad = bad < 0 ? bad : bad + 1;
	}
	if (in_store && pm_alert_dbstate_save(&al, &st, &e) != 0) {
		fprintf(stderr, "pm-alert: alert state not saved: %s\n", e.msg);
		bad = bad < 0 ? bad : bad + 1;
	}
	if (in_store)
		pm_store_close(&st);
	if (al.dropped > 0) {
		pm_max_series_dropped(&e, al.dropped);
		fprintf(stderr, "pm-alert: %s\n", e.msg);
	}
	if (a.notify.held > 0)
		fprintf(stderr, "pm-alert: --max-per-minute: %lu notifications "
		    "over the limit not sent\n", a.notify.held);
	if (a.check)
		status = check(&c, bad);
	else
		status = bad != 0 || a.notify.failed > 0 || al.dropped > 0;
out:
	/* With --check, a status no one could read is UNKNOWN. */
	if (pm_cli_close_out(&c.out) != 0 && status == 0)
		status = a.check ? PM_NAGIOS_UNKNOWN : 1;
	pm_alerts_release(&al);
	pm_alert_notify_release(&a.notify);
	pm_out_release(&c.out);
	free(seen);
done:
	pm_alert_tests_release(&a.tests);
	for (i = 0; i < a.nrules; i++)
		pm_rule_release(&a.rules[i]);
	return pm_cli_finish(status);
}
