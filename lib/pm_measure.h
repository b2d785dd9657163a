/* pm_measure: run a command once and measure what it cost.
 *
 * Made for benchmarks, so it does as little as it can around the child:
 * posix_spawnp (vfork and exec, a PATH search, no shell), then one wait4
 * that gives the child's CPU time, peak memory and context switches.  Wall
 * time is CLOCK_MONOTONIC from just before the spawn to just after the
 * reap.  With a time limit the wait is a poll on a pidfd instead, and a
 * child past the limit is killed (SIGKILL) and reaped.
 *
 * Each child leads a process group of its own, and a kill (time limit,
 * stop) is sent to that group, so that what a shell started dies with it
 * (but not what left the group: setsid, setpgid).  Out of the terminal's
 * foreground group, a child gets no signal from the terminal (Ctrl-C
 * reaches the caller alone, which stops it), and cannot read the
 * terminal; it may write to it unless "stty tostop" is set.
 *
 * pm_run (lib/pm_run.h) runs one long command while a sampler works beside
 * it, with signals passed on; this runs many short ones and keeps the
 * signals as they are.
 */
#ifndef PM_MEASURE_H
#define PM_MEASURE_H

#include <signal.h>
#include <stdint.h>

#include "pm_err.h"

struct pm_measure {
	int64_t wall;		/* nanoseconds */
	double user, sys;	/* seconds of CPU */
	double max_rss;		/* bytes */
	long vcsw, ivcsw;	/* voluntary and involuntary context switches */
	int status;		/* as a shell says: exit code, 128 + signal */
	int timed_out;		/* killed at the time limit */
	int64_t ts;		/* when it ended: pm_clock_now, or PM_TS_NONE */
};

/* The child's standard input, output and error; -1: this process's. */
struct pm_measure_io {
	int in, out, err;
};

/* Run the program at path (NULL: argv[0] looked up in PATH) with argv and
 * io, for at most timeout_ns (0: no limit), and fill m.  0 when it ran,
 * whatever its status; -1 with e when it could not start ("NAME: command
 * not found") or be waited for, with m->status 127 when there is no such
 * command and 126 otherwise. */
int pm_measure_run(const char *path, char *const argv[],
    const struct pm_measure_io *io, int64_t timeout_ns, struct pm_measure *m,
    struct pm_err *e);

/* A flag a SIGINT or SIGTERM handler sets (NULL: none): once it is set
 * pm_measure_run starts nothing, and kills (SIGKILL) the group of a child
 * it is waiting for (checked at least every 100 ms) and reaps the child,
 * failing with
 * "NAME: stopped by a signal, the run killed".  The flag is borrowed. */
void pm_measure_stop_on(volatile sig_atomic_t *flag);

/* Where PATH finds the executable name (name itself when it has a '/'),
 * so that a benchmark searches once rather than on every run: the search
 * tries each directory in turn, tens of microseconds with a long PATH.
 * The caller frees it; NULL when not found or out of memory. */
char *pm_measure_which(const char *name);

#endif
