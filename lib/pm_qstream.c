/* The stream source: points read with pm_reader, grouped in memory. */
#include "pm_qsource.h"

#include <stdlib.h>

#include "pm_reader.h"

struct stream {
	char *const *paths;
	size_t npaths;
};

/* --list needs no samples, only how many and when. */
static void
summarize(struct pm_series *s, int64_t ts)
{
	if (s->count++ == 0 || ts < s->first)
		s->first = ts;
	if (s->count == 1 || ts > s->last)
		s->last = ts;
	s->summarized = 1;
}

static int
want_line(void *arg, const char *line, size_t len)
{
	return pm_query_line_may_match(arg, line, len);
}

static int
load(struct pm_qsource *src, const struct pm_query *q, struct pm_sset *set,
    struct pm_err *e)
{
	struct stream *st = src->state;
	struct pm_reader r;
	struct pm_point p;
	struct pm_series *s;
	int64_t now = pm_clock_now(), ts;
	int rc, summary = q->list != PM_LIST_NONE;

	pm_reader_init(&r, st->paths, st->npaths);
	r.threads = src->threads;
	/* Lines that cannot hold a selected point are not even parsed;
	 * --strict sees every line, as a skipped one could be bad. */
	if (!src->strict) {
		r.want_line = want_line;
		r.want_line_arg = (void *)q;
	}
	while ((rc = pm_reader_next(&r, &p, e)) != PM_READ_EOF) {
		if (rc == PM_READ_BAD || rc == PM_READ_ERROR) {
			src->nbad++;
			if (src->strict)
				break;
			if (src->bad != NULL)
				src->bad(src->bad_arg, e->msg);
			continue;
		}
		/* A point without a time was taken when it is read. */
		ts = p.ts == PM_TS_NONE ? now : p.ts;
		if (!pm_query_match_sample(q, ts, p.value) ||
		    !pm_query_match_series(q, p.metric, p.host, p.labels,
		    p.nlabels))
			continue;
		if ((s = pm_sset_get(set, &p, e)) == NULL)
			break;
		if (s == PM_SSET_FULL) {
			pm_qsource_full(src, r.name, r.lineno);
			continue;
		}
		if (summary)
			summarize(s, ts);
		else if (pm_series_add(s, ts, p.value, e) != 0)
			break;
	}
	pm_reader_release(&r);
	return rc == PM_READ_EOF ? 0 : -1;
}

static void
release(struct pm_qsource *src)
{
	free(src->state);
	src->state = NULL;
}

int
pm_qsource_stream(struct pm_qsource *src, char *const *paths, size_t npaths,
    struct pm_err *e)
{
	struct stream *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return pm_err_set(e, "out of memory");
	st->paths = paths;
	st->npaths = npaths;
	src->state = st;
	src->load = load;
	src->release = release;
	return 0;
}
