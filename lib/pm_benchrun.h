/* pm_benchrun: run the jobs of a benchmark plan and keep every run.
 *
 * Per command: its setup, the warm-up runs (not kept), the first run, which
 * sets how many runs it needs, the other runs, its cleanup; prepare before
 * and conclude after every run.  Interleaved, the commands take turns and
 * all take as many runs as the one that needs most.
 *
 * Ownership: borrows everything but the descriptors pm_benchrun_open
 * opens (pm_benchrun_close closes them); the runs go into the set's
 * commands.
 */
#ifndef PM_BENCHRUN_H
#define PM_BENCHRUN_H

#include "pm_benchplan.h"
#include "pm_benchprogress.h"
#include "pm_measure.h"

struct pm_benchrun {
	struct pm_bench_set *set;
	struct pm_bench_job *jobs;
	long long warmup, runs, min_runs, max_runs; /* runs, max_runs: 0 none */
	int64_t min_time, timeout;	/* ns; timeout 0: none */
	int ignore;			/* keep failed runs */
	struct pm_measure_io io;	/* the commands' */
	struct pm_measure_io hook_io;	/* the hooks' */
	int input;			/* rewound before every run, or -1 */
	struct pm_benchprogress *progress;	/* shown after every run, or NULL */
	/* Called right before (after 0) and after (1) every measured run of
	 * command i, or NULL: what --sample hangs on. */
	void (*around)(void *arg, size_t i, int after);
	void *arg;			/* around's */
	int null;			/* /dev/null, or -1 */
};

/* Open the commands' I/O: standard input from input (NULL: /dev/null),
 * output and error to /dev/null unless show (then SIGTTOU is ignored,
 * here and in the commands, so that they write to a terminal with
 * "stty tostop"); the hooks read /dev/null.
 * -1 with e ("FILE: why").  Set null and input to -1 before. */
int pm_benchrun_open(struct pm_benchrun *br, const char *input, int show,
    struct pm_err *e);
void pm_benchrun_close(struct pm_benchrun *br);

/* The settings that a comparison with a baseline must share (an object
 * for pm_bench_set's settings; NULL when memory ran out). */
cJSON *pm_benchrun_settings(const struct pm_benchrun *br,
    const struct pm_benchplan *pl, int interleave);

/* Run every job.  0, or -1 with e (a command that failed without ignore,
 * a hook that failed, no memory). */
int pm_benchrun_all(struct pm_benchrun *br, int interleave, struct pm_err *e);

/* Stop on SIGINT, SIGTERM and SIGHUP: the run going on is killed with its
 * process group and reaped (pm_measure_stop_on), and not kept; no other
 * run or hook starts, so that pm_benchrun_all fails, and the runs done
 * stay in the set; pm_benchrun_stopped then gives the signal's number,
 * else 0.  Returns the flag the handler sets (for pm_loadgen); a second
 * signal only sets it again. */
volatile sig_atomic_t *pm_benchrun_stop_on_signals(void);
int pm_benchrun_stopped(void);

/* Measure the start-up of "shell -c ''" (3 warm-up runs, then n) and set
 * every command's shell_wall to its mean.  -1 with e. */
int pm_benchrun_shell(struct pm_benchrun *br, const char *shell, int n,
    struct pm_err *e);

#endif
