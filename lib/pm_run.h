/* pm_run: run a command while something samples beside it.
 *
 * The command is started with posix_spawnp (a PATH search, no shell) with
 * the caller's stdin and stderr; its stdout goes where the caller says.
 * While it runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to this process
 * are passed on to the command, unless the terminal sent them: the
 * terminal signals the whole foreground process group, command included,
 * and a second copy could cut its clean-up short.  The caller keeps
 * sampling until the command exits.
 *
 * Its exit (SIGCHLD) and those signals make a pipe readable, so a sampler
 * waiting on pm_run_fd wakes at once; the command is then a zombie, still
 * in /proc, until pm_run_wait reaps it.
 *
 * One run at a time per process (signal handlers are process-wide).
 */
#ifndef PM_RUN_H
#define PM_RUN_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "pm_collect.h"
#include "pm_err.h"

struct pm_run {
	pid_t pid;
	int64_t start, end;	/* monotonic ns: started, reaped */
	int status;		/* from wait4 */
	struct rusage ru;	/* the command's and its waited-for children's */
	int exited;		/* exited (maybe not reaped yet) */
	int reaped;
	int start_errno;	/* why it could not start */
	int fds[2];		/* the wake-up pipe */
};

/* Start argv[0] with argv; its stdout is out_fd (-1: ours).  0, or -1
 * with e ("NAME: command not found") and r->start_errno set. */
int pm_run_start(struct pm_run *r, char *const argv[], int out_fd,
    struct pm_err *e);

/* Readable when the command may have exited or a signal came. */
int pm_run_fd(const struct pm_run *r);

/* Empty the pipe; whether the command has exited (not reaped). */
int pm_run_poll(struct pm_run *r);

/* Reap the command (waiting for it to exit).  0 or -1 with e. */
int pm_run_wait(struct pm_run *r, struct pm_err *e);

/* The status a shell gives: its exit code, 128 + the signal that killed
 * it, 127 when it was not found and 126 when it could not run. */
int pm_run_exit_status(const struct pm_run *r);

/* Seconds of CPU from the rusage. */
double pm_run_user_seconds(const struct pm_run *r);
double pm_run_system_seconds(const struct pm_run *r);

/* The run's points, labelled command=name: run.wall_time,
 * run.exit_status, run.cpu.user, run.cpu.system and run.max_rss.
 * Returns the first non-zero return of em->fn. */
int pm_run_emit(const struct pm_run *r, const struct pm_emit *em,
    const char *name);

/* Restore the signals and close the pipe. */
void pm_run_release(struct pm_run *r);

#endif
