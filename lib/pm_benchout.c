/* pm_benchout: a benchmark's statistics, records and report (see
 * pm_benchout.h). */
#include "pm_benchout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_benchrank.h"
#include "pm_time.h"

static void
resource_figures(const struct pm_bench_cmd *c, struct pm_bench_result *r)
{
	const struct pm_stats *s = &r->st;
	double user = 0, sys = 0, rss = 0, failures = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		user += c->runs[i].user;
		sys += c->runs[i].sys;
		if (c->runs[i].max_rss > rss)
			rss = c->runs[i].max_rss;
		failures += c->runs[i].status != 0;
	}
	r->fig[PM_GATE_MEAN] = s->mean;
	r->fig[PM_GATE_MEDIAN] = s->median;
	r->fig[PM_GATE_MIN] = s->min;
	r->fig[PM_GATE_MAX] = s->max;
	r->fig[PM_GATE_STDDEV] = s->stddev;
	r->fig[PM_GATE_P90] = s->p90;
	r->fig[PM_GATE_P95] = s->p95;
	r->fig[PM_GATE_P99] = s->p99;
	r->fig[PM_GATE_USER] = user / (double)c->n;
	r->fig[PM_GATE_SYS] = sys / (double)c->n;
	r->fig[PM_GATE_MAX_RSS] = rss;
	r->fig[PM_GATE_FAILURES] = failures;
	r->fig[PM_GATE_ERRORS] = failures / (double)c->n;
}

static int
wall_stats(const struct pm_bench_cmd *c, double confidence,
    struct pm_stats *s, struct pm_err *e)
{
	double *x;
	int rc;

	if (c->n == 0)
		return pm_err_set(e, "%s: no runs", c->name);
	if ((x = malloc(c->n * sizeof(*x))) == NULL)
		return pm_err_set(e, "out of memory");
	pm_bench_walls(c, x);
	rc = pm_stats_compute(x, c->n, confidence, s, e);
	free(x);
	return rc;
}

/* The Mann-Whitney p-value of b's wall times against a's; -1 when memory
 * ran out. */
static double
rank_p(const struct pm_bench_cmd *a, const struct pm_bench_cmd *b)
{
	double *x = malloc(a->n * sizeof(*x)), *y = malloc(b->n * sizeof(*y));
	double p = -1;

	if (x != NULL && y != NULL) {
		pm_bench_walls(a, x);
		pm_bench_walls(b, y);
		p = pm_benchrank_p(x, a->n, y, b->n, NULL);
	}
	free(x);
	free(y);
	return p;
}

int
pm_benchout_analyze(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_set *base,
    struct pm_bench_result *r, struct pm_err *e)
{
	const struct pm_bench_cmd *b;
	double lo, hi;
	size_t i, fast = 0;

	for (i = 0; i < cur->n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		if (wall_stats(&cur->cmds[i], bo->confidence, &r[i].st, e) != 0)
			return -1;
		resource_figures(&cur->cmds[i], &r[i]);
		if (r[i].st.mean < r[fast].st.mean)
			fast = i;
		if (base == NULL ||
		    (b = pm_bench_find(base, cur->cmds[i].name)) == NULL)
			continue;
		if (wall_stats(b, bo->confidence, &r[i].base, e) != 0)
			return -1;
		r[i].compared = 1;
		r[i].verdict = pm_stats_verdict(&r[i].base, &r[i].st,
		    bo->confidence, bo->threshold, &r[i].p, &r[i].change);
		if ((r[i].p_u = rank_p(b, &cur->cmds[i])) < 0)
			return pm_err_set(e, "out of memory");
	}
	r[fast].fastest = 1;
	for (i = 0; i < cur->n; i++) {
		r[i].rel = pm_stats_ratio(&r[fast].st, &r[i].st, &r[i].rel_err);
		r[i].rel_p = pm_stats_welch(&r[fast].st, &r[i].st,
		    bo->confidence, &lo, &hi);
		if ((r[i].rel_p_u = rank_p(&cur->cmds[fast],
		    &cur->cmds[i])) < 0)
			return pm_err_set(e, "out of memory");
	}
	return 0;
}

void
pm_benchout_num(cJSON *x, const char *key, double v)
{
	char buf[32];

	pm_number_format(v, buf);
	cJSON_AddRawToObject(x, key, buf);
}

/* The point of command c with its labels, bo's and c's parameters. */
static int
point_of(const struct pm_benchout *bo, const struct pm_bench_cmd *c,
    struct pm_point *p, const char *metric, double value)
{
	size_t i;

	pm_point_init(p);
	p->metric = metric;
	p->value = value;
	p->unit = "seconds";
	p->host = bo->host;
	if (pm_point_add_label(p, "name", c->name) != 0 ||
	    pm_point_add_label(p, "command", c->command) != 0)
		return -1;
	for (i = 0; i < c->nparams; i++)
		if (pm_point_add_label(p, c->key[i], c->value[i]) != 0)
			return -1;
	for (i = 0; i < bo->nlabels; i++)
		if (pm_point_add_label(p, bo->labels[i].key,
		    bo->labels[i].value) != 0)
			return -1;
	return 0;
}

/* --sample: the system over run r, as figure members and per GPU N
 * gpuN_util and gpuN_mem; a figure not sampled is left out. */
static void
run_sys(cJSON *x, const struct pm_benchsys_run *r)
{
	const struct pm_benchsys_gpu *g;
	char key[32];
	size_t n;
	int k;

	for (k = 0; k < PM_SYS_N; k++)
		if (r->has & 1u << k)
			pm_benchout_num(x, pm_benchsys_names[k], r->v[k]);
	for (n = 0; n < r->ngpu; n++) {
		g = &r->gpu[n];
		snprintf(key, sizeof(key), "gpu%zu_util", n);
		if (g->has_util)
			pm_benchout_num(x, key, g->util);
		snprintf(key, sizeof(key), "gpu%zu_mem", n);
		if (g->has_mem)
			pm_benchout_num(x, key, g->mem);
	}
}

