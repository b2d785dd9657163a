/* pm-status: this machine and its services at a glance, for people (one
 * aligned screen), for scripts (--json) and for watching (-w). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pm_check.h"
#include "pm_cli.h"
#include "pm_collect.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_proc.h"
#include "pm_recent.h"
#include "pm_sampler.h"
#include "pm_screen.h"
#include "pm_session.h"
#include "pm_snap.h"
#include "pm_status.h"
#include "pm_time.h"

enum {
	OPT_JSON = PM_OPT_LONG,
	OPT_POINTS,
	OPT_CHECK,
	OPT_TARGETS,
	OPT_CACERT,
	OPT_TOP,
	OPT_TIMEOUT,
	OPT_WARN,
	OPT_CRIT,
	OPT_COLOR,
	OPT_DB,
	OPT_AVG,
	OPT_PROCFS,
	OPT_SYSFS,
	OPT_ROOTFS,
};

static const struct pm_opt opts[] = {
	{ OPT_JSON, "json", NULL, "write one JSON object instead of the view",
	  0, NULL },
	{ OPT_POINTS, "points", NULL, "write the points behind the view "
	  "(pm-points(5))", 0, NULL },
	{ OPT_CHECK, "check", "target", "check that a URL answers or that "
	  "tcp:HOST:PORT accepts connections", PM_OPT_REPEAT, NULL },
	{ OPT_TARGETS, "targets", "file", "check the targets of file, one a "
	  "line, with what each answer is expected to be", PM_OPT_REPEAT |
	  PM_OPT_FILE, NULL },
	{ OPT_CACERT, "cacert", "file", "trust only the certificate "
	  "authorities of file (PEM) for https checks", PM_OPT_FILE, NULL },
	{ OPT_TOP, "top", "n", "show the n processes using most CPU and the n "
	  "using most memory", 0, NULL },
	{ OPT_TIMEOUT, "timeout", "duration", "give up on a check after "
	  "duration (default 5s)", 0, NULL },
	{ 'w', "watch", "interval", "show the status again every interval, "
	  "until stopped", 0, NULL },
	{ 'n', "count", "count", "with -w, stop after count views", 0, NULL },
	{ OPT_WARN, "warn", "metric=threshold", "warn when metric is past "
	  "threshold (empty: never)", PM_OPT_REPEAT, NULL },
	{ OPT_CRIT, "crit", "metric=threshold", "critical when metric is past "
	  "threshold (empty: never)", PM_OPT_REPEAT, NULL },
	{ OPT_COLOR, "color", "when", "colour the view: auto, always or never "
	  "(default auto)", 0, "auto always never" },
	{ OPT_DB, "db", "file", "show history from this store (default: "
	  "$PM_DB, when set)", PM_OPT_FILE, NULL },
	{ OPT_AVG, "avg", "n", "with a store, average the last n readings "
	  "(default 10)", 0, NULL },
	{ 'c', "collectors", "list", "comma-separated collectors (default: "
	  "all available)", PM_OPT_LIST,
	  "cpu mem load disk net fs pressure thermal gpu npu" },
	{ 'a', "all", NULL, "include partitions, loop and ram disks, lo and "
	  "pseudo filesystems", 0, NULL },
	{ 'H', "host", "host", "host name to show (default: this machine's)",
	  0, NULL },
	{ OPT_PROCFS, "procfs", "dir", "read /proc from dir", PM_OPT_DIR,
	  NULL },
	{ OPT_SYSFS, "sysfs", "dir", "read /sys from dir", PM_OPT_DIR, NULL },
	{ OPT_ROOTFS, "rootfs", "dir", "find mounted filesystems below dir",
	  PM_OPT_DIR, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-status",
	.summary = "Show how this machine is doing: CPU, memory, disks,\n"
	    "filesystems, network, temperatures, pressure and GPUs, and\n"
	    "whether services answer; for people, for scripts (--json) and\n"
	    "for watching (-w).",
	.opts = opts,
};

#define CHECKS_MAX 64

enum view { VIEW_HUMAN, VIEW_JSON, VIEW_POINTS };

struct args {
	struct pm_sysroot root;
	const char *collectors;
	char host[HOST_NAME_MAX + 1];
	enum view view;
	int all, colour;
	int64_t watch;		/* 0: one view */
	long long count;
	int64_t timeout;
	long long top;
	const char *db;
	const char *cacert;
	long long avg;
	struct pm_limits limits;
	struct pm_check checks[CHECKS_MAX];
	size_t nchecks;
};

