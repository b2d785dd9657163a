/* The Prometheus-HTTP source: raw samples, so the engine aggregates them
 * exactly as it does the store's (a server-side query_range would
 * resample them).  From VictoriaMetrics' /api/v1/export, read as it comes,
 * a line (one series) at a time; from Prometheus, which has no export, an
 * instant query of a range vector.  What the selector could not say
 * exactly (globs, POSIX regular expressions, the window to the
 * millisecond, --where) is checked again here. */
#include "pm_qsource.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_curl.h"
#include "pm_promname.h"
#include "pm_qprom.h"

#define CONNECT_TIMEOUT_MS 5000L
#define TIMEOUT_MS 120000L
#define ERRBODY_MAX 300

/* The source's state: the API's URL and the time limit of a request. */
struct prom {
	long timeout_ms;
	char base[];
};

struct fetch {
	struct pm_qsource *src;
	const struct pm_query *q;
	const struct pm_query *sel;	/* q less its metric globs */
	struct pm_sset *set;
	struct pm_err *e;
	CURL *h;
	const struct pm_curl *c;
	const char *base;	/* the API's URL, for messages */
	long timeout_ms;
	int whole;		/* keep the whole answer, not lines */
	long status;
	struct pm_sbuf line;	/* an unfinished line, or an error body */
	int failed;
};

/* One sample: of the export (v a number, t milliseconds) or of a query
 * (t NULL, v a pair [seconds, "value"]); 0 when it is not one. */
static int
sample_of(const cJSON *v, const cJSON *t, int64_t *ts, double *val)
{
	char *end;

	if (t != NULL) {
		if (!cJSON_IsNumber(v) || !cJSON_IsNumber(t))
			return 0;
		*ts = (int64_t)t->valuedouble * PM_NS_PER_MS;
		*val = v->valuedouble;
		return 1;
	}
	if (cJSON_GetArraySize(v) != 2 || !cJSON_IsNumber(v->child) ||
	    !cJSON_IsString(v->child->next))
		return 0;
	*ts = llround(v->child->valuedouble * 1e3) * PM_NS_PER_MS;
	*val = strtod(v->child->next->valuestring, &end);
	return *end == '\0';
}

/* A series of the answer: its labels m and its samples, the export's
 * values[] and timestamps[], or a query's values[] of pairs (ts NULL). */
static int
take_series(struct fetch *f, const cJSON *m, const cJSON *vals,
    const cJSON *tss)
{
	const cJSON *l, *v, *t;
	struct pm_point p;
	struct pm_series *ser = NULL;
	char metric[PM_PROM_NAME_MAX];
	const char *unit;
	int64_t ts;
	double val;
	int rc = 0;

	l = cJSON_GetObjectItemCaseSensitive(m, "__name__");
	pm_point_init(&p);
	if (!cJSON_IsString(l) || !pm_qprom_metric(f->q, l->valuestring,
	    metric, sizeof(metric), &unit))
		return 0;
	p.metric = metric;
	p.unit = unit;
	cJSON_ArrayForEach(l, m) {
		if (!cJSON_IsString(l) || strcmp(l->string, "__name__") == 0)
			continue;
		if (strcmp(l->string, "host") == 0)
			p.host = l->valuestring;
		else if (pm_point_add_label(&p, l->string, l->valuestring))
			return 0;	/* more labels than a point holds */
	}
	if (!pm_query_match_series(f->sel, p.metric, p.host, p.labels,
	    p.nlabels))
		return 0;
	v = cJSON_IsArray(vals) ? vals->child : NULL;
	t = tss != NULL && cJSON_IsArray(tss) ? tss->child : NULL;
	for (; v != NULL && rc == 0 && (tss == NULL || t != NULL);
	    v = v->next, t = t != NULL ? t->next : NULL) {
		if (!sample_of(v, t, &ts, &val) ||
		    !pm_query_match_sample(f->q, ts, val))
			continue;
		if (ser == NULL && (ser = pm_sset_get(f->set, &p, f->e)) ==
		    NULL) {
			rc = -1;
		} else if (ser == PM_SSET_FULL) {
			pm_qsource_full(f->src, NULL, 0);
			break;
		} else {
			rc = pm_series_add(ser, ts, val, f->e);
		}
	}
	return rc;
}

