/* pm_benchreport: a benchmark's report for people, modelled on
 * hyperfine's: per command the mean ± σ, range, percentiles, confidence
 * interval, memory, the system (--sample) and the verdict against a
 * baseline; then how the commands compare; and warnings about the runs.
 */
#include "pm_benchreport.h"

#include <string.h>

#include "pm_human.h"
#include "pm_time.h"

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
pm_benchreport_command(const struct pm_benchout *bo,
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
		    "(p = %.2g, U test p = %.2g): %s%s%s\n",
		    secs(ri->base.mean, a, sizeof(a)), secs(ri->base.stddev, b,
		    sizeof(b)), pct(ri->change), ri->p, ri->p_u,
		    sgr(bo, ri->verdict == PM_SLOWER ? RED BOLD :
		    ri->verdict == PM_FASTER ? GREEN BOLD : BOLD),
		    pm_verdict_name(ri->verdict), sgr(bo, OFF));
	fputc('\n', fp);
}

void
pm_benchreport_summary(const struct pm_benchout *bo,
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
			    "%s%s%s (p = %.2g, U test p = %.2g)\n",
			    sgr(bo, GREEN BOLD), r[i].rel, sgr(bo, OFF),
			    r[i].rel_err, sgr(bo, CYAN), cur->cmds[i].name,
			    sgr(bo, OFF), r[i].rel_p, r[i].rel_p_u);
	fputc('\n', fp);
}

void
pm_benchreport_warnings(FILE *fp, const char *prog,
    const struct pm_bench_set *cur,
    const struct pm_bench_result *r, int shell)
{
	const struct pm_bench_cmd *c;
	size_t i;

	for (i = 0; i < cur->n; i++) {
		c = &cur->cmds[i];
		if (r[i].st.outliers > 0)
			fprintf(fp, "%s: warning: %s: %zu outlier runs: "
			    "something else disturbed them\n", prog, c->name,
			    r[i].st.outliers);
		if (c->n >= 3 && (double)c->runs[0].wall / PM_NS_PER_S -
		    c->shell_wall > 2 * r[i].st.median)
			fprintf(fp, "%s: warning: %s: the first run was much "
			    "slower than the rest: try --warmup\n", prog,
			    c->name);
		/* The median: one run that the machine slowed does not
		 * hide the warning. */
		if (shell && r[i].st.median < 0.005)
			fprintf(fp, "%s: warning: %s: under 5 ms through a "
			    "shell, the shell's start-up dominates: leave out "
			    "--shell\n", prog, c->name);
	}
}

int
pm_benchreport_failures(FILE *fp, const char *prog,
    const struct pm_bench_set *cur, const struct pm_bench_result *r,
    unsigned fail_on)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < cur->n; i++)
		if (r[i].compared && r[i].verdict != PM_SAME &&
		    fail_on & 1u << (r[i].verdict - PM_FASTER)) {
			fprintf(fp, "%s: %s: %s %s the baseline (%+.1f%%, "
			    "p = %.2g)\n", prog, cur->cmds[i].name,
			    pm_verdict_name(r[i].verdict),
			    r[i].verdict == PM_INCONCLUSIVE ? "against" : "than",
			    100 * r[i].change, r[i].p);
			failed = 1;
		}
	return failed;
}
