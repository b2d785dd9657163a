/* pm-sample: sample this machine's CPU, memory, disks, network and more
 * as a stream of points. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_cli.h"
#include "pm_collect.h"
#include "pm_opt.h"
#include "pm_out.h"
#include "pm_sampler.h"
#include "pm_ticker.h"
#include "pm_time.h"

enum {
	OPT_PROCFS = PM_OPT_LONG,
	OPT_SYSFS,
	OPT_ROOTFS,
	OPT_ALL,
};

static const struct pm_opt opts[] = {
	{ 'i', "interval", "interval", "time between samples (default 1s)", 0, NULL },
	{ 'n', "count", "count", "stop after count samples (default: run until stopped)", 0, NULL },
	{ 'c', "collectors", "list", "comma-separated collectors (default: all available)",
	  PM_OPT_LIST, "cpu mem load disk net fs pressure thermal" },
	{ 'H', "host", "host", "host name to put in points (default: this machine's)", 0, NULL },
	{ 'l', "label", "key=value", "add a label to every point", PM_OPT_REPEAT, NULL },
	{ 'a', "all", NULL, "include partitions, loop and ram disks, lo and pseudo filesystems", 0, NULL },
	{ OPT_PROCFS, "procfs", "dir", "read /proc from dir", PM_OPT_DIR, NULL },
	{ OPT_SYSFS, "sysfs", "dir", "read /sys from dir", PM_OPT_DIR, NULL },
	{ OPT_ROOTFS, "rootfs", "dir", "find mounted filesystems below dir", PM_OPT_DIR, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	.name = "pm-sample",
	.summary = "Sample this machine's CPU, memory, load, disks, network, filesystems,\n"
	    "pressure and temperatures, and write them as points (pm-points(5)).",
	.operands = NULL,
	.opts = opts,
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

static void
report(void *arg, const char *collector, const char *msg)
{
	(void)arg;
	fprintf(stderr, "pm-sample: %s: %s\n", collector, msg);
}

int
main(int argc, char **argv)
{
	struct pm_opt_parser ps;
	struct pm_sysroot root = { "/proc", "/sys", "" };
	struct pm_label labels[PM_LABELS_MAX];
	struct pm_sampler sampler;
	struct pm_emit emit = { 0 };
	struct pm_out out;
	struct pm_err e;
	struct sigaction sa;
	const char *collectors = NULL;
	char host[HOST_NAME_MAX + 1] = "";
	struct pm_ticker ticker;
	int64_t interval = PM_NS_PER_S, mono;
	long long count = -1, written = 0;
	int key, status = 0, failed = 0, all = 0;
	size_t nlabels = 0;

	pm_opt_init(&ps, &cmd, argc, argv);
	while ((key = pm_opt_next(&ps, &status)) != PM_OPT_END) {
		switch (key) {
		case PM_OPT_STOP:
			return pm_cli_finish(status);
		case 'a':
			all = 1;
			break;
		case 'c':
			if (pm_collector_list_valid(optarg, &e) != 0)
				return pm_usage_error(&cmd, "-c: %s", e.msg);
			collectors = optarg;
			break;
		case 'H':
			snprintf(host, sizeof(host), "%s", optarg);
			break;
		case 'i':
			if (pm_duration_parse(optarg, &interval, &e) != 0)
				return pm_usage_error(&cmd, "-i: %s", e.msg);
			if (interval < PM_NS_PER_MS)
				return pm_usage_error(&cmd, "-i: interval must be at "
				    "least 1ms");
			break;
		case 'l':
			if (nlabels >= PM_LABELS_MAX ||
			    pm_cli_label(optarg, &labels[nlabels], &e) != 0)
				return pm_usage_error(&cmd, "-l: %s", nlabels >=
				    PM_LABELS_MAX ? "too many labels" : e.msg);
			nlabels++;
			break;
		case 'n':
			if (pm_cli_count(optarg, &count, &e) != 0)
				return pm_usage_error(&cmd, "-n: %s", e.msg);
			break;
		case OPT_PROCFS:
			root.procfs = optarg;
			break;
		case OPT_SYSFS:
			root.sysfs = optarg;
			break;
		case OPT_ROOTFS:
			root.rootfs = strcmp(optarg, "/") == 0 ? "" : optarg;
			break;
		}
	}
	if (optind < argc)
		return pm_usage_error(&cmd, "unexpected argument '%s'", argv[optind]);
	if (host[0] == '\0' && gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");

	if (pm_sampler_init(&sampler, &root, collectors, &e) != 0) {
		fprintf(stderr, "pm-sample: %s\n", e.msg);
		pm_sampler_release(&sampler);
		return 1;
	}
	sampler.all_devices = all;
	sampler.replay = pm_clock_pinned();
	if (sampler.replay && count < 0)
		count = 1; /* a pinned clock never waits: do not spin forever */

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	pm_out_init(&out, stdout, "<stdout>");
	emit.fn = write_point;
	emit.arg = &out;
	emit.host = host;
	emit.labels = labels;
	emit.nlabels = nlabels;

	/* The first reading only primes the counters (see pm_ticker.h). */
	pm_ticker_init(&ticker, interval);
	failed += pm_sampler_read(&sampler, ticker.start, NULL, report, NULL) > 0;
	while (!stopping && (count < 0 || written < count)) {
		if (pm_ticker_wait(&ticker, &mono, &emit.ts) != 0 && stopping)
			break;
		failed += pm_sampler_read(&sampler, mono, &emit, report, NULL) > 0;
		written++;
		if (pm_out_sync(&out) != 0)
			break;
	}
	pm_sampler_release(&sampler);
	status = pm_cli_close_out(&out);
	pm_out_release(&out);
	if (status == 0 && failed)
		status = 1;
	return pm_cli_finish(status);
}
