/* pm_fmt_md: what the two files of the markdown writer share: the records
 * it holds and the escaping of cells.  Private to lib/pm_fmt_md*.c. */
#ifndef PM_FMT_MD_H
#define PM_FMT_MD_H

#include <cJSON.h>

#include "pm_fmt.h"

struct pm_md_rec {
	int64_t ts;
	double value;
	char *host, *metric, *unit;
	char *labels;		/* "k=v, k=v" */
	char *name;		/* label name, or command: a benchmark's name */
	cJSON *x;		/* the record, when it had extra members */
};

struct pm_md {
	struct pm_md_rec *v;
	size_t n, cap;
};

/* Text in a cell: markup characters escaped, line breaks as spaces. */
int pm_md_text(struct pm_fmt_w *w, const char *s);

/* A code span: a fence longer than any run of backticks inside, '|' still
 * escaped (tables split cells first). */
int pm_md_code(struct pm_fmt_w *w, const char *s);

/* " | " */
int pm_md_sep(struct pm_fmt_w *w);

/* A benchmark summary (a numeric "mean"), or a single run ("run"). */
int pm_md_is_summary(const struct pm_md_rec *r);
int pm_md_is_run(const struct pm_md_rec *r);

/* The number r->x holds under key ("baseline" may also be an object with
 * "mean", or "baseline_mean"); 0 when it has none. */
int pm_md_stat(const struct pm_md_rec *r, const char *key, double *v);

/* The comparison table of the summaries of metric (pm_fmt_mdbench.c). */
int pm_md_bench_table(struct pm_fmt_w *w, struct pm_md *m, const char *metric,
    int titled);

#endif