/* The state of a run: the snapshot being filled and how to show it. */
struct run {
	const struct args *a;
	struct pm_recent *recent;	/* NULL: no store */
	int keep;			/* recent is -w's own, in memory */
	struct pm_session *ss;
	struct pm_screen screen;	/* -w on a terminal: screen.sp set */
	struct pm_snap snap;
	struct pm_out out;
	int cols, terminal, views, worst, failed, history_told;
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
parse_color(const char *s)
{
	if (strcmp(s, "always") == 0)
		return 1;
	if (strcmp(s, "never") == 0)
		return 0;
	if (strcmp(s, "auto") == 0) {
		s = getenv("NO_COLOR");
		return isatty(STDOUT_FILENO) && (s == NULL || *s == '\0');
	}
	return -1;
}

static int
parse(struct args *a, int argc, char **argv, int *status)
{
	struct pm_opt_parser ps;
	struct pm_err e;
	const char *color = "auto", *s;
	int key, views = 0;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->root = (struct pm_sysroot){ "/proc", "/sys", "" };
	a->count = -1;
	a->timeout = 5 * PM_NS_PER_S;
	a->avg = 10;
	pm_limits_default(&a->limits);
	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, status)) != PM_OPT_END) {
		switch (key) {
		case PM_OPT_STOP:
			return -1;
		case OPT_JSON:
		case OPT_POINTS:
			a->view = key == OPT_JSON ? VIEW_JSON : VIEW_POINTS;
			views++;
			break;
		case OPT_CHECK:
			if (a->nchecks == CHECKS_MAX)
				*status = pm_usage_error(&cmd, "--check: more "
				    "than %d targets", CHECKS_MAX);
			else if (pm_check_init(&a->checks[a->nchecks], optarg,
			    &e) != 0)
				*status = pm_usage_error(&cmd, "--check: %s",
				    e.msg);
			a->nchecks++;
			break;
		case OPT_TARGETS:
			if (pm_check_load(a->checks, CHECKS_MAX, &a->nchecks,
			    optarg, &e) != 0) {
				fprintf(stderr, "pm-status: %s\n", e.msg);
				*status = 2;
			}
			break;
		case OPT_CACERT:
			a->cacert = optarg;
			break;
		case OPT_TOP:
			if (pm_cli_count(optarg, &a->top, &e) != 0 ||
			    a->top < 1 || a->top > 100)
				*status = pm_usage_error(&cmd, "--top: '%s' is "
				    "not a number from 1 to 100", optarg);
			break;
		case OPT_TIMEOUT:
			if (pm_duration_parse(optarg, &a->timeout, &e) != 0)
				*status = pm_usage_error(&cmd, "--timeout: %s",
				    e.msg);
			else if (a->timeout < PM_NS_PER_MS)
				*status = pm_usage_error(&cmd, "--timeout: "
				    "must be at least 1ms");
			break;
		case 'w':
			if (pm_duration_parse(optarg, &a->watch, &e) != 0)
				*status = pm_usage_error(&cmd, "-w: %s", e.msg);
			else if (a->watch < 100 * PM_NS_PER_MS)
				*status = pm_usage_error(&cmd, "-w: interval "
				    "must be at least 100ms");
			break;
		case 'n':
			if (pm_cli_count(optarg, &a->count, &e) != 0 ||
			    a->count < 1)
				*status = pm_usage_error(&cmd, "-n: '%s' is "
				    "not a count of 1 or more", optarg);
			break;
		case OPT_WARN:
		case OPT_CRIT:
			if (pm_limits_set(&a->limits, optarg, key == OPT_CRIT,
			    &e) != 0)
				*status = pm_usage_error(&cmd, "--%s: %s",
				    key == OPT_CRIT ? "crit" : "warn", e.msg);
			break;
		case OPT_COLOR:
			color = optarg;
			if (parse_color(optarg) < 0)
				*status = pm_usage_error(&cmd, "--color: '%s' "
				    "is not auto, always or never", optarg);
			break;
		case OPT_DB:
			a->db = optarg;
			break;
		case OPT_AVG:
			if (pm_cli_count(optarg, &a->avg, &e) != 0 ||
			    a->avg < 1 || a->avg > PM_RECENT_AVG_MAX)
				*status = pm_usage_error(&cmd, "--avg: '%s' is "
				    "not a number from 1 to %d", optarg,
				    PM_RECENT_AVG_MAX);
			break;
		case 'c':
			if (*optarg == '\0')
				*status = pm_usage_error(&cmd, "-c: no "
				    "collectors");
			else if (pm_collector_list_valid(optarg, &e) != 0)
				*status = pm_usage_error(&cmd, "-c: %s", e.msg);
			a->collectors = optarg;
			break;
		case 'a':
			a->all = 1;
			break;
		case 'H':
			snprintf(a->host, sizeof(a->host), "%s", optarg);
			break;
		case OPT_PROCFS:
			a->root.procfs = optarg;
			break;
		case OPT_SYSFS:
			a->root.sysfs = optarg;
			break;
		case OPT_ROOTFS:
			a->root.rootfs = strcmp(optarg, "/") == 0 ? "" : optarg;
			break;
		}
		if (*status != 0)
			return -1;
	}
	if (optind < argc)
		*status = pm_usage_error(&cmd, "unexpected argument '%s'",
		    argv[optind]);
	else if (views > 1)
		*status = pm_usage_error(&cmd, "--json and --points go alone");
	else if (a->count >= 0 && a->watch == 0)
		*status = pm_usage_error(&cmd, "-n is for -w");
	if (*status != 0)
		return -1;
	for (i = 0; i < a->nchecks; i++)
		if (a->checks[i].cacert == NULL)
			a->checks[i].cacert = a->cacert;
	a->colour = parse_color(color);
	if (a->db == NULL && (s = getenv("PM_DB")) != NULL && *s != '\0')
		a->db = s;
	if (a->host[0] == '\0' && gethostname(a->host, sizeof(a->host)) != 0)
		snprintf(a->host, sizeof(a->host), "localhost");
	return 0;
}

