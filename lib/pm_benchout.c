/* pm_benchout: a benchmark's statistics, records and report (see
 * pm_benchout.h). */
#include "pm_benchout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_human.h"
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
	}
	r[fast].fastest = 1;
	for (i = 0; i < cur->n; i++) {
		r[i].rel = pm_stats_ratio(&r[fast].st, &r[i].st, &r[i].rel_err);
		r[i].rel_p = pm_stats_welch(&r[fast].st, &r[i].st,
		    bo->confidence, &lo, &hi);
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

static int
run_records(const struct pm_benchout *bo, const struct pm_bench_cmd *c)
{
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
	if (ncmds > 1) {
		pm_benchout_num(x, "relative", r->rel);
		pm_benchout_num(x, "relative_error", r->rel_err);
		pm_benchout_num(x, "relative_p", r->rel_p);
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
		if (run_records(bo, &cur->cmds[i]) != 0)
			return -1;
	for (i = 0; i < cur->n; i++)
		if (summary_record(bo, &cur->cmds[i], &r[i], cur->n,
		    bo->sys ? &bo->sys[i] : NULL) != 0)
			return -1;
	return pm_out_sync(bo->out);
}

/* Colours, when asked for. */
static const char *
sgr(const struct pm_benchout *bo, const char *code)
{
	return bo->color ? code : "";
}
#define BOLD	"\033[1m"
#define GREEN	"\033[32m"
#define RED	"\033[31m"
#define CYAN	"\033[36m"
#define OFF	"\033[0m"

static const char *
secs(double v, char *buf, size_t size)
{
	return pm_human(v, "seconds", buf, size);
}

static double
pct(double x)
{
	return 100 * x;
}

/* --sample: "  System: CPU 12.3% mean, 40% max; ..." */
static void
sys_line(FILE *fp, const struct pm_benchsys_fig *f)
{
	static const char *const what[PM_SYS_N] = { "CPU", "memory", "GPU",
	    "GPU memory" };
	char a[32], b[32];
	const char *sep = "  System:             ";
	int k;

	for (k = 0; k < PM_SYS_N; k++) {
		if (f->n[k] == 0)
			continue;
		if (k == PM_SYS_CPU || k == PM_SYS_GPU_UTIL)
			fprintf(fp, "%s%s %.1f%% mean, %.1f%% max", sep, what[k],
			    pm_benchsys_mean(f, k), f->max[k]);
		else
			fprintf(fp, "%s%s %s mean, %s max", sep, what[k],
			    pm_human(pm_benchsys_mean(f, k), "bytes", a,
			    sizeof(a)), pm_human(f->max[k], "bytes", b,
			    sizeof(b)));
		sep = "; ";
	}
	if (*sep == ';')
		fputc('\n', fp);
}

void
pm_benchout_report(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_result *r,
    size_t i)
{
	const struct pm_stats *s = &r[i].st;
	const struct pm_bench_result *ri = &r[i];
	char a[32], b[32], c[32], d[32];
	FILE *fp = bo->text;

	fprintf(fp, "%sBenchmark %zu: %s%s\n", sgr(bo, BOLD), i + 1,
	    cur->cmds[i].name, sgr(bo, OFF));
	fprintf(fp, "  Time (mean ± σ):     %s%s%s ± %s    [User: %s, "
	    "System: %s]\n", sgr(bo, GREEN BOLD), secs(s->mean, a, sizeof(a)),
	    sgr(bo, OFF), secs(s->stddev, b, sizeof(b)),
	    secs(ri->fig[PM_GATE_USER], c, sizeof(c)),
	    secs(ri->fig[PM_GATE_SYS], d, sizeof(d)));
	fprintf(fp, "  Range (min … max):   %s … %s    %zu runs\n",
	    secs(s->min, a, sizeof(a)), secs(s->max, b, sizeof(b)), s->n);
	fprintf(fp, "  Median, p90/95/99:   %s, %s", secs(s->median, a,
	    sizeof(a)), secs(s->p90, b, sizeof(b)));
	fprintf(fp, " / %s / %s\n", secs(s->p95, a, sizeof(a)),
	    secs(s->p99, b, sizeof(b)));
	fprintf(fp, "  %g%% CI of the mean: %s … %s    Max RSS: %s\n",
	    pct(bo->confidence), secs(s->ci_low, a, sizeof(a)),
	    secs(s->ci_high, b, sizeof(b)),
	    pm_human(ri->fig[PM_GATE_MAX_RSS], "bytes", c, sizeof(c)));
	if (bo->sys != NULL)
		sys_line(fp, &bo->sys[i]);
	if (ri->compared)
		fprintf(fp, "  Baseline:            %s ± %s → %+.1f%% "
		    "(p = %.2g): %s%s%s\n", secs(ri->base.mean, a, sizeof(a)),
		    secs(ri->base.stddev, b, sizeof(b)), pct(ri->change), ri->p,
		    sgr(bo, ri->verdict == PM_SLOWER ? RED BOLD :
		    ri->verdict == PM_FASTER ? GREEN BOLD : BOLD),
		    pm_verdict_name(ri->verdict), sgr(bo, OFF));
	fputc('\n', fp);
}

void
pm_benchout_summary(const struct pm_benchout *bo,
    const struct pm_bench_set *cur, const struct pm_bench_result *r)
{
	FILE *fp = bo->text;
	size_t i;

	if (cur->n < 2)
		return;
	fprintf(fp, "%sSummary%s\n", sgr(bo, BOLD), sgr(bo, OFF));
	for (i = 0; i < cur->n; i++)
		if (r[i].fastest)
			fprintf(fp, "  %s%s%s ran\n", sgr(bo, CYAN),
			    cur->cmds[i].name, sgr(bo, OFF));
	for (i = 0; i < cur->n; i++)
		if (!r[i].fastest)
			fprintf(fp, "    %s%.2f%s ± %.2f times faster than "
			    "%s%s%s (p = %.2g)\n", sgr(bo, GREEN BOLD),
			    r[i].rel, sgr(bo, OFF), r[i].rel_err,
			    sgr(bo, CYAN), cur->cmds[i].name, sgr(bo, OFF),
			    r[i].rel_p);
	fputc('\n', fp);
}
