/* pm_qsource: where a query's series come from.
 *
 * A source fills a series set with what the query selects (pm_query.h):
 * the series whose metric, host and labels match, with their samples in
 * the window that pass --where.  For --list without --where a source may
 * fill only each series' summary (count, first, last).  The engine does
 * everything else, so every source gives the same answers.
 *   stream  points read from files or standard input (pm_qstream.c)
 *   store   the SQLite history file of pm_store.h (pm_qstore.c)
 *   prom    a Prometheus-compatible HTTP API (pm_qprom.c)
 *
 * Ownership: a source borrows what its init is given (paths, the open
 * store) and owns its state, freed by release.
 */
#ifndef PM_QSOURCE_H
#define PM_QSOURCE_H

#include "pm_out.h"
#include "pm_query.h"
#include "pm_series.h"

struct pm_store;

struct pm_qsource {
	int (*load)(struct pm_qsource *src, const struct pm_query *q,
	    struct pm_sset *set, struct pm_err *e);
	void (*release)(struct pm_qsource *src);
	void *state;

	/* Input lines that are not points: each is reported through bad
	 * ("FILE:LINE: reason", or "FILE: reason" for a file that cannot be
	 * read) and counted; with strict, the first one ends the load with
	 * its message in e instead. */
	void (*bad)(void *arg, const char *msg);
	void *bad_arg;
	unsigned long long nbad;
	int strict;

	/* The most series the set takes (0: no limit).  A source whose set
	 * refuses one (PM_SSET_FULL) leaves it out and calls pm_qsource_full,
	 * which counts it in ndropped and reports the first through bad. */
	size_t max_series;
	unsigned long long ndropped;

	/* stream: threads that parse the lines of regular files (pm_reader's
	 * threads; 0 or 1: one). */
	int threads;
};

/* A series left out by the limit: a stream's point at name:line, or (name
 * NULL) a series of a store or an HTTP API, which has no lines. */
void pm_qsource_full(struct pm_qsource *src, const char *name,
    unsigned long line);

/* Points from paths (npaths 0: standard input; "-" is standard input). */
int pm_qsource_stream(struct pm_qsource *src, char *const *paths,
    size_t npaths, struct pm_err *e);

/* Series from an open store (read-only is enough). */
int pm_qsource_store(struct pm_qsource *src, struct pm_store *st,
    struct pm_err *e);

/* Series from a Prometheus-compatible HTTP API (pm_qprom.c): url is
 * prom+http://HOST:PORT[/PATH] or prom+https://...; it is copied.  Each
 * request is given timeout ns in all (0: 2 minutes), connecting included
 * (5 s at most). */
int pm_qsource_prom(struct pm_qsource *src, const char *url,
    int64_t timeout, struct pm_err *e);

/* The whole question: load from src, then --list or the query's result,
 * as points (NDJSON) or a table, on out. */
int pm_query_answer(struct pm_qsource *src, const struct pm_query *q,
    struct pm_out *out, int table, struct pm_err *e);

#endif
