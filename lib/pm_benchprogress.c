/* pm_benchprogress: the progress line (see pm_benchprogress.h). */
#include "pm_benchprogress.h"

#include "pm_time.h"

void
pm_benchprogress_init(struct pm_benchprogress *p, FILE *fp)
{
	p->fp = fp;
	p->last = 0;
}

void
pm_benchprogress_show(struct pm_benchprogress *p,
    const struct pm_bench_cmd *c, long long target)
{
	int64_t now = pm_clock_mono();
	double mean = 0, done;
	char bar[21];
	size_t k;

	if (now - p->last < 50 * PM_NS_PER_MS)
		return;
	p->last = now;
	for (k = 0; k < c->n; k++)
		mean += (double)c->runs[k].wall / PM_NS_PER_S;
	mean /= (double)c->n;
	if (target == 0) {
		fprintf(p->fp, "\r\033[K%s: %zu runs", c->name, c->n);
	} else {
		done = (double)c->n / (double)target;
		for (k = 0; k < sizeof(bar) - 1; k++)
			bar[k] = (double)k < done * (sizeof(bar) - 1) ? '#' : '.';
		bar[k] = '\0';
		fprintf(p->fp, "\r\033[K%s: [%s] %zu/%lld runs, ETA %.1f s",
		    c->name, bar, c->n, target, target > (long long)c->n ?
		    mean * (double)(target - (long long)c->n) : 0);
	}
	fflush(p->fp);
}

void
pm_benchprogress_clear(struct pm_benchprogress *p)
{
	fputs("\r\033[K", p->fp);
}
