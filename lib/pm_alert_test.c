/* Rule unit tests (see pm_alert_test.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alert.h"
#include "pm_alert_record.h"
#include "pm_alert_test.h"
#include "pm_labels.h"
#include "pm_rules_file.h"
#include "pm_slurp.h"
#include "pm_time.h"
#include "pm_values.h"

#define TEST_FILE_MAX ((size_t)16 * 1024 * 1024)
#define POINTS_MAX ((size_t)1000000)	/* per case */

struct tpt {
	int64_t ts;
	size_t series;
	double v;
};

struct teval {
	int64_t at;		/* after start */
	char **want;		/* sorted alert lines */
	size_t nwant;
};

struct pm_alert_test_case {
	const char *name;
	int64_t start;
	struct pm_point *series;	/* templates: borrow from the file */
	size_t nseries;
	struct tpt *pts;
	size_t npts, cap;
	struct teval *evals;
	size_t nevals;
};

/* A growing string for the diff. */
struct text {
	char *p;
	size_t len, cap;
	int oom;
};

static void
say(struct text *t, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *np;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || t->oom)
		return;
	need = t->len + (size_t)n + 1;
	if (need > t->cap) {
		if ((np = realloc(t->p, need * 2)) == NULL) {
			t->oom = 1;
			return;
		}
		t->p = np;
		t->cap = need * 2;
	}
	va_start(ap, fmt);
	vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static int
known(const cJSON *o, const char *const *keys, struct pm_err *e)
{
	const cJSON *m;
	size_t i;

	if (!cJSON_IsObject(o))
		return pm_err_set(e, "not an object");
	cJSON_ArrayForEach(m, o) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(m->string, keys[i]) == 0)
				break;
		if (keys[i] == NULL)
			return pm_err_set(e, "unknown member '%s'", m->string);
	}
	return 0;
}

/* The member key, a string or missing (NULL); -1 when another type. */
static int
string(const cJSON *o, const char *key, const char **s, struct pm_err *e)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);

	*s = NULL;
	if (x == NULL)
		return 0;
	if (!cJSON_IsString(x))
		return pm_err_set(e, "%s: not a string", key);
	*s = x->valuestring;
	return 0;
}

/* The labels object of o (missing: none) into p. */
static int
labels(const cJSON *o, struct pm_point *p, struct pm_err *e)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "labels"), *l;

	if (x == NULL)
		return 0;
	if (!cJSON_IsObject(x))
		return pm_err_set(e, "labels: not an object");
	cJSON_ArrayForEach(l, x) {
		if (!cJSON_IsString(l))
			return pm_err_set(e, "labels.%s: not a string",
			    l->string);
		if (pm_point_add_label(p, l->string, l->valuestring) != 0)
			return pm_err_set(e, "labels: more than %d",
			    PM_LABELS_MAX);
	}
	return 0;
}

/* An alert as one comparable line. */
static char *
alert_line(const char *name, const char *state, const char *severity,
    const struct pm_point *p)
{
	char lab[4096], *s;
	int n;

	pm_labels_canonical(p->labels, p->nlabels, lab, sizeof(lab));
	n = snprintf(NULL, 0, "%s %s %s%s%s %s", name, state, severity,
	    p->host ? " host=" : "", p->host ? p->host : "", lab);
	if ((s = malloc((size_t)n + 1)) != NULL)
		snprintf(s, (size_t)n + 1, "%s %s %s%s%s %s", name, state,
		    severity, p->host ? " host=" : "", p->host ? p->host : "",
		    lab);
	return s;
}

static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
pt_cmp(const void *a, const void *b)
{
	const struct tpt *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->series < y->series ? -1 : x->series > y->series;
}

static int
add_pt(struct pm_alert_test_case *c, int64_t ts, size_t series, double v,
    struct pm_err *e)
{
	struct tpt *np;

	if (c->npts == POINTS_MAX)
		return pm_err_set(e, "more than %zu points", POINTS_MAX);
	if (c->npts == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		if ((np = realloc(c->pts, c->cap * sizeof(*np))) == NULL)
			return pm_err_set(e, "out of memory");
		c->pts = np;
	}
	c->pts[c->npts++] = (struct tpt){ ts, series, v };
	return 0;
}

/* One value of series k into points. */
struct at_series {
	struct pm_alert_test_case *c;
	size_t k;
	int64_t step;
};

