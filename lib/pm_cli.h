/* pm_cli: what every command does the same way at its edges: parse small
 * option values, and flush and check standard output at the end.
 *
 * These functions report on stderr, under the program's name, only where
 * noted; they never exit.  A command ends with `return pm_cli_finish(st)`.
 */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_out.h"
#include "pm_point.h"

/* Parse "key=value" into l; l borrows from s (which it modifies). */
int pm_cli_label(char *s, struct pm_label *l, struct pm_err *e);

/* Parse a count: a whole number >= 0. */
int pm_cli_count(const char *s, long long *n, struct pm_err *e);

/* Parse a duration above 0 ("500ms", "30s", "5m": pm_duration_parse). */
int pm_cli_duration(const char *s, int64_t *ns, struct pm_err *e);

/* Parse a percentage below 100%: "95%", "95" or "0.95" (a number of at
 * least 1 is taken as percent) into a fraction in (0, 1), or [0, 1) when
 * zero is allowed. */
int pm_cli_percent(const char *s, int zero, double *v, struct pm_err *e);

/* Parse a comma-separated list of words out of words[0..n) (n <= 32):
 * bit i of *set for words[i]. */
int pm_cli_words(const char *s, const char *const *words, size_t n,
    unsigned *set, struct pm_err *e);

/* This machine's name into buf, "localhost" when it has none; buf. */
const char *pm_cli_hostname(char *buf, size_t size);

/* Flush and check o; on a write error, say so on stderr and return 1.
 * When the reader went away (EPIPE), end quietly as SIGPIPE would. */
int pm_cli_close_out(struct pm_out *o);

/* Flush and check stdout, then return status (1 if stdout failed).  The
 * one place a command's output is checked at exit. */
int pm_cli_finish(int status);

#endif
