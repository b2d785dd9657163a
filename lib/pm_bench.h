/* pm_bench: the runs of a benchmark, per command, and their baseline file.
 *
 * A baseline file is one JSON object that can be committed:
 *   {"format": "pm-bench", "version": 1,
 *    "settings": {...what must match for a comparison...},
 *    "commands": [{"name": N, "command": C, "parameters": {K: V, ...},
 *                  "runs": {"wall": [s, ...], "user": [...], "sys": [...],
 *                           "max_rss": [...], "vcsw": [...], "ivcsw": [...],
 *                           "status": [...]}}, ...]}
 * Every run is kept, not just the mean, so a later comparison can test
 * significance.  Times are seconds, max_rss bytes.
 *
 * Ownership: a set owns its commands, their strings and runs, and its
 * settings object; pm_bench_release frees them all.
 */
#ifndef PM_BENCH_H
#define PM_BENCH_H

#include <stddef.h>

#include <cJSON.h>

#include "pm_err.h"
#include "pm_measure.h"
#include "pm_params.h"

struct pm_bench_cmd {
	char *name;		/* shown and used to match a baseline */
	char *command;		/* the command line, placeholders replaced */
	size_t nparams;
	char *key[PM_PARAMS_MAX], *value[PM_PARAMS_MAX];
	struct pm_measure *runs;
	size_t n, cap;
	double shell_wall;	/* seconds the shell's start-up took (mean) */
};

struct pm_bench_set {
	cJSON *settings;	/* an object; NULL until set */
	struct pm_bench_cmd *cmds;
	size_t n, cap;
};

/* Add a command (copying the strings); returns it, or NULL with e. */
struct pm_bench_cmd *pm_bench_add(struct pm_bench_set *s, const char *name,
    const char *command, struct pm_err *e);

/* Add parameter key=value to c (copies); -1 with e when full. */
int pm_bench_param(struct pm_bench_cmd *c, const char *key,
    const char *value, struct pm_err *e);

/* Append run m to c; -1 with e when memory ran out. */
int pm_bench_add_run(struct pm_bench_cmd *c, const struct pm_measure *m,
    struct pm_err *e);

/* The wall times of c in seconds, less the shell's start-up, into x
 * (c->n of them). */
void pm_bench_walls(const struct pm_bench_cmd *c, double *x);

/* Write s to path (replaced atomically) or read it back. */
int pm_bench_save(const struct pm_bench_set *s, const char *path,
    struct pm_err *e);
int pm_bench_load(struct pm_bench_set *s, const char *path,
    struct pm_err *e);

/* The baseline file's object of s (NULL when memory ran out; free with
 * cJSON_Delete), and the reverse: add the commands of such an object to s,
 * taking its settings when s has none yet. */
cJSON *pm_bench_json(const struct pm_bench_set *s);
int pm_bench_add_json(struct pm_bench_set *s, const cJSON *root,
    struct pm_err *e);

/* How many of the first commands of s have runs: those a benchmark
 * stopped by a signal can report (commands start in order). */
size_t pm_bench_ran(const struct pm_bench_set *s);

/* The command of s named name, or NULL. */
struct pm_bench_cmd *pm_bench_find(const struct pm_bench_set *s,
    const char *name);

/* Whether cur can be compared with base: same settings, and every
 * command of cur in base with the same command line and parameters.
 * -1 with the difference in e. */
int pm_bench_comparable(const struct pm_bench_set *base,
    const struct pm_bench_set *cur, struct pm_err *e);

void pm_bench_release(struct pm_bench_set *s);

#endif
