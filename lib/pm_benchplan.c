/* pm_benchplan: commands times parameters, and their argv (see
 * pm_benchplan.h). */
#include "pm_benchplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_words.h"

/* The argv of a command line: through the shell, or split into words. */
static char **
argv_of(const struct pm_benchplan *pl, const char *line, struct pm_err *e)
{
	const char *w[3] = { pl->shell, "-c", line };
	size_t n;

	if (pl->shell == NULL)
		return pm_words_split(line, &n, e);
	return pm_words_pack(w, 3, e);
}

/* A hook with the parameters of this combination; NULL argv when none. */
static int
hook(const struct pm_benchplan *pl, const char *const vals[], const char *s,
    char ***argv, struct pm_err *e)
{
	char *line;

	*argv = NULL;
	if (s == NULL)
		return 0;
	if ((line = pm_params_subst(pl->params, vals, s, e)) == NULL)
		return -1;
	*argv = argv_of(pl, line, e);
	free(line);
	return *argv == NULL ? -1 : 0;
}

/* Argv mode: the words with placeholders replaced, and the line. */
static char *
words_line(const struct pm_benchplan *pl, const char *const vals[],
    char ***argv, struct pm_err *e)
{
	char **w, *line = NULL;
	size_t k, n = pl->noperands, size = 0;
	FILE *fp;

	if ((w = calloc(n, sizeof(*w))) == NULL) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	for (k = 0; k < n; k++)
		if ((w[k] = pm_params_subst(pl->params, vals, pl->operands[k],
		    e)) == NULL)
			goto out;
	if ((*argv = pm_words_pack((const char *const *)w, n, e)) == NULL)
		goto out;
	if ((fp = open_memstream(&line, &size)) != NULL) {
		for (k = 0; k < n; k++)
			fprintf(fp, "%s%s", k ? " " : "", w[k]);
		if (fclose(fp) != 0) {
			free(line);
			line = NULL;
		}
	}
	if (line == NULL) {
		free(*argv);
		pm_err_set(e, "out of memory");
	}
out:
	for (k = 0; k < n; k++)
		free(w[k]);
	free(w);
	return line;
}

/* The command line and argv of operand i for these values. */
static char *
command_line(const struct pm_benchplan *pl, size_t i,
    const char *const vals[], char ***argv, struct pm_err *e)
{
	char *line;

	if (pl->argv_mode)
		return words_line(pl, vals, argv, e);
	if ((line = pm_params_subst(pl->params, vals, pl->operands[i],
	    e)) != NULL && (*argv = argv_of(pl, line, e)) == NULL) {
		free(line);
		line = NULL;
	}
	return line;
}

/* Command i with combination vals: its pm_bench_cmd and job j. */
static int
add(const struct pm_benchplan *pl, size_t i, const char *const vals[],
    struct pm_bench_set *s, struct pm_bench_job *j, struct pm_err *e)
{
	const struct pm_params *ps = pl->params;
	struct pm_bench_cmd *c;
	char *line, *name = NULL;
	size_t p;

	if ((line = command_line(pl, i, vals, &j->argv, e)) == NULL)
		return -1;
	if (i < pl->nnames && (name = pm_params_subst(ps, vals, pl->names[i],
	    e)) == NULL) {
		free(line);
		return -1;
	}
	c = pm_bench_add(s, name ? name : line, line, e);
	free(name);
	free(line);
	if (c == NULL)
		return -1;
	for (p = 0; p < ps->n; p++)
		if (pm_bench_param(c, ps->p[p].name, vals[p], e) != 0)
			return -1;
	if (hook(pl, vals, pl->prepare, &j->prepare, e) ||
	    hook(pl, vals, pl->conclude, &j->conclude, e) ||
	    hook(pl, vals, pl->setup, &j->setup, e) ||
	    hook(pl, vals, pl->cleanup, &j->cleanup, e))
		return -1;
	return 0;
}

int
pm_benchplan_make(const struct pm_benchplan *pl, struct pm_bench_set *s,
    struct pm_bench_job **jobs, size_t *njobs, struct pm_err *e)
{
	size_t ncomb = pm_params_count(pl->params), k, i;
	size_t ncmd = pl->argv_mode ? 1 : pl->noperands;
	const char *vals[PM_PARAMS_MAX];

	*njobs = 0;
	if ((*jobs = calloc(ncmd * ncomb, sizeof(**jobs))) == NULL)
		return pm_err_set(e, "out of memory");
	*njobs = ncmd * ncomb;
	for (i = 0; i < ncmd; i++)
		for (k = 0; k < ncomb; k++) {
			pm_params_pick(pl->params, k, vals);
			if (add(pl, i, vals, s, &(*jobs)[s->n], e) != 0)
				return -1;
		}
	return 0;
}

void
pm_benchplan_free(struct pm_bench_job *jobs, size_t n)
{
	size_t i;

	for (i = 0; jobs != NULL && i < n; i++) {
		free(jobs[i].argv);
		free(jobs[i].prepare);
		free(jobs[i].conclude);
		free(jobs[i].setup);
		free(jobs[i].cleanup);
		free(jobs[i].path);
	}
	free(jobs);
}

int
pm_benchplan_unique(const struct pm_bench_set *s, struct pm_err *e)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (pm_bench_find(s, s->cmds[i].name) != &s->cmds[i])
			return pm_err_set(e, "two commands are named '%s': a "
			    "baseline needs --name for each", s->cmds[i].name);
	return 0;
}