static int
value(void *arg, long i, double v, struct pm_err *e)
{
	struct at_series *as = arg;
	int64_t ts;

	if (__builtin_mul_overflow((int64_t)i, as->step, &ts) ||
	    __builtin_add_overflow(ts, as->c->start, &ts) || ts == PM_TS_NONE)
		return pm_err_set(e, "value %ld: not in 1677-2262", i + 1);
	return add_pt(as->c, ts, as->k, v, e);
}

static int
input(struct pm_alert_test_case *c, const cJSON *list, int64_t step,
    struct pm_err *e)
{
	static const char *const keys[] = { "metric", "host", "labels",
		"values", NULL };
	const cJSON *o;
	const char *v;
	struct pm_point *p;
	size_t k = 0;

	if (!cJSON_IsArray(list))
		return pm_err_set(e, "input_series: not an array");
	c->nseries = (size_t)cJSON_GetArraySize(list);
	if ((c->series = calloc(c->nseries + 1, sizeof(*p))) == NULL)
		return pm_err_set(e, "out of memory");
	cJSON_ArrayForEach(o, list) {
		p = &c->series[k];
		pm_point_init(p);
		if (known(o, keys, e) != 0 || string(o, "metric", &p->metric,
		    e) != 0 || string(o, "host", &p->host, e) != 0 ||
		    labels(o, p, e) != 0 || string(o, "values", &v, e) != 0)
			return pm_err_prefix(e, "input_series %zu", k + 1);
		if (p->metric == NULL || !pm_metric_name_valid(p->metric))
			return pm_err_set(e, "input_series %zu: no valid metric",
			    k + 1);
		if (v == NULL)
			return pm_err_set(e, "input_series %zu: no values",
			    k + 1);
		if (pm_values_parse(v, value, &(struct at_series){ c, k, step },
		    e) != 0)
			return pm_err_prefix(e, "input_series %zu", k + 1);
		k++;
	}
	if (c->npts > 1)	/* qsort(NULL, 0, ...) is undefined */
		qsort(c->pts, c->npts, sizeof(*c->pts), pt_cmp);
	return 0;
}

/* One expected alert as a line. */
static char *
want_line(const cJSON *o, struct pm_err *e)
{
	static const char *const keys[] = { "alert", "state", "severity",
		"host", "labels", NULL };
	const char *name, *state, *sev;
	struct pm_point p;
	char *s;

	pm_point_init(&p);
	if (known(o, keys, e) != 0 || string(o, "alert", &name, e) != 0 ||
	    string(o, "state", &state, e) != 0 || string(o, "severity", &sev,
	    e) != 0 || string(o, "host", &p.host, e) != 0 ||
	    labels(o, &p, e) != 0)
		return NULL;
	if (name == NULL)
		return pm_err_set(e, "no alert"), NULL;
	if (state == NULL)
		state = "firing";
	if (strcmp(state, "firing") != 0 && strcmp(state, "pending") != 0)
		return pm_err_set(e, "state: not firing or pending"), NULL;
	if (sev == NULL)
		sev = "critical";
	if (strcmp(sev, "critical") != 0 && strcmp(sev, "warning") != 0)
		return pm_err_set(e, "severity: not critical or warning"), NULL;
	if ((s = alert_line(name, state, sev, &p)) == NULL)
		pm_err_set(e, "out of memory");
	return s;
}

static int
evals(struct pm_alert_test_case *c, const cJSON *list, struct pm_err *e)
{
	static const char *const keys[] = { "at", "alerts", NULL };
	const cJSON *o, *al, *x;
	const char *at;
	struct teval *ev;
	int64_t t;
	size_t k = 0;

	if (!cJSON_IsArray(list))
		return pm_err_set(e, "alerts: not an array");
	c->nevals = (size_t)cJSON_GetArraySize(list);
	if ((c->evals = calloc(c->nevals + 1, sizeof(*ev))) == NULL)
		return pm_err_set(e, "out of memory");
	cJSON_ArrayForEach(o, list) {
		ev = &c->evals[k++];
		if (known(o, keys, e) != 0 || string(o, "at", &at, e) != 0)
			return pm_err_prefix(e, "alerts %zu", k);
		if (at == NULL || pm_duration_parse(at, &ev->at, e) != 0 ||
		    (k > 1 && ev->at < ev[-1].at))
			return pm_err_set(e, "alerts %zu: at: not a duration "
			    "after the last (0s, 5m)", k);
		if (__builtin_add_overflow(c->start, ev->at, &t))
			return pm_err_set(e, "alerts %zu: at: not in "
			    "1677-2262", k);
		al = cJSON_GetObjectItemCaseSensitive(o, "alerts");
		if (al != NULL && !cJSON_IsArray(al))
			return pm_err_set(e, "alerts %zu: alerts: not an array",
			    k);
		if ((ev->want = calloc((size_t)cJSON_GetArraySize(al) + 1,
		    sizeof(char *))) == NULL)
			return pm_err_set(e, "out of memory");
		cJSON_ArrayForEach(x, al)
			if ((ev->want[ev->nwant++] = want_line(x, e)) == NULL)
				return pm_err_prefix(e, "alerts %zu: alert %zu",
				    k, ev->nwant);
		qsort(ev->want, ev->nwant, sizeof(char *), line_cmp);
	}
	return 0;
}