/* COLUMNS when set, else the terminal's width, else 80. */
static int
columns(void)
{
	const char *s = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (s != NULL && *s != '\0') {
		n = strtol(s, &end, 10);
		if (*end == '\0' && n > 0)
			return n < 40 ? 40 : n > 1000 ? 1000 : (int)n;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col < 40 ? 40 : ws.ws_col;
	return 80;
}

static int
keep_point(void *arg, const struct pm_point *p)
{
	struct run *r = arg;
	struct pm_err e;

	if (pm_snap_add(&r->snap, p, &e) != 0) {
		fprintf(stderr, "pm-status: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static void
report(void *arg, const char *collector, const char *msg)
{
	struct run *r = arg;

	r->failed = 1;
	fprintf(stderr, "pm-status: %s: %s\n", collector, msg);
}

static int
write_points(struct run *r)
{
	struct pm_point p;
	size_t i;

	for (i = 0; i < r->snap.n; i++) {
		p = r->snap.p[i];
		p.host = r->a->host;
		if (pm_out_point(&r->out, &p) != 0)
			return -1;
	}
	return pm_out_sync(&r->out);
}

static int
write_json(const struct pm_status *st)
{
	cJSON *obj = pm_status_json(st);
	char *s;
	int rc;

	if (obj == NULL || (s = cJSON_PrintUnformatted(obj)) == NULL) {
		cJSON_Delete(obj);
		fprintf(stderr, "pm-status: out of memory\n");
		return -1;
	}
	rc = puts(s) == EOF ? -1 : 0;
	cJSON_free(s);
	cJSON_Delete(obj);
	return rc;
}

/* The view for people, cols wide. */
static int
print_view(struct run *r, const struct pm_status *st, FILE *fp, int cols)
{
	if (r->recent != NULL)
		r->recent->buckets = 12 + (cols - 80) / 4 < 8 ? 8 :
		    12 + (cols - 80) / 4 > PM_RECENT_BUCKETS_MAX ?
		    PM_RECENT_BUCKETS_MAX : 12 + (cols - 80) / 4;
	return pm_status_print(st, fp, cols, r->a->colour, 0);
}

/* The view on the screen, as wide as the terminal is now. */
static int
draw(struct run *r, const struct pm_status *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc, cols = pm_screen_cols(&r->screen);

	if ((fp = open_memstream(&buf, &len)) == NULL) {
		fprintf(stderr, "pm-status: %s\n", strerror(errno));
		return -1;
	}
	rc = print_view(r, st, fp, cols < 40 ? 40 : cols);
	if (fclose(fp) != 0 || rc != 0) {
		fprintf(stderr, "pm-status: out of memory\n");
		rc = -1;
	} else {
		pm_screen_draw(&r->screen, buf, len);
	}
	free(buf);
	return rc;
}

/* Until the next reading is due (or space asks for it now), the view
 * follows the terminal's size; non-zero when q, Ctrl-C or SIGTERM stops
 * it.  A pinned clock does not
 * wait (pm_ticker.h), so the screen waits the interval itself. */
static int
wait_screen(struct run *r, const struct pm_status *st)
{
	int64_t due = pm_clock_pinned() ? pm_clock_mono() + r->a->watch :
	    r->ss->ticker.deadline;

	for (;;) {
		switch (pm_screen_wait(&r->screen, due - pm_clock_mono(),
		    &stopping)) {
		case PM_SCREEN_TIMEOUT:
			return 0;
		case PM_SCREEN_QUIT:
			return 1;
		case PM_SCREEN_NOW:
			/* the next tick is now; the rest keep their pace */
			if (!pm_clock_pinned())
				r->ss->ticker.deadline = pm_clock_mono();
			return 0;
		case PM_SCREEN_RESIZED:
			if (draw(r, st) != 0)
				return 1;
			break;
		}
	}
}

/* After each reading: the checks, then the view.  Non-zero stops. */
static int
show(void *arg)
{
	struct run *r = arg;
	const struct args *a = r->a;
	struct pm_status st = { 0 };
	struct pm_emit em = { 0 };
	struct pm_err e;
	size_t i;
	int rc = 0, stop = 0;

	em.fn = keep_point;
	em.arg = r;
	em.ts = r->snap.ts;
	if (pm_checks_run((struct pm_check *)a->checks, a->nchecks,
	    a->timeout, &e) != 0) {
		fprintf(stderr, "pm-status: --check: %s\n", e.msg);
		r->failed = 1;
	} else if (pm_checks_emit(a->checks, a->nchecks, &em) != 0) {
		return -1;
	}
	st.snap = &r->snap;
	st.limits = &a->limits;
	st.checks = a->checks;
	st.nchecks = a->nchecks;
	st.host = a->host;
	st.recent = r->recent;
	st.top = (unsigned)a->top;
	for (i = 0; i < a->nchecks; i++)
		pm_status_cert_words(&st, (struct pm_check *)&a->checks[i]);
	r->worst = pm_status_alerts(&st, NULL, NULL);
	r->views++;
	if (r->keep && pm_recent_keep(r->recent, r->snap.p, r->snap.n,
	    r->snap.ts, &e) != 0) {
		fprintf(stderr, "pm-status: %s\n", e.msg);
		return -1;
	}
	if (a->view == VIEW_POINTS) {
		rc = write_points(r);
	} else if (a->view == VIEW_JSON) {
		rc = write_json(&st);
	} else if (r->screen.sp != NULL) {
		rc = draw(r, &st);
		if (rc == 0 && (a->count < 0 || r->views < a->count))
			stop = wait_screen(r, &st);
	} else {
		if (r->views > 1)
			putchar('\n');
		rc = print_view(r, &st, stdout, r->terminal ? columns() :
		    r->cols);
	}
	pm_snap_clear(&r->snap);
	/* History that could not be read leaves its column blank: say why,
	 * once, and end with status 3. */
	if (r->recent != NULL && r->recent->nerr > 0 && !r->history_told) {
		fprintf(stderr, "pm-status: %s\n", r->recent->first_err.msg);
		r->failed = r->history_told = 1;
	}
	/* The reason kept for pm_cli_close_out: "No space left on device". */
	if (rc == 0 && fflush(stdout) == EOF) {
		if (r->out.err == 0)
			r->out.err = errno;
		rc = -1;
	}
	return rc != 0 || stop || stopping;
}

static void
release_checks(struct args *a)
{
	size_t i;

	for (i = 0; i < a->nchecks; i++)
		pm_check_release(&a->checks[i]);
}

int
main(int argc, char **argv)
{
	static struct args a;
	struct pm_sampler sampler;
	struct pm_recent recent;
	struct pm_session ss = { 0 };
	struct pm_emit emit = { 0 };
	struct sigaction sa;
	struct run r = { 0 };
	struct pm_err e;
	int status = 0;

	if (parse(&a, argc, argv, &status) != 0) {
		release_checks(&a);
		return pm_cli_finish(status);
	}
	if (pm_sampler_init(&sampler, &a.root, a.collectors, &e) != 0 ||
	    (a.top > 0 && pm_proc_collector_add(&sampler,
	    &(struct pm_proc_config){ .top = (unsigned)a.top }, &e) ==
	    NULL)) {
		fprintf(stderr, "pm-status: %s\n", e.msg);
		pm_sampler_release(&sampler);
		release_checks(&a);
		return pm_cli_finish(3);
	}
	/* No store: -w keeps what it reads. */
	r.keep = a.db == NULL && a.watch > 0 && a.view == VIEW_HUMAN;
	if (a.db != NULL || r.keep) {
		if ((r.keep ? pm_recent_open_memory(&recent, a.watch, &e) :
		    pm_recent_open(&recent, a.db, &e)) != 0) {
			fprintf(stderr, "pm-status: %s\n", e.msg);
			pm_sampler_release(&sampler);
			release_checks(&a);
			return pm_cli_finish(3);
		}
		recent.host = a.host;
		recent.avg_n = (int)a.avg;
		r.recent = &recent;
	}
	sampler.all_devices = a.all;
	sampler.replay = pm_clock_pinned();
	r.a = &a;
	r.cols = columns();
	r.terminal = isatty(STDOUT_FILENO);
	pm_snap_init(&r.snap);
	pm_out_init(&r.out, stdout, "<stdout>");

	emit.fn = keep_point;
	emit.arg = &r;
	emit.host = a.host;
	ss.sampler = &sampler;
	ss.emit = &emit;
	/* One view: a reading 250 ms after the priming one (pm_ticker.h). */
	ss.interval = a.watch > 0 ? a.watch : PM_NS_PER_S;
	ss.count = a.watch > 0 ? a.count : 1;
	ss.sync = show;
	ss.sync_arg = &r;
	ss.on_error = report;
	ss.error_arg = &r;
	ss.stop = &stopping;
	r.ss = &ss;

	/* Before the screen starts, so curses keeps these handlers. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (a.watch > 0 && r.terminal && a.view == VIEW_HUMAN &&
	    pm_screen_init(&r.screen, a.colour, &e) != 0)
		fprintf(stderr, "pm-status: %s; one view after another\n",
		    e.msg);
	pm_session_run(&ss);
	pm_screen_release(&r.screen);
	status = pm_cli_close_out(&r.out);
	if (status == 0)
		status = r.failed ? 3 : r.worst;
	pm_sampler_release(&sampler);
	if (r.recent != NULL)
		pm_recent_close(r.recent);
	pm_snap_release(&r.snap);
	pm_out_release(&r.out);
	release_checks(&a);
	return pm_cli_finish(status);
}
