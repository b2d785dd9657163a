/* pm-sample: sample this machine's CPU, memory, disks, network and more
 * as a stream of points; processes too, and the footprint of a command. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_cli.h"
#include "pm_collect.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_proc.h"
#include "pm_run.h"
#include "pm_sampler.h"
#include "pm_scrape.h"
#include "pm_session.h"
#include "pm_summary.h"
#include "pm_time.h"

enum {
	OPT_PROCFS = PM_OPT_LONG,
	OPT_SYSFS,
	OPT_ROOTFS,
	OPT_ALL,
	OPT_PROC,
	OPT_TOP,
	OPT_COMMAND_OUTPUT,
	OPT_SCRAPE,
	OPT_RATE,
	OPT_MATCH,
	OPT_TIMEOUT,
};

static const struct pm_opt opts[] = {
	{ 'i', "interval", "interval", "time between samples (default 1s)", 0, NULL },
	{ 'n', "count", "count", "stop after count samples (default: run until stopped)", 0, NULL },
	{ 'c', "collectors", "list", "comma-separated collectors (default: all available)",
	  PM_OPT_LIST, "cpu mem load disk net fs pressure thermal gpu gpu-proc npu" },
	{ 'H', "host", "host", "host name to put in points (default: this machine's)", 0, NULL },
	{ 'l', "label", "key=value", "add a label to every point", PM_OPT_REPEAT, NULL },
	{ 'a', "all", NULL, "include partitions, loop and ram disks, lo and pseudo filesystems", 0, NULL },
	{ 'p', "pid", "pids", "sample the processes with these ids (comma-separated)", PM_OPT_REPEAT, NULL },
	{ OPT_PROC, "proc", "name", "sample every process called name", PM_OPT_REPEAT, NULL },
	{ OPT_TOP, "top", "n", "sample the n processes using most CPU and most memory", 0, NULL },
	{ OPT_COMMAND_OUTPUT, "command-output", "file", "write the command's output to file (default: stderr)",
	  PM_OPT_FILE, NULL },
	{ OPT_SCRAPE, "scrape", "url", "scrape this Prometheus endpoint at each sample", PM_OPT_REPEAT, NULL },
	{ OPT_RATE, "rate", NULL, "write scraped counters as per-second rates", 0, NULL },
	{ OPT_MATCH, "match", "regex", "keep only scraped metrics whose name matches regex", 0, NULL },
	{ OPT_TIMEOUT, "timeout", "duration", "give up on a scrape after duration (default 5s)", 0, NULL },
	{ OPT_PROCFS, "procfs", "dir", "read /proc from dir", PM_OPT_DIR, NULL },
	{ OPT_SYSFS, "sysfs", "dir", "read /sys from dir", PM_OPT_DIR, NULL },
	{ OPT_ROOTFS, "rootfs", "dir", "find mounted filesystems below dir", PM_OPT_DIR, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-sample",
	.summary = "Sample this machine's CPU, memory, load, disks, network, filesystems,\n"
	    "pressure and temperatures, its processes, a command while it runs, or\n"
	    "Prometheus endpoints, and write them as points (pm-points(5)).",
	.operands = "[-- command [arg ...]]",
	.opts = opts,
};

#define PIDS_MAX 4096
#define NAMES_MAX 64

/* What the command line asks for. */
struct args {
	struct pm_sysroot root;
	struct pm_label labels[PM_LABELS_MAX];
	size_t nlabels;
	const char *collectors;
	char host[HOST_NAME_MAX + 1];
	int64_t interval;
	long long count;
	int all;
	int pids[PIDS_MAX];
	size_t npids;
	char *names[NAMES_MAX];
	size_t nnames;
	unsigned top;
	const char *command_output;
	char **command;		/* after "--", or NULL */
	struct pm_scraper scrape;
	int scrape_opts;	/* --rate, --match or --timeout given */
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
write_point(void *arg, const struct pm_point *p)
{
	return pm_out_point(arg, p);
}

static int
sync_out(void *arg)
{
	return pm_out_sync(arg);
}

static int
still_watching(void *state)
{
	return pm_proc_watching(state);
}

static void
report(void *arg, const char *collector, const char *msg)
{
	(void)arg;
	fprintf(stderr, "pm-sample: %s: %s\n", collector, msg);
}

/* -p 12,34: add the ids to a->pids. */
static int
parse_pids(struct args *a, const char *s)
{
	const char *p = s;
	char *end;
	long v;

	if (*s == '\0')
		return pm_usage_error(&cmd, "-p: no process ids");
	for (;;) {
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno != 0 || v <= 0 || v > INT_MAX ||
		    (*end != ',' && *end != '\0'))
			return pm_usage_error(&cmd, "-p: '%s' is not a list of "
			    "process ids", s);
		if (a->npids == PIDS_MAX)
			return pm_usage_error(&cmd, "-p: more than %d processes",
			    PIDS_MAX);
		a->pids[a->npids++] = (int)v;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* Parse the command line into a; 0, or the status to exit with. */
static int
parse(struct args *a, int argc, char **argv, int *status)
{
	struct pm_opt_parser ps;
	struct pm_err e;
	long long n;
	int key;

	memset(a, 0, sizeof(*a));
	a->root = (struct pm_sysroot){ "/proc", "/sys", "" };
	a->interval = PM_NS_PER_S;
	a->count = -1;
	pm_scraper_init(&a->scrape);
	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, status)) != PM_OPT_END) {
		switch (key) {
		case PM_OPT_STOP:
			return -1;
		case 'a':
			a->all = 1;
			break;
		case 'c':
			if (*optarg == '\0')
				*status = pm_usage_error(&cmd, "-c: no collectors");
			else if (pm_collector_list_valid(optarg, &e) != 0)
				*status = pm_usage_error(&cmd, "-c: %s", e.msg);
			a->collectors = optarg;
			break;
		case 'H':
			snprintf(a->host, sizeof(a->host), "%s", optarg);
			break;
		case 'i':
			if (pm_duration_parse(optarg, &a->interval, &e) != 0)
				*status = pm_usage_error(&cmd, "-i: %s", e.msg);
			else if (a->interval < PM_NS_PER_MS)
				*status = pm_usage_error(&cmd, "-i: interval must "
				    "be at least 1ms");
			break;
		case 'l':
			if (a->nlabels >= PM_LABELS_MAX)
				*status = pm_usage_error(&cmd, "-l: too many labels");
			else if (pm_cli_label(optarg, &a->labels[a->nlabels],
			    &e) != 0)
				*status = pm_usage_error(&cmd, "-l: %s", e.msg);
			a->nlabels++;
			break;
		case 'n':
			if (pm_cli_count(optarg, &a->count, &e) != 0)
				*status = pm_usage_error(&cmd, "-n: %s", e.msg);
			break;
		case 'p':
			*status = parse_pids(a, optarg);
			break;
		case OPT_PROC:
			if (*optarg == '\0' || a->nnames == NAMES_MAX)
				*status = pm_usage_error(&cmd, "--proc: %s",
				    *optarg ? "too many names" : "empty name");
			else
				a->names[a->nnames++] = optarg;
			break;
		case OPT_TOP:
			if (pm_cli_count(optarg, &n, &e) != 0 || n < 1 ||
			    n > 100000)
				*status = pm_usage_error(&cmd, "--top: '%s' is not "
				    "a number from 1 to 100000", optarg);
			a->top = (unsigned)n;
			break;
		case OPT_COMMAND_OUTPUT:
			a->command_output = optarg;
			break;
		case OPT_SCRAPE:
			if (pm_scraper_add(&a->scrape, optarg, &e) != 0)
				*status = pm_usage_error(&cmd, "--scrape: %s", e.msg);
			break;
		case OPT_RATE:
			a->scrape.rate = a->scrape_opts = 1;
			break;
		case OPT_MATCH:
			if (pm_scraper_match_valid(optarg, &e) != 0)
				*status = pm_usage_error(&cmd, "--match: %s", e.msg);
			a->scrape.match = optarg;
			a->scrape_opts = 1;
			break;
		case OPT_TIMEOUT:
			if (pm_duration_parse(optarg, &a->scrape.timeout, &e) != 0)
				*status = pm_usage_error(&cmd, "--timeout: %s", e.msg);
			else if (a->scrape.timeout < PM_NS_PER_MS)
				*status = pm_usage_error(&cmd, "--timeout: must be "
				    "at least 1ms");
			a->scrape_opts = 1;
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
	/* '+' in the option string: parsing stopped at "--" or an operand. */
	if (optind < argc && optind > 1 && strcmp(argv[optind - 1], "--") == 0)
		a->command = argv + optind;
	else if (optind < argc)
		*status = pm_usage_error(&cmd, "unexpected argument '%s' (a "
		    "command goes after --)", argv[optind]);
	else if (optind > 1 && strcmp(argv[optind - 1], "--") == 0)
		*status = pm_usage_error(&cmd, "no command after --");
	else if (a->command_output != NULL)
		*status = pm_usage_error(&cmd, "--command-output: no command "
		    "to run");
	if (*status == 0 && a->scrape_opts && a->scrape.n == 0)
		*status = pm_usage_error(&cmd, "--rate, --match and --timeout "
		    "are for --scrape");
	if (*status != 0)
		return -1;
	if (a->host[0] == '\0' && gethostname(a->host, sizeof(a->host)) != 0)
		snprintf(a->host, sizeof(a->host), "localhost");
	return 0;
}

/* The system collectors, the endpoints of --scrape and the proc collector
 * for -p, --proc and --top.  Asked about processes or endpoints only,
 * pm-sample samples only them unless -c names collectors too.  0, or the
 * status to exit with. */
static int
setup(struct args *a, struct pm_sampler *s, void **watch)
{
	struct pm_proc_config pc = { 0 };
	struct pm_err e;
	const char *list = a->collectors;
	size_t i;

	*watch = NULL;
	if (list == NULL && a->command == NULL &&
	    (a->npids > 0 || a->nnames > 0 || a->top > 0 || a->scrape.n > 0))
		list = "";
	if (pm_sampler_init(s, &a->root, list, &e) != 0)
		goto fail;
	s->all_devices = a->all;
	s->replay = pm_clock_pinned();
	if (pm_scraper_start(&a->scrape, s, &e) != 0)
		goto fail;
	if (a->npids == 0 && a->nnames == 0 && a->top == 0)
		return 0;
	for (i = 0; i < a->npids; i++)
		if (!pm_proc_exists(a->root.procfs, a->pids[i])) {
			fprintf(stderr, "pm-sample: -p: no process %d\n",
			    a->pids[i]);
			return 1;
		}
	pc.pids = a->pids;
	pc.npids = a->npids;
	pc.names = a->names;
	pc.nnames = a->nnames;
	pc.top = a->top;
	if ((*watch = pm_proc_collector_add(s, &pc, &e)) != NULL)
		return 0;
fail:
	fprintf(stderr, "pm-sample: %s\n", e.msg);
	return 1;
}

/* Where the command's stdout goes: our stdout carries the points. */
static int
command_stdout(const struct args *a)
{
	int fd;

	if (a->command_output == NULL)
		return STDERR_FILENO;
	fd = open(a->command_output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666);
	if (fd < 0)
		fprintf(stderr, "pm-sample: --command-output: %s: %s\n",
		    a->command_output, strerror(errno));
	return fd;
}

/* Run the command and sample while it runs; then the summary and the
 * run's points.  Returns the command's status, as a shell gives it. */
static int
run_command(const struct args *a, struct pm_session *ss, struct pm_out *out)
{
	struct pm_proc_config tree = { 0 };
	struct pm_summary summary = { 0 };
	struct pm_run run;
	struct pm_err e;
	const char *base = strrchr(a->command[0], '/');
	char comm[16];
	int fd, status, written;

	if ((fd = command_stdout(a)) < 0)
		return 1;
	/* A reader that goes away must not end us before the command. */
	signal(SIGPIPE, SIG_IGN);
	if (pm_run_start(&run, a->command, fd, &e) != 0) {
		fprintf(stderr, "pm-sample: %s\n", e.msg);
		pm_run_release(&run);
		return pm_run_exit_status(&run);
	}
	if (fd != STDERR_FILENO)
		close(fd);
	/* The comm the kernel gives it: the name, cut to 15 bytes. */
	snprintf(comm, sizeof(comm), "%s", base ? base + 1 : a->command[0]);
	tree.tree_pid = run.pid;
	tree.tree_comm = comm;
	tree.procfs = "/proc";	/* it runs here, whatever --procfs says */
	if (pm_proc_collector_add(ss->sampler, &tree, &e) == NULL)
		fprintf(stderr, "pm-sample: %s\n", e.msg);
	ss->run = &run;
	ss->summary = &summary;
	written = pm_session_run(ss) == 0;
	if (pm_run_wait(&run, &e) != 0)
		fprintf(stderr, "pm-sample: %s\n", e.msg);
	if (written && pm_summary_write(&summary, ss->emit->fn, ss->emit->arg,
	    a->host, ss->last_ts) == 0) {
		ss->emit->ts = ss->last_ts;
		pm_run_emit(&run, ss->emit, a->command[0]);
	}
	status = pm_run_exit_status(&run);
	pm_run_release(&run);
	pm_summary_release(&summary);
	ss->run = NULL;		/* both were local to this function */
	ss->summary = NULL;
	/* The command's status is what counts: a write error is reported,
	 * a reader that went away is not even that. */
	if (pm_out_finish(out) != 0) {
		if (errno != EPIPE)
			fprintf(stderr, "pm-sample: write error on %s: %s\n",
			    out->name, strerror(errno));
		__fpurge(stdout);
		clearerr(stdout);
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct args a;
	struct pm_sampler sampler;
	struct pm_session ss = { 0 };
	struct pm_emit emit = { 0 };
	struct pm_out out;
	struct sigaction sa;
	void *watch;
	int status = 0;

	if (parse(&a, argc, argv, &status) != 0)
		return pm_cli_finish(status);
	if ((status = setup(&a, &sampler, &watch)) != 0) {
		pm_sampler_release(&sampler);
		pm_scraper_release(&a.scrape);
		return pm_cli_finish(status);
	}
	if (a.count < 0 && pm_clock_pinned())
		a.count = 1;	/* a pinned clock never waits: do not spin */

	pm_out_init(&out, stdout, "<stdout>");
	emit.fn = write_point;
	emit.arg = &out;
	emit.host = a.host;
	emit.labels = a.labels;
	emit.nlabels = a.nlabels;
	ss.sampler = &sampler;
	ss.emit = &emit;
	ss.interval = a.interval;
	ss.count = a.count;
	ss.sync = sync_out;
	ss.sync_arg = &out;
	ss.on_error = report;
	ss.stop = &stopping;
	a.scrape.stop = &stopping;
	/* Only -p: done when those processes are. */
	if (watch != NULL && sampler.n == 1 && a.command == NULL) {
		ss.more = still_watching;
		ss.more_arg = watch;
	}

	if (a.command != NULL) {
		status = run_command(&a, &ss, &out);
	} else {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		pm_session_run(&ss);
		status = pm_cli_close_out(&out);
		if (status == 0 && ss.failed)
			status = 1;
	}
	pm_sampler_release(&sampler);
	pm_scraper_release(&a.scrape);
	pm_out_release(&out);
	return pm_cli_finish(status);
}
