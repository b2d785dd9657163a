/* pm_cli: what every command does the same way at its edges: parse small
 * option values, and flush and check standard output at the end.
 *
 * These functions report on stderr, under the program's name, only where
 * noted; they never exit.  A command ends with `return pm_cli_finish(st)`.
 */
#ifndef PM_CLI_H
#define PM_CLI_H

#include "pm_err.h"
#include "pm_out.h"
#include "pm_point.h"

/* Parse "key=value" into l; l borrows from s (which it modifies). */
int pm_cli_label(char *s, struct pm_label *l, struct pm_err *e);

/* Parse a count: a whole number >= 0. */
int pm_cli_count(const char *s, long long *n, struct pm_err *e);

/* Flush and check o; on a write error, say so on stderr and return 1.
 * When the reader went away (EPIPE), end quietly as SIGPIPE would. */
int pm_cli_close_out(struct pm_out *o);

/* Flush and check stdout, then return status (1 if stdout failed).  The
 * one place a command's output is checked at exit. */
int pm_cli_finish(int status);

#endif
