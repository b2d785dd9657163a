/* pm_loadout: an HTTP load run's record, gate figures and report (see
 * pm_loadout.h). */
#include "pm_loadout.h"

#include <stdint.h>
#include <string.h>

#include "pm_benchout.h"
#include "pm_human.h"
#include "pm_time.h"

static double
secs(int64_t ns)
{
	return (double)ns / PM_NS_PER_S;
}

static double
elapsed(const struct pm_loadgen_result *r)
{
	return r->elapsed > 0 ? secs(r->elapsed) : 1e-9;
}

static uint64_t
failed(const struct pm_loadgen_result *r)
{
	return r->requests - r->errors[PM_HTTP_OK];
}

static double
error_rate(const struct pm_loadgen_result *r)
{
	return r->requests ? (double)failed(r) / (double)r->requests : 0;
}

/* The latency statistics of h in seconds, in the order of names[]. */
static const char *const names[] = {
	"mean", "stddev", "min", "max", "p50", "p90", "p95", "p99", "p999",
};
#define NSTATS (sizeof(names) / sizeof(names[0]))

static void
stats(const struct pm_hist *h, double v[NSTATS])
{
	static const double p[] = { 0.5, 0.9, 0.95, 0.99, 0.999 };
	size_t i;

	v[0] = h->mean / PM_NS_PER_S;
	v[1] = pm_hist_stddev(h) / PM_NS_PER_S;
	v[2] = h->total ? secs(h->min) : 0;
	v[3] = secs(h->max);
	for (i = 0; i < 5; i++)
		v[4 + i] = secs(pm_hist_percentile(h, p[i]));
}

void
pm_loadout_figures(const struct pm_loadgen_result *r,
    double fig[PM_GATE_NFIGURES])
{
	double v[NSTATS];

	stats(&r->lat, v);
	memset(fig, 0, PM_GATE_NFIGURES * sizeof(*fig));
	fig[PM_GATE_MEAN] = v[0];
	fig[PM_GATE_STDDEV] = v[1];
	fig[PM_GATE_MIN] = v[2];
	fig[PM_GATE_MAX] = v[3];
	fig[PM_GATE_MEDIAN] = v[4];
	fig[PM_GATE_P90] = v[5];
	fig[PM_GATE_P95] = v[6];
	fig[PM_GATE_P99] = v[7];
	fig[PM_GATE_FAILURES] = (double)failed(r);
	fig[PM_GATE_ERRORS] = error_rate(r);
}


static void
add_stats(cJSON *x, const char *prefix, const struct pm_hist *h)
{
	double v[NSTATS];
	char key[64];
	size_t i;

	stats(h, v);
	for (i = 0; i < NSTATS; i++) {
		snprintf(key, sizeof(key), "%s%s", prefix, names[i]);
		pm_benchout_num(x, key, v[i]);
	}
}

static int
add_labels(const struct pm_loadout *lo, struct pm_point *p)
{
	const struct pm_httpreq *q = &lo->conf->req;
	size_t i;

	if (pm_point_add_label(p, "name", lo->name) != 0 ||
	    pm_point_add_label(p, "url", q->url) != 0 ||
	    pm_point_add_label(p, "method", q->method ? q->method :
	    q->data ? "POST" : "GET") != 0)
		return -1;
	for (i = 0; i < lo->nlabels; i++)
		if (pm_point_add_label(p, lo->labels[i].key,
		    lo->labels[i].value) != 0)
			return -1;
	return 0;
}