static int
one_case(struct pm_alert_test_case *c, const cJSON *o, struct pm_err *e)
{
	static const char *const keys[] = { "name", "start", "interval",
		"input_series", "alerts", NULL };
	const char *start, *interval;
	int64_t step = 60 * PM_NS_PER_S;

	if (known(o, keys, e) != 0 || string(o, "name", &c->name, e) != 0 ||
	    string(o, "start", &start, e) != 0 || string(o, "interval",
	    &interval, e) != 0)
		return -1;
	c->start = 0;
	if (start != NULL && pm_rfc3339_parse(start, strlen(start),
	    &c->start) != 0)
		return pm_err_set(e, "start: not an RFC 3339 time");
	if (interval != NULL && (pm_duration_parse(interval, &step, e) != 0 ||
	    step <= 0))
		return pm_err_set(e, "interval: not a duration (10s, 1m)");
	if (input(c, cJSON_GetObjectItemCaseSensitive(o, "input_series"), step,
	    e) != 0)
		return -1;
	return evals(c, cJSON_GetObjectItemCaseSensitive(o, "alerts"), e);
}

/* "rules" or "rules_file" of the suite. */
static int
suite_rules(const cJSON *root, const char *path, struct pm_rule *rules,
    size_t *n, size_t max, struct pm_err *e)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "rules");
	const char *file, *slash = strrchr(path, '/');
	char buf[4096];

	if (string(root, "rules_file", &file, e) != 0)
		return pm_err_prefix(e, "%s", path);
	if (list != NULL && file != NULL)
		return pm_err_set(e, "%s: rules and rules_file: choose one",
		    path);
	if (list != NULL) {
		if (!cJSON_IsArray(list))
			return pm_err_set(e, "%s: rules: not an array", path);
		return pm_rules_file_list(list, path, rules, n, max, e);
	}
	if (file == NULL)
		return 0;
	if (*file == '/' || slash == NULL)
		snprintf(buf, sizeof(buf), "%s", file);
	else
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(slash - path), path,
		    file);
	return pm_rules_file_load(buf, rules, n, max, e);
}

int
pm_alert_tests_load(struct pm_alert_tests *t, const char *path,
    struct pm_rule *rules, size_t *n, size_t max, struct pm_err *e)
{
	static const char *const keys[] = { "rules", "rules_file", "tests",
		NULL };
	const cJSON *list, *o;
	char *text;
	size_t k = 0;

	memset(t, 0, sizeof(*t));
	if ((text = pm_slurp(path, TEST_FILE_MAX, e)) == NULL)
		return -1;
	t->root = cJSON_Parse(text);
	free(text);
	list = cJSON_GetObjectItemCaseSensitive(t->root, "tests");
	if (!cJSON_IsObject(t->root) || !cJSON_IsArray(list))
		return pm_err_set(e, "%s: not JSON with a \"tests\" array",
		    path);
	if (known(t->root, keys, e) != 0)
		return pm_err_prefix(e, "%s", path);
	if (suite_rules(t->root, path, rules, n, max, e) != 0)
		return -1;
	t->ncases = (size_t)cJSON_GetArraySize(list);
	if ((t->cases = calloc(t->ncases + 1, sizeof(*t->cases))) == NULL)
		return pm_err_set(e, "out of memory");
	cJSON_ArrayForEach(o, list) {
		if (one_case(&t->cases[k], o, e) != 0)
			return pm_err_prefix(e, "%s: test %zu", path, k + 1);
		k++;
	}
	return 0;
}

const char *
pm_alert_tests_name(const struct pm_alert_tests *t, size_t i)
{
	return t->cases[i].name ? t->cases[i].name : "";
}

