/* One question, from source to output. */
#include "pm_qsource.h"

#include "pm_maxseries.h"
#include "pm_qengine.h"
#include "pm_qlist.h"
#include "pm_qout.h"

void
pm_qsource_full(struct pm_qsource *src, const char *name, unsigned long line)
{
	struct pm_err e;

	if (src->ndropped++ > 0 || src->bad == NULL)
		return;
	pm_max_series_reached(&e, name, line, src->max_series);
	src->bad(src->bad_arg, e.msg);
}

int
pm_query_answer(struct pm_qsource *src, const struct pm_query *q,
    struct pm_out *out, int table, struct pm_err *e)
{
	struct pm_sset set;
	struct pm_qout qo;
	struct pm_qsink sink;
	int rc;

	pm_sset_init(&set);
	set.max = src->max_series;
	rc = src->load(src, q, &set, e);
	if (rc == 0)
		rc = pm_sset_finish(&set, e);
	if (rc == 0 && q->list != PM_LIST_NONE) {
		rc = pm_qlist_write(&set, q->list, out, table, e);
	} else if (rc == 0) {
		pm_qout_init(&qo, out, table);
		sink = pm_qout_sink(&qo);
		rc = pm_query_run(q, &set, &sink, e);
		if (rc == 0)
			rc = pm_qout_finish(&qo, e);
		pm_qout_release(&qo);
	}
	pm_sset_release(&set);
	return rc;
}
