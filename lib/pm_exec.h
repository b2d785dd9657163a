/* pm_exec: run a command for a notification, with data handed over as
 * data: in environment variables and on its standard input, never through
 * a shell, so nothing in the data is ever interpreted.
 *
 * The command is started with pm_spawn_start (posix_spawn, its own
 * process group, default signal handling), reads input on standard input, and its standard output
 * goes to our standard error (our standard output carries records).  A
 * command that runs past the time limit is killed and reaped.  The caller
 * ignores SIGPIPE (a command may exit without reading its input).
 *
 * Ownership: everything is borrowed.
 */
#ifndef PM_EXEC_H
#define PM_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

/* Run argv (argv[0] looked up in PATH when it has no '/') with our
 * environment plus env ("NAME=value" strings, NULL-terminated; they
 * replace variables of the same name), input on its standard input.  0
 * with its exit status (or 128 + signal) in *status; -1 with e when it
 * could not be started or ran out of time. */
int pm_exec_run(char *const argv[], char *const env[], const char *input,
    size_t len, int64_t timeout_ns, int *status, struct pm_err *e);

/* Split a command line into words at spaces and tabs (no quoting: a
 * command needing more is a script).  The words point into s, which is
 * modified; at most max - 1 words, then NULL.  The count, 0 if none. */
size_t pm_exec_split(char *s, char **argv, size_t max);

#endif
