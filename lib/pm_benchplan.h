/* pm_benchplan: what pm-bench will run: every command with every
 * combination of the parameters, as commands of a pm_bench_set (name,
 * command line, parameters) and, beside each, a job: the argv to start and
 * those of its hooks, placeholders replaced.
 *
 * A command is a command line split into words (pm_words), or with a shell
 * "SHELL -c LINE", or, in argv mode, the given words themselves (one
 * command; its line is the words joined by spaces).
 *
 * Ownership: the jobs are the caller's (pm_benchplan_free); each argv is
 * one allocation.
 */
#ifndef PM_BENCHPLAN_H
#define PM_BENCHPLAN_H

#include "pm_bench.h"
#include "pm_params.h"

struct pm_bench_job {
	char **argv, **prepare, **conclude, **setup, **cleanup;
	char *path;		/* argv[0] found in PATH at the first run */
	long long target;	/* runs to do: set after the first run */
};

struct pm_benchplan {
	char **operands;	/* command lines, or one command's words */
	size_t noperands;
	int argv_mode;
	const char *shell;	/* NULL: no shell */
	const char *const *names;	/* --name, in order */
	size_t nnames;
	const struct pm_params *params;
	const char *prepare, *conclude, *setup, *cleanup;	/* or NULL */
};

/* Fill s (empty) and *jobs (one per command of s; *njobs of them
 * allocated, to free even after a failure).  -1 with e. */
int pm_benchplan_make(const struct pm_benchplan *pl, struct pm_bench_set *s,
    struct pm_bench_job **jobs, size_t *njobs, struct pm_err *e);

/* Whether the commands of s have a name each, as a baseline needs to
 * match them; -1 with e naming the first name two commands share. */
int pm_benchplan_unique(const struct pm_bench_set *s, struct pm_err *e);

void pm_benchplan_free(struct pm_bench_job *jobs, size_t n);

#endif
