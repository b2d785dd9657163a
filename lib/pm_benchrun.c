/* pm_benchrun: run a benchmark's jobs (see pm_benchrun.h). */
#include "pm_benchrun.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_time.h"
#include "pm_words.h"

/* Run a hook (NULL: none). */
static int
hook(struct pm_benchrun *br, char **argv, const char *what, struct pm_err *e)
{
	struct pm_measure m;

	if (argv == NULL)
		return 0;
	if (pm_measure_run(NULL, argv, &br->hook_io, 0, &m, e) != 0)
		return pm_err_prefix(e, "--%s", what);
	if (m.status != 0)
		return pm_err_set(e, "--%s: '%s' failed with status %d", what,
		    argv[0], m.status);
	return 0;
}

/* One run of command i, kept unless warmup. */
static int
run_one(struct pm_benchrun *br, size_t i, int warmup, struct pm_err *e)
{
	struct pm_bench_job *j = &br->jobs[i];
	struct pm_bench_cmd *c = &br->set->cmds[i];
	struct pm_measure m;
	char limit[32];

	if (hook(br, j->prepare, "prepare", e) != 0)
		return -1;
	/* Every run reads the input from the start. */
	if (br->input >= 0)
		lseek(br->input, 0, SEEK_SET);
	/* Found now, not when planned: --setup may have just made it. */
	if (j->path == NULL)
		j->path = pm_measure_which(j->argv[0]);
	if (!warmup && br->around != NULL)
		br->around(br->arg, i, 0);
	if (pm_measure_run(j->path, j->argv, &br->io, br->timeout, &m, e) != 0)
		return -1;
	if (!warmup && br->around != NULL)
		br->around(br->arg, i, 1);
	if (m.status != 0 && !br->ignore) {
		pm_duration_format(br->timeout, limit, sizeof(limit));
		if (m.timed_out)
			return pm_err_set(e, "%s: timed out after %s (use -i to "
			    "keep going)", c->name, limit);
		return pm_err_set(e, "%s: exit status %d (use -i to keep "
		    "going)", c->name, m.status);
	}
	if (!warmup && pm_bench_add_run(c, &m, e) != 0)
		return -1;
	if (hook(br, j->conclude, "conclude", e) != 0)
		return -1;
	if (!warmup && br->progress != NULL)
		pm_benchprogress_show(br->progress, c, j->target);
	return 0;
}

/* How many runs command c needs, from its first one. */
static long long
target(const struct pm_benchrun *br, const struct pm_bench_cmd *c)
{
	double first = (double)c->runs[0].wall, n;

	if (br->runs > 0)
		return br->runs;
	n = first > 0 ? ceil((double)br->min_time / first) :
	    (double)br->min_runs;
	if (n < (double)br->min_runs)
		n = (double)br->min_runs;
	if (br->max_runs > 0 && n > (double)br->max_runs)
		n = (double)br->max_runs;
	return n > 1e9 ? 1000000000 : (long long)n;
}

/* Commands [from, to) in turn: one alone when not interleaved. */
static int
group(struct pm_benchrun *br, size_t from, size_t to, struct pm_err *e)
{
	long long r, most = 0;
	size_t i;

	for (i = from; i < to; i++)
		if (hook(br, br->jobs[i].setup, "setup", e) != 0)
			return -1;
	for (r = 0; r < br->warmup; r++)
		for (i = from; i < to; i++)
			if (run_one(br, i, 1, e) != 0)
				return -1;
	for (i = from; i < to; i++) {
		if (run_one(br, i, 0, e) != 0)
			return -1;
		br->jobs[i].target = target(br, &br->set->cmds[i]);
		if (br->jobs[i].target > most)
			most = br->jobs[i].target;
	}
	/* Interleaved commands take the same number of runs. */
	for (r = 1; r < most; r++)
		for (i = from; i < to; i++)
			if ((to - from > 1 || r < br->jobs[i].target) &&
			    run_one(br, i, 0, e) != 0)
				return -1;
	for (i = from; i < to; i++)
		if (hook(br, br->jobs[i].cleanup, "cleanup", e) != 0)
			return -1;
	return 0;
}

