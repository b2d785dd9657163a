/* pm_spawn: run a program to completion and keep what it printed.
 *
 * The program is started with posix_spawn (no shell, so nothing in argv is
 * interpreted), with standard input from /dev/null and standard output and
 * error each read through a pipe.  A program that runs past the time limit
 * is killed and reaped: nothing is left behind.
 *
 * Ownership: struct pm_spawn_result owns its two buffers;
 * pm_spawn_result_release frees them.  A zeroed result is ready for use
 * and may be reused from one run to the next.
 */
#ifndef PM_SPAWN_H
#define PM_SPAWN_H

#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pm_err.h"

struct pm_spawn_buf {
	char *data;		/* NUL-terminated; set by every run that ends */
	size_t len, cap;
};

struct pm_spawn_result {
	struct pm_spawn_buf out, err;
	int status;		/* exit status, or 128 + signal number */
};

/* Run argv[0] (looked up in PATH when it has no '/') with argv, wait for
 * it for at most timeout_ns, and fill r.  0 when it ran and ended (with
 * any status: see r->status), 1 when there is no such program, -1 with e
 * on other failures (including the time limit). */
int pm_spawn_run(char *const argv[], int64_t timeout_ns,
    struct pm_spawn_result *r, struct pm_err *e);

void pm_spawn_result_release(struct pm_spawn_result *r);

/* Start argv[0] (looked up in PATH when it has no '/') with argv, envp and
 * the file actions fa, in a process group of its own (a ^C at the
 * terminal is not for it), with no signal blocked and SIGPIPE at its
 * default: posix_spawn's answer, 0 or an errno value. */
int pm_spawn_start(char *const argv[], char *const envp[],
    const posix_spawn_file_actions_t *fa, pid_t *pid);

#endif