/* One line of /api/v1/export: {"metric":{...},"values":[...],
 * "timestamps":[...]}. */
static int
take_line(struct fetch *f, const char *s)
{
	cJSON *j = cJSON_Parse(s);
	int rc;

	if (j == NULL)
		return pm_err_set(f->e, "%s: the answer is not JSON lines: "
		    "%.80s", f->base, s);
	rc = take_series(f, cJSON_GetObjectItemCaseSensitive(j, "metric"),
	    cJSON_GetObjectItemCaseSensitive(j, "values"),
	    cJSON_GetObjectItemCaseSensitive(j, "timestamps"));
	cJSON_Delete(j);
	return rc;
}

/* A whole /api/v1/query answer: {"status":"success","data":{"resultType":
 * "matrix","result":[{"metric":{...},"values":[[seconds,"value"]...]}]}}. */
static int
take_matrix(struct fetch *f, const char *s)
{
	cJSON *j = cJSON_Parse(s), *res, *r;
	int rc = 0;

	res = cJSON_GetObjectItemCaseSensitive(j, "data");
	res = cJSON_GetObjectItemCaseSensitive(res, "result");
	if (!cJSON_IsArray(res))
		rc = pm_err_set(f->e, "%s: the answer is not a matrix: %.80s",
		    f->base, s);
	for (r = rc == 0 ? res->child : NULL; r != NULL && rc == 0;
	    r = r->next)
		rc = take_series(f, cJSON_GetObjectItemCaseSensitive(r,
		    "metric"), cJSON_GetObjectItemCaseSensitive(r, "values"),
		    NULL);
	cJSON_Delete(j);
	return rc;
}

/* The body as it comes: complete lines are taken at once, so memory holds
 * one line, not the answer. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	char *nl;
	size_t done = 0;

	if (f->status == 0)
		f->c->easy_getinfo(f->h, CURLINFO_RESPONSE_CODE, &f->status);
	if (f->status != 200) {
		if (f->line.len < ERRBODY_MAX)
			pm_sbuf_add(&f->line, data, size * n);
		return size * n;
	}
	pm_sbuf_add(&f->line, data, size * n);
	while (!f->whole && !f->line.oom && (nl = memchr(f->line.s + done, '\n',
	    f->line.len - done)) != NULL) {
		*nl = '\0';
		if (take_line(f, f->line.s + done) != 0) {
			f->failed = 1;
			return 0;
		}
		done = (size_t)(nl - f->line.s) + 1;
	}
	if (f->line.oom) {
		f->failed = pm_err_set(f->e, "out of memory");
		return 0;
	}
	memmove(f->line.s, f->line.s + done, f->line.len - done + 1);
	f->line.len -= done;
	return size * n;
}

/* The error body on one line, cut short. */
static const char *
one_line(struct pm_sbuf *b)
{
	size_t i;

	if (b->s == NULL)
		return "";
	for (i = 0; i < b->len; i++)
		if (b->s[i] == '\n' || b->s[i] == '\r')
			b->s[i] = ' ';
	if (b->len > ERRBODY_MAX)
		b->s[ERRBODY_MAX] = '\0';
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	return b->s;
}

