/* pm_query: the question pm-query asks of points, wherever they come from.
 *
 * A query has three parts, filled in from the command line by the
 * pm_query_* parsers below:
 *   selection  which series and samples: metric and host globs (fnmatch),
 *              label matchers (KEY=VALUE, KEY!=VALUE, KEY=~REGEX,
 *              KEY!~REGEX, the regex POSIX extended and anchored at both
 *              ends; a missing label matches as ""), a window [since,
 *              until] (both ends included) and --where 'value > 80'
 *              (pm_select.c);
 *   transforms per series, in this order: --rate (a counter's per-second
 *              rate), --smooth sma:N | ewma:ALPHA (pm_analysis.c);
 *   result     one of: aggregations per group and time bucket (--agg,
 *              --every, --by), --trend [--limit], --latest, --list, or
 *              the selected points themselves (pm_qengine.c).
 *
 * Ownership: a query borrows every string it is given (the command's argv,
 * which pm_query_label cuts at the operator) and owns only its compiled
 * regular expressions, freed by pm_query_release.
 */
#ifndef PM_QUERY_H
#define PM_QUERY_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_point.h"
#include "pm_time.h"

#define PM_QUERY_GLOBS_MAX 32
#define PM_QUERY_MATCHERS_MAX 32
#define PM_QUERY_BY_MAX 8
#define PM_QUERY_AGGS_MAX 16

enum pm_agg {
	PM_AGG_AVG, PM_AGG_MIN, PM_AGG_MAX, PM_AGG_SUM, PM_AGG_COUNT,
	PM_AGG_LAST, PM_AGG_FIRST, PM_AGG_STDDEV,
	PM_AGG_P50, PM_AGG_P90, PM_AGG_P95, PM_AGG_P99,
	PM_AGG_RATE, PM_AGG_INCREASE,
	PM_AGG_N
};

/* The names, as --agg takes them, space separated (for completions). */
#define PM_AGG_WORDS "avg min max sum count last first stddev p50 p90 p95 " \
	"p99 rate increase"

enum pm_match_op { PM_MATCH_EQ, PM_MATCH_NE, PM_MATCH_RE, PM_MATCH_NRE };

struct pm_matcher {
	const char *key, *value;
	enum pm_match_op op;
	regex_t re;		/* PM_MATCH_RE and PM_MATCH_NRE */
};

enum pm_cmp_op { PM_CMP_GT, PM_CMP_GE, PM_CMP_LT, PM_CMP_LE, PM_CMP_EQ,
	PM_CMP_NE };

enum pm_by_kind { PM_BY_HOST, PM_BY_METRIC, PM_BY_LABEL };

struct pm_by {
	enum pm_by_kind kind;
	const char *key;	/* PM_BY_LABEL */
};

enum pm_smooth_kind { PM_SMOOTH_NONE, PM_SMOOTH_SMA, PM_SMOOTH_EWMA };

enum pm_list_kind { PM_LIST_NONE, PM_LIST_METRICS, PM_LIST_SERIES,
	PM_LIST_HOSTS, PM_LIST_LABELS };

#define PM_LIST_WORDS "metrics series hosts labels"

struct pm_query {
	/* Selection: an empty list selects everything. */
	const char *metrics[PM_QUERY_GLOBS_MAX];
	size_t nmetrics;
	const char *hosts[PM_QUERY_GLOBS_MAX];
	size_t nhosts;
	struct pm_matcher matchers[PM_QUERY_MATCHERS_MAX];
	size_t nmatchers;
	int64_t since, until;	/* ns, PM_TS_NONE when open */
	int where;		/* --where given */
	enum pm_cmp_op where_op;
	double where_value;

	/* Transforms. */
	int rate;
	enum pm_smooth_kind smooth;
	size_t sma;		/* window, in points */
	double alpha;		/* ewma weight of the newest point */

	/* Result. */
	enum pm_agg aggs[PM_QUERY_AGGS_MAX];
	size_t naggs;
	int64_t every;		/* bucket width, ns; 0: the whole window */
	struct pm_by by[PM_QUERY_BY_MAX];
	size_t nby;
	int trend, has_limit, latest;
	double limit;
	enum pm_list_kind list;
};

void pm_query_init(struct pm_query *q);
void pm_query_release(struct pm_query *q);

/* Parsers for the options; each fails with a message for a usage error. */
int pm_query_metric(struct pm_query *q, const char *glob, struct pm_err *e);
int pm_query_host(struct pm_query *q, const char *glob, struct pm_err *e);
int pm_query_label(struct pm_query *q, char *s, struct pm_err *e);
int pm_query_where(struct pm_query *q, const char *s, struct pm_err *e);
int pm_query_aggs(struct pm_query *q, const char *list, struct pm_err *e);
int pm_query_by(struct pm_query *q, const char *s, struct pm_err *e);
int pm_query_smooth(struct pm_query *q, const char *s, struct pm_err *e);
int pm_query_limit(struct pm_query *q, const char *s, struct pm_err *e);
int pm_query_list(struct pm_query *q, const char *s, struct pm_err *e);

/* --since/--until: pm_time_parse's forms, or a duration alone for that
 * long before now ("24h" is "now-24h"). */
int pm_query_time(const char *s, int64_t now, int64_t *ns, struct pm_err *e);

/* The option named name (long name, without dashes) with its argument
 * (NULL for a flag): metric host label since until where agg every by
 * smooth rate trend limit latest list; fails for any other name. */
int pm_query_option(struct pm_query *q, const char *name, char *arg,
    int64_t now, struct pm_err *e);

/* Options that do not go together, once all are parsed. */
int pm_query_check(const struct pm_query *q, struct pm_err *e);

const char *pm_agg_name(enum pm_agg a);

/* The comparison operator at the start of s (>= <= == != > <): its
 * length, with *op set; 0 when there is none. */
size_t pm_cmp_op_parse(const char *s, enum pm_cmp_op *op);

/* Whether v OP num. */
int pm_cmp(enum pm_cmp_op op, double v, double num);

/* Selection (pm_select.c).  A series is selected by its metric, host
 * (NULL: none) and labels; a sample by its time and value. */
int pm_query_match_series(const struct pm_query *q, const char *metric,
    const char *host, const struct pm_label *labels, size_t nlabels);
int pm_query_match_sample(const struct pm_query *q, int64_t ts, double v);

/* A cheap test on a raw input line, before it is parsed: 0 when the line
 * surely holds no selected point (it has no backslash, is shaped like an
 * object, and lacks the literal part of every metric glob or of every
 * host glob, in quotes); 1 when it must be parsed. */
int pm_query_line_may_match(const struct pm_query *q, const char *line,
    size_t len);

#endif