int
pm_benchrun_all(struct pm_benchrun *br, int interleave, struct pm_err *e)
{
	size_t i;

	if (interleave)
		return group(br, 0, br->set->n, e);
	for (i = 0; i < br->set->n; i++)
		if (group(br, i, i + 1, e) != 0)
			return -1;
	return 0;
}

int
pm_benchrun_shell(struct pm_benchrun *br, const char *shell, int n,
    struct pm_err *e)
{
	const char *w[3] = { shell, "-c", "" };
	struct pm_measure m;
	double sum = 0;
	char **argv;
	size_t i;
	int k, rc = 0;

	if ((argv = pm_words_pack(w, 3, e)) == NULL)
		return -1;
	for (k = 0; k < n + 3 && rc == 0; k++) {
		if ((rc = pm_measure_run(NULL, argv, &br->hook_io, 0, &m, e)) == 0 &&
		    m.status != 0)
			rc = pm_err_set(e, "'%s -c \"\"' exits with status %d",
			    shell, m.status);
		if (k >= 3)	/* the first ones warm it up */
			sum += (double)m.wall / PM_NS_PER_S;
	}
	free(argv);
	for (i = 0; rc == 0 && i < br->set->n; i++)
		br->set->cmds[i].shell_wall = sum / n;
	return rc;
}

int
pm_benchrun_open(struct pm_benchrun *br, const char *input, int show,
    struct pm_err *e)
{
	int null, in;

	if ((null = br->null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		return pm_err_set(e, "/dev/null: %s", strerror(errno));
	in = null;
	if (input != NULL && (in = br->input = open(input,
	    O_RDONLY | O_CLOEXEC)) < 0)
		return pm_err_set(e, "%s: %s", input, strerror(errno));
	br->io = (struct pm_measure_io){ in, show ? -1 : null,
	    show ? -1 : null };
	/* The runs are out of the terminal's foreground process group
	 * (pm_measure.h): let them write to it even with tostop set, and
	 * change its modes (SIG_IGN lasts through exec). */
	if (show)
		signal(SIGTTOU, SIG_IGN);
	br->hook_io = (struct pm_measure_io){ null, br->io.out, br->io.err };
	return 0;
}

void
pm_benchrun_close(struct pm_benchrun *br)
{
	if (br->null >= 0)
		close(br->null);
	if (br->input >= 0)
		close(br->input);
	br->null = br->input = -1;
}

cJSON *
pm_benchrun_settings(const struct pm_benchrun *br,
    const struct pm_benchplan *pl, int interleave)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "warmup", (double)br->warmup);
	cJSON_AddNumberToObject(o, "runs", (double)br->runs);
	cJSON_AddNumberToObject(o, "min_runs", (double)br->min_runs);
	cJSON_AddNumberToObject(o, "max_runs", (double)br->max_runs);
	cJSON_AddNumberToObject(o, "min_time", (double)br->min_time /
	    PM_NS_PER_S);
	cJSON_AddStringToObject(o, "shell", pl->shell ? pl->shell : "");
	cJSON_AddStringToObject(o, "prepare", pl->prepare ? pl->prepare : "");
	cJSON_AddStringToObject(o, "conclude",
	    pl->conclude ? pl->conclude : "");
	cJSON_AddBoolToObject(o, "interleave", interleave);
	return o;
}

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	stopping = sig;
}

volatile sig_atomic_t *
pm_benchrun_stop_on_signals(void)
{
	struct sigaction sa;

	/* SA_RESTART: once stopped, the records are still written whole
	 * whatever signal comes next; the waits (ppoll, epoll_wait,
	 * nanosleep) return all the same, as they are never restarted. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* The terminal gone: the runs, out of its foreground group, would
	 * not get its SIGHUP, and would be left running. */
	sigaction(SIGHUP, &sa, NULL);
	pm_measure_stop_on(&stopping);
	return &stopping;
}

int
pm_benchrun_stopped(void)
{
	return stopping;
}