/* GET url into f: 0, or -1 with e set (f->status says the HTTP status). */
static int
get(struct fetch *f, const char *url)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode cc;

	f->status = 0;
	f->line.len = 0;
	if ((f->h = f->c->easy_init()) == NULL)
		return pm_err_set(f->e, "cannot make a curl handle");
	f->c->easy_setopt(f->h, CURLOPT_URL, url);
	f->c->easy_setopt(f->h, CURLOPT_ERRORBUFFER, errbuf);
	f->c->easy_setopt(f->h, CURLOPT_WRITEFUNCTION, on_body);
	f->c->easy_setopt(f->h, CURLOPT_WRITEDATA, f);
	f->c->easy_setopt(f->h, CURLOPT_NOSIGNAL, 1L);
	f->c->easy_setopt(f->h, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	f->c->easy_setopt(f->h, CURLOPT_TIMEOUT_MS, f->timeout_ms);
	f->c->easy_setopt(f->h, CURLOPT_ACCEPT_ENCODING, "");
	f->c->easy_setopt(f->h, CURLOPT_PROTOCOLS_STR, "http,https");
	f->c->easy_setopt(f->h, CURLOPT_PROXY, "");
	cc = pm_curl_perform(f->c, f->h);
	if (f->status == 0)
		f->c->easy_getinfo(f->h, CURLINFO_RESPONSE_CODE, &f->status);
	f->c->easy_cleanup(f->h);
	if (f->failed)
		return -1;	/* e says why */
	if (cc != CURLE_OK)
		return pm_err_set(f->e, "%s: %s", f->base,
		    pm_curl_why(f->c, cc, errbuf));
	if (f->status != 200)
		return pm_err_set(f->e, "%s: HTTP %ld: %s", f->base, f->status,
		    one_line(&f->line));
	if (f->line.len == 0)
		return 0;
	return f->whole ? take_matrix(f, f->line.s) : take_line(f, f->line.s);
}

/* VictoriaMetrics' export; where there is none (Prometheus: 404), an
 * instant query of a range vector, which gives raw samples too. */
static int
load(struct pm_qsource *src, const struct pm_query *q, struct pm_sset *set,
    struct pm_err *e)
{
	struct pm_query sel = *q;
	struct fetch f;
	struct pm_sbuf url = { 0 };
	int rc;

	memset(&f, 0, sizeof(f));
	f.src = src;
	sel.nmetrics = 0;
	f.q = q;
	f.sel = &sel;
	f.set = set;
	f.e = e;
	f.base = ((struct prom *)src->state)->base;
	f.timeout_ms = ((struct prom *)src->state)->timeout_ms;
	if ((f.c = pm_curl_load(e)) == NULL)
		return -1;
	pm_qprom_export_url(&url, f.base, q);
	rc = url.oom ? pm_err_set(e, "out of memory") : get(&f, url.s);
	if (rc != 0 && f.status == 404 && !f.failed) {
		url.len = 0;
		pm_qprom_query_url(&url, f.base, q, pm_clock_now());
		f.whole = 1;
		rc = url.oom ? pm_err_set(e, "out of memory") : get(&f, url.s);
	}
	free(f.line.s);
	free(url.s);
	return rc;
}

static void
release(struct pm_qsource *src)
{
	free(src->state);
	src->state = NULL;
}

int
pm_qsource_prom(struct pm_qsource *src, const char *url, int64_t timeout,
    struct pm_err *e)
{
	static const char scheme[] = "prom+";
	size_t n = strlen(url);
	struct prom *p;

	if (strncmp(url, scheme, strlen(scheme)) != 0 ||
	    (strncmp(url + 5, "http://", 7) != 0 &&
	    strncmp(url + 5, "https://", 8) != 0))
		return pm_err_set(e, "'%s' is not a prom+http:// or "
		    "prom+https:// URL", url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	if ((p = malloc(sizeof(*p) + n - 5 + 1)) == NULL)
		return pm_err_set(e, "out of memory");
	memcpy(p->base, url + 5, n - 5);
	p->base[n - 5] = '\0';
	p->timeout_ms = timeout > 0 ? (long)((timeout + PM_NS_PER_MS - 1) /
	    PM_NS_PER_MS) : TIMEOUT_MS;
	src->state = p;
	src->load = load;
	src->release = release;
	return 0;
}