int
pm_loadout_record(const struct pm_loadout *lo,
    const struct pm_loadgen_result *r)
{
	const struct pm_loadgen_conf *c = lo->conf;
	struct pm_point p;
	char key[64];
	cJSON *x;
	size_t k;
	int rc;

	pm_point_init(&p);
	p.metric = "bench.http";
	p.value = r->lat.mean / PM_NS_PER_S;
	p.unit = "seconds";
	p.host = lo->host;
	p.ts = r->start;
	if ((x = cJSON_CreateObject()) == NULL || add_labels(lo, &p) != 0) {
		cJSON_Delete(x);
		return -1;
	}
	pm_benchout_num(x, "requests", (double)r->requests);
	pm_benchout_num(x, "connections", (double)c->connections);
	pm_benchout_num(x, "threads", (double)c->threads);
	if (c->rate > 0)
		pm_benchout_num(x, "rate", c->rate);
	pm_benchout_num(x, "duration", elapsed(r));
	pm_benchout_num(x, "requests_per_s", (double)r->requests / elapsed(r));
	pm_benchout_num(x, "bytes", (double)r->bytes);
	pm_benchout_num(x, "bytes_per_s", (double)r->bytes / elapsed(r));
	pm_benchout_num(x, "errors", (double)failed(r));
	pm_benchout_num(x, "error_rate", error_rate(r));
	for (k = 1; k < PM_HTTP_NKINDS; k++) {
		snprintf(key, sizeof(key), "errors_%s", pm_http_kind_name(k));
		pm_benchout_num(x, key, (double)r->errors[k]);
	}
	add_stats(x, "", &r->lat);
	if (c->rate > 0)
		add_stats(x, "uncorrected_", &r->raw);
	if (r->interrupted)
		cJSON_AddTrueToObject(x, "interrupted");
	p.extra = x;
	rc = pm_out_point(lo->out, &p);
	cJSON_Delete(x);
	return rc == 0 ? pm_out_sync(lo->out) : rc;
}

static const char *
sgr(const struct pm_loadout *lo, const char *code)
{
	return lo->color ? code : "";
}

/* "p50 1.2 ms, p90 ..." of h. */
static void
percentiles(FILE *fp, const char *title, const struct pm_hist *h)
{
	double v[NSTATS];
	char a[32];
	size_t i;

	stats(h, v);
	fprintf(fp, "  %-21s", title);
	for (i = 4; i < NSTATS; i++)
		fprintf(fp, "%s%s", i > 4 ? " / " : "",
		    pm_human(v[i], "seconds", a, sizeof(a)));
	fputc('\n', fp);
}

void
pm_loadout_report(const struct pm_loadout *lo,
    const struct pm_loadgen_result *r)
{
	const struct pm_loadgen_conf *c = lo->conf;
	double v[NSTATS];
	char a[32], b[32];
	FILE *fp = lo->text;
	const char *sep = ":";
	size_t k;

	stats(&r->lat, v);
	fprintf(fp, "%sBenchmark: %s%s\n", sgr(lo, "\033[1m"), lo->name,
	    sgr(lo, "\033[0m"));
	fprintf(fp, "  Requests:            %llu in %s, connections %ld, "
	    "threads %ld", (unsigned long long)r->requests,
	    pm_human(elapsed(r), "seconds", a, sizeof(a)), c->connections,
	    c->threads);
	if (c->rate > 0)
		fprintf(fp, ", open model at %g/s", c->rate);
	if (r->interrupted)
		fputs(", interrupted", fp);
	fprintf(fp, "\n  Throughput:          %s%s%s requests/s, %s/s\n",
	    sgr(lo, "\033[32;1m"), pm_human((double)r->requests / elapsed(r),
	    NULL, a, sizeof(a)), sgr(lo, "\033[0m"),
	    pm_human((double)r->bytes / elapsed(r), "bytes", b, sizeof(b)));
	fprintf(fp, "  Latency (mean ± σ):  %s ± ", pm_human(v[0], "seconds",
	    a, sizeof(a)));
	fprintf(fp, "%s\n", pm_human(v[1], "seconds", a, sizeof(a)));
	fprintf(fp, "  Range (min … max):   %s … ", pm_human(v[2], "seconds",
	    a, sizeof(a)));
	fprintf(fp, "%s\n", pm_human(v[3], "seconds", a, sizeof(a)));
	percentiles(fp, "p50/90/95/99/99.9:", &r->lat);
	if (c->rate > 0)
		percentiles(fp, "  uncorrected:", &r->raw);
	fprintf(fp, "  Errors:              %llu (%.2f%%)",
	    (unsigned long long)failed(r), 100 * error_rate(r));
	for (k = 1; k < PM_HTTP_NKINDS; k++)
		if (r->errors[k] > 0) {
			fprintf(fp, "%s %s %llu", sep, pm_http_kind_name(k),
			    (unsigned long long)r->errors[k]);
			sep = ",";
		}
	fputs("\n\n", fp);
}