/* The alerts pending or firing in al, as sorted lines in got. */
static int
got_lines(const struct pm_alerts *al, int64_t ts, char ***got, size_t *n,
    struct pm_err *e)
{
	struct pm_alert_record rec;
	const struct pm_alert_series *s;
	const struct pm_rule *r;
	size_t i;

	*n = 0;
	if ((*got = calloc(al->nseries + 1, sizeof(char *))) == NULL)
		return pm_err_set(e, "out of memory");
	for (i = 0; i < al->nseries; i++) {
		s = al->series[i];
		if (s->state == PM_ALERT_INACTIVE)
			continue;
		r = &al->rules[s->rule];
		struct pm_alert_event ev = {
			.rule = r, .s = s, .ts = ts, .value = s->value,
			.state = s->state == PM_ALERT_PENDING ? "pending" :
			    "firing",
			.severity = pm_alert_severity(s->level),
			.threshold = s->level >= 2 ? &r->crit : &r->warn,
		};
		if (pm_alert_record_init(&rec, &ev, e) != 0)
			return -1;
		(*got)[*n] = alert_line(r->name, ev.state, ev.severity,
		    &rec.point);
		pm_alert_record_release(&rec);
		if ((*got)[(*n)++] == NULL)
			return pm_err_set(e, "out of memory");
	}
	qsort(*got, *n, sizeof(char *), line_cmp);
	return 0;
}

/* The diff of one evaluation into out; whether they differ. */
static int
compare(struct text *out, const struct teval *ev, char **got, size_t ngot)
{
	char when[64];
	size_t i = 0, j = 0;
	int c;

	for (; i < ev->nwant && j < ngot; i++, j++)
		if (strcmp(ev->want[i], got[j]) != 0)
			break;
	if (i == ev->nwant && j == ngot)
		return 0;
	pm_duration_format(ev->at, when, sizeof(when));
	say(out, "  at %s:\n", when);
	for (i = 0, j = 0; i < ev->nwant || j < ngot;) {
		c = i == ev->nwant ? 1 : j == ngot ? -1 :
		    strcmp(ev->want[i], got[j]);
		if (c == 0) {
			say(out, "      %s\n", got[j++]);
			i++;
		} else if (c < 0)
			say(out, "    - %s\n", ev->want[i++]);
		else
			say(out, "    + %s\n", got[j++]);
	}
	return 1;
}

static void
free_lines(char **l, size_t n)
{
	size_t i;

	for (i = 0; l != NULL && i < n; i++)
		free(l[i]);
	free(l);
}

int
pm_alert_tests_run(struct pm_alert_tests *t, size_t i,
    const struct pm_rule *rules, size_t nrules, struct pm_err *e)
{
	const struct pm_alert_test_case *c = &t->cases[i];
	struct text out = { 0 };
	struct pm_alerts al;
	struct pm_point p;
	char **got = NULL;
	size_t k, j = 0, ngot = 0;
	int rc = 0, failed = 0;

	free(t->diff);
	t->diff = NULL;
	if (pm_alerts_init(&al, rules, nrules, e) != 0)
		goto fail;
	for (k = 0; k < c->nevals; k++) {
		for (; j < c->npts && c->pts[j].ts <= c->start +
		    c->evals[k].at; j++) {
			p = c->series[c->pts[j].series];
			p.ts = c->pts[j].ts;
			p.value = c->pts[j].v;
			if (pm_alerts_point(&al, &p, e) < 0)
				goto fail;
		}
		if (got_lines(&al, c->start + c->evals[k].at, &got, &ngot,
		    e) != 0)
			goto fail;
		failed |= compare(&out, &c->evals[k], got, ngot);
		free_lines(got, ngot);
		got = NULL;
	}
	if (out.oom) {
		pm_err_set(e, "out of memory");
		goto fail;
	}
	t->diff = out.p;
	pm_alerts_release(&al);
	return !failed;
fail:
	rc = -1;
	free_lines(got, ngot);
	free(out.p);
	pm_alerts_release(&al);
	return rc;
}

void
pm_alert_tests_release(struct pm_alert_tests *t)
{
	struct pm_alert_test_case *c;
	size_t i, k;

	for (i = 0; t->cases != NULL && i < t->ncases; i++) {
		c = &t->cases[i];
		for (k = 0; c->evals != NULL && k < c->nevals; k++)
			free_lines(c->evals[k].want, c->evals[k].nwant);
		free(c->evals);
		free(c->series);
		free(c->pts);
	}
	free(t->cases);
	free(t->diff);
	cJSON_Delete(t->root);
	memset(t, 0, sizeof(*t));
}