static int
run_records(const struct pm_benchout *bo, const struct pm_bench_cmd *c,
    const struct pm_benchsys_fig *sys)
{
	const struct pm_benchsys_run *sr;
	const struct pm_measure *m;
	struct pm_point p;
	cJSON *x;
	double *w;
	size_t i;
	int rc = 0;

	if ((w = malloc(c->n * sizeof(*w))) == NULL)
		return -1;
	pm_bench_walls(c, w);
	for (i = 0; i < c->n && rc == 0; i++) {
		m = &c->runs[i];
		if ((x = cJSON_CreateObject()) == NULL ||
		    point_of(bo, c, &p, "bench.wall", w[i]) != 0) {
			cJSON_Delete(x);
			rc = -1;
			break;
		}
		p.ts = m->ts;
		pm_benchout_num(x, "run", (double)i + 1);
		pm_benchout_num(x, "user", m->user);
		pm_benchout_num(x, "sys", m->sys);
		pm_benchout_num(x, "max_rss", m->max_rss);
		pm_benchout_num(x, "vcsw", (double)m->vcsw);
		pm_benchout_num(x, "ivcsw", (double)m->ivcsw);
		pm_benchout_num(x, "exit_status", m->status);
		if (m->timed_out)
			cJSON_AddTrueToObject(x, "timed_out");
		if (sys != NULL && (sr = pm_benchsys_run(sys, i)) != NULL)
			run_sys(x, sr);
		p.extra = x;
		rc = pm_out_point(bo->out, &p);
		cJSON_Delete(x);
	}
	free(w);
	return rc;
}

static void
add_stats(cJSON *x, const char *prefix, const struct pm_stats *s)
{
	const struct {
		const char *name;
		double v;
	} f[] = {
		{ "mean", s->mean }, { "stddev", s->stddev },
		{ "median", s->median }, { "min", s->min }, { "max", s->max },
		{ "p90", s->p90 }, { "p95", s->p95 }, { "p99", s->p99 },
		{ "ci_low", s->ci_low }, { "ci_high", s->ci_high },
	};
	char key[64];
	size_t i;

	pm_benchout_num(x, *prefix ? "baseline_runs" : "runs",
	    (double)s->n);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		/* The baseline's mean is plain "baseline", as pm-export's
		 * markdown table reads it. */
		if (*prefix && i == 0)
			snprintf(key, sizeof(key), "baseline");
		else
			snprintf(key, sizeof(key), "%s%s", prefix, f[i].name);
		pm_benchout_num(x, key, f[i].v);
	}
}

static int
summary_record(const struct pm_benchout *bo, const struct pm_bench_cmd *c,
    const struct pm_bench_result *r, size_t ncmds,
    const struct pm_benchsys_fig *sys)
{
	struct pm_point p;
	char key[64];
	cJSON *x;
	int rc, k;

	if ((x = cJSON_CreateObject()) == NULL ||
	    point_of(bo, c, &p, "bench.summary", r->st.mean) != 0) {
		cJSON_Delete(x);
		return -1;
	}
	p.ts = c->runs[c->n - 1].ts;
	add_stats(x, "", &r->st);
	pm_benchout_num(x, "confidence", bo->confidence);
	pm_benchout_num(x, "outliers", (double)r->st.outliers);
	pm_benchout_num(x, "user", r->fig[PM_GATE_USER]);
	pm_benchout_num(x, "sys", r->fig[PM_GATE_SYS]);
	pm_benchout_num(x, "max_rss", r->fig[PM_GATE_MAX_RSS]);
	pm_benchout_num(x, "failures", r->fig[PM_GATE_FAILURES]);
	if (bo->interrupted)
		cJSON_AddTrueToObject(x, "interrupted");
	if (ncmds > 1) {
		pm_benchout_num(x, "relative", r->rel);
		pm_benchout_num(x, "relative_error", r->rel_err);
		pm_benchout_num(x, "relative_p", r->rel_p);
		pm_benchout_num(x, "relative_p_u", r->rel_p_u);
	}
	for (k = 0; sys != NULL && k < PM_SYS_N; k++)
		if (sys->n[k] > 0) {
			snprintf(key, sizeof(key), "%s_mean",
			    pm_benchsys_names[k]);
			pm_benchout_num(x, key, pm_benchsys_mean(sys, k));
			snprintf(key, sizeof(key), "%s_max",
			    pm_benchsys_names[k]);
			pm_benchout_num(x, key, sys->max[k]);
		}
	if (r->compared) {
		add_stats(x, "baseline_", &r->base);
		pm_benchout_num(x, "change", r->change);
		pm_benchout_num(x, "p_value", r->p);
		pm_benchout_num(x, "p_value_u", r->p_u);
		pm_benchout_num(x, "threshold", bo->threshold);
		cJSON_AddStringToObject(x, "verdict",
		    pm_verdict_name(r->verdict));
	}
	p.extra = x;
	rc = pm_out_point(bo->out, &p);
	cJSON_Delete(x);
	return rc;
}

int
pm_benchout_records(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_result *r)
{
	size_t i;

	for (i = 0; i < cur->n; i++)
		if (run_records(bo, &cur->cmds[i],
		    bo->sys ? &bo->sys[i] : NULL) != 0)
			return -1;
	for (i = 0; i < cur->n; i++)
		if (summary_record(bo, &cur->cmds[i], &r[i], cur->n,
		    bo->sys ? &bo->sys[i] : NULL) != 0)
			return -1;
	return pm_out_sync(bo->out);
}
