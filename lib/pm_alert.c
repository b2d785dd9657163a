/* The alert engine: rules evaluated per series at the points' own time
 * (see pm_alert.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_alert.h"
#include "pm_labels.h"

#define KEY_MAX 8192

int
pm_alerts_init(struct pm_alerts *a, const struct pm_rule *rules,
    size_t nrules, struct pm_err *e)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	a->rules = rules;
	a->nrules = nrules;
	a->start = a->now = PM_TS_NONE;
	pm_keyset_init(&a->keys);
	pm_keyset_init(&a->metrics);
	pm_keyset_init(&a->idents);
	if ((a->seen_any = calloc(nrules + 1, 1)) == NULL)
		return pm_err_set(e, "out of memory");
	for (i = 0; i < nrules; i++)
		if (pm_keyset_find(&a->metrics, rules[i].metric,
		    strlen(rules[i].metric)) < 0 && pm_keyset_add(&a->metrics,
		    rules[i].metric, strlen(rules[i].metric)) < 0)
			return pm_err_set(e, "out of memory");
	return 0;
}

const char *
pm_alert_severity(int level)
{
	return level >= 2 ? "critical" : "warning";
}

/* FNV-1a, 64 bits, over the parts with a NUL after each. */
static void
fingerprint(const char *const *parts, size_t n, char out[17])
{
	uint64_t h = UINT64_C(14695981039346656037);
	const char *p;
	size_t i;

	for (i = 0; i < n; i++) {
		for (p = parts[i] ? parts[i] : ""; ; p++) {
			h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
			if (*p == '\0')
				break;
		}
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* A series with copies of p's metric, host and labels. */
static struct pm_alert_series *
series_new(const struct pm_rule *r, size_t rule, const struct pm_point *p,
    const char *canon, struct pm_err *e)
{
	struct pm_alert_series *s;
	const char *parts[4];
	size_t need = strlen(p->metric) + 1 + (p->host ? strlen(p->host) + 1 :
	    0) + (p->unit ? strlen(p->unit) + 1 : 0), i;
	char *m;

	for (i = 0; i < p->nlabels; i++)
		need += strlen(p->labels[i].key) + strlen(p->labels[i].value) + 2;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->mem = m = malloc(need)) == NULL) {
		free(s);
		pm_err_set(e, "out of memory");
		return NULL;
	}
#define COPY(dst, src) do { size_t n_ = strlen(src) + 1; \
	memcpy(m, (src), n_); (dst) = m; m += n_; } while (0)
	COPY(s->metric, p->metric);
	if (p->host != NULL)
		COPY(s->host, p->host);
	if (p->unit != NULL)
		COPY(s->unit, p->unit);
	for (i = 0; i < p->nlabels; i++) {
		COPY(s->labels[i].key, p->labels[i].key);
		COPY(s->labels[i].value, p->labels[i].value);
	}
#undef COPY
	s->nlabels = p->nlabels;
	s->rule = rule;
	s->win.sorted = r->kind == PM_RULE_AGG && r->agg != PM_AGG_AVG &&
	    r->agg != PM_AGG_RATE && r->agg != PM_AGG_LAST;
	s->keep_since = s->last_seen = s->active_at = s->fired_at =
	    s->notified_at = PM_TS_NONE;
	s->value = NAN;
	parts[0] = r->name;
	parts[1] = s->metric;
	parts[2] = s->host;
	parts[3] = canon;
	fingerprint(parts, 4, s->fingerprint);
	return s;
}

/* s and "\x1f" after key[0..*n), within KEY_MAX. */
static int
append(char *key, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n + 1 + len >= KEY_MAX)
		return -1;
	memcpy(key + *n, s, len);
	*n += len;
	key[(*n)++] = '\x1f';
	return 0;
}

/* metric \x1f host \x1f labels \x1f after key[0..*n), and the labels in
 * canon.  Built by hand: this runs for every point, and snprintf was a
 * fifth of the time.  No NUL inside: pm_keyset measures with strlen. */
static int
point_key(const struct pm_point *p, char *key, size_t *n,
    char canon[KEY_MAX / 2], struct pm_err *e)
{
	if (pm_labels_of_point(p, canon, KEY_MAX / 2) >= KEY_MAX / 2)
		return pm_err_set(e, "labels too long");
	if (append(key, n, p->metric) != 0 || append(key, n, p->host ?
	    p->host : "") != 0 || append(key, n, canon) != 0)
		return pm_err_set(e, "series name too long");
	return 0;
}

/* s after key[0..*n), its length first in two bytes that are never 0,
 * so no two lists of strings give the same key. */
static int
put_field(char *key, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (len >= 1 << 14 || *n + 2 + len >= KEY_MAX)
		return -1;
	key[(*n)++] = (char)(0x80 | (len & 0x7f));
	key[(*n)++] = (char)(0x80 | (len >> 7));
	memcpy(key + *n, s, len);
	*n += len;
	return 0;
}

/* p's metric, host and labels as they come, for ident(): cheaper than
 * the canonical key, and the same labels in another order only make
 * another ident leading to the same series. */
static int
raw_key(const struct pm_point *p, char *key, size_t *n)
{
	size_t i;

	if (put_field(key, n, p->metric) != 0 ||
	    put_field(key, n, p->host ? p->host : "") != 0)
		return -1;
	for (i = 0; i < p->nlabels; i++)
		if (put_field(key, n, p->labels[i].key) != 0 ||
		    put_field(key, n, p->labels[i].value) != 0)
			return -1;
	return 0;
}

/* Room in *v (of *cap elements of size each) for element n. */
static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 64;
	void *nv;

	if (n < *cap)
		return 0;
	if ((nv = realloc(*v, c * size)) == NULL)
		return -1;
	*v = nv;
	*cap = c;
	return 0;
}

struct pm_alert_series *
pm_alerts_series(struct pm_alerts *a, size_t rule, const struct pm_point *p,
    struct pm_err *e)
{
	char key[KEY_MAX], canon[KEY_MAX / 2];
	struct pm_alert_series *s;
	size_t n, r;
	long i;

	/* The rule's number in hex, backwards: only being unique matters. */
	for (n = 0, r = rule; n == 0 || r != 0; r >>= 4)
		key[n++] = "0123456789abcdef"[r & 15];
	key[n++] = '\x1f';
	if (point_key(p, key, &n, canon, e) != 0)
		return NULL;
	if ((i = pm_keyset_find(&a->keys, key, n)) >= 0)
		return a->series[i];
	if (grow((void **)&a->series, &a->cap, a->nseries,
	    sizeof(*a->series)) != 0 || (a->rules[rule].kind == PM_RULE_ABSENT &&
	    grow((void **)&a->absent, &a->absent_cap, a->nabsent,
	    sizeof(*a->absent)) != 0)) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	if ((s = series_new(&a->rules[rule], rule, p, canon, e)) == NULL)
		return NULL;
	if (pm_keyset_add(&a->keys, key, n) < 0) {
		free(s->mem);
		free(s);
		pm_err_set(e, "out of memory");
		return NULL;
	}
	a->series[a->nseries++] = s;
	if (a->rules[rule].kind == PM_RULE_ABSENT)
		a->absent[a->nabsent++] = s;
	return s;
}

/* The rules selecting p's metric, host and labels, and their series:
 * found once for each such identity, then by one hash. */
static const struct pm_alert_ident over;	/* a series over max_series */

static const struct pm_alert_ident *
ident(struct pm_alerts *a, const struct pm_point *p, struct pm_err *e)
{
	static const struct pm_alert_ident none;
	char key[KEY_MAX];
	struct pm_alert_ident *id;
	size_t n = 0, r;
	long i;

	if (pm_keyset_find(&a->metrics, p->metric, strlen(p->metric)) < 0)
		return &none;
	if (raw_key(p, key, &n) != 0)
		return pm_err_set(e, "series name too long"), NULL;
	if ((i = pm_keyset_find(&a->idents, key, n)) >= 0)
		return &a->ident[i];
	if (a->max_series > 0 && a->idents.n >= a->max_series)
		return &over;
	if (grow((void **)&a->ident, &a->ident_cap, a->idents.n,
	    sizeof(*a->ident)) != 0 || (id = &a->ident[a->idents.n],
	    id->n = 0, id->s = calloc(a->nrules + 1, sizeof(*id->s))) == NULL) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	for (r = 0; r < a->nrules; r++)
		if (pm_rule_selects(&a->rules[r], p) &&
		    (id->s[id->n++] = pm_alerts_series(a, r, p, e)) == NULL) {
			free(id->s);
			return NULL;
		}
	if (pm_keyset_add(&a->idents, key, n) < 0) {
		free(id->s);
		pm_err_set(e, "out of memory");
		return NULL;
	}
	return id;
}

static int
emit(struct pm_alerts *a, struct pm_alert_series *s, const char *state,
    int64_t ts, int repeat, struct pm_err *e)
{
	const struct pm_rule *r = &a->rules[s->rule];
	struct pm_alert_event ev = {
		.rule = r, .s = s, .state = state,
		.severity = pm_alert_severity(s->level), .ts = ts,
		.value = s->value, .repeat = repeat,
		.threshold = s->level >= 2 ? &r->crit : &r->warn,
	};

	if (strcmp(state, "firing") == 0)
		s->notified_at = ts;
	return a->emit != NULL ? a->emit(a->emit_arg, &ev, e) : 0;
}

/* ts - since, never wrapping: the times come from points anywhere in
 * 1677..2262 and from state files (where PM_TS_NONE is "never"). */
static int64_t
elapsed(int64_t ts, int64_t since)
{
	int64_t d;

	if (__builtin_sub_overflow(ts, since, &d))
		return ts > since ? INT64_MAX : INT64_MIN;
	return d;
}

/* One evaluation of s at ts: v, and level 0 (fine), 1 or 2. */
static int
step(struct pm_alerts *a, struct pm_alert_series *s, int64_t ts, double v,
    int level, struct pm_err *e)
{
	const struct pm_rule *r = &a->rules[s->rule];

	if (!isnan(v))	/* rate() over one sample: keep the last */
		s->value = v;
	if (level == 0) {
		if (s->state == PM_ALERT_PENDING)
			s->state = PM_ALERT_INACTIVE;
		if (s->state != PM_ALERT_FIRING)
			return 0;
		if (s->keep_since == PM_TS_NONE)
			s->keep_since = ts;
		if (elapsed(ts, s->keep_since) < r->keep_ns)
			return 0;
		s->state = PM_ALERT_INACTIVE;
		s->keep_since = PM_TS_NONE;
		return emit(a, s, "resolved", ts, 0, e);
	}
	s->keep_since = PM_TS_NONE;
	switch (s->state) {
	case PM_ALERT_INACTIVE:
		s->active_at = ts;
		s->level = level;
		s->state = PM_ALERT_PENDING;
		if (r->for_ns > 0)
			return emit(a, s, "pending", ts, 0, e);
		/* FALLTHROUGH */
	case PM_ALERT_PENDING:
		s->level = level;
		if (elapsed(ts, s->active_at) < r->for_ns)
			return 0;
		s->state = PM_ALERT_FIRING;
		s->fired_at = ts;
		return emit(a, s, "firing", ts, 0, e);
	case PM_ALERT_FIRING:
		if (level != s->level) {
			s->level = level;
			return emit(a, s, "firing", ts, 0, e);
		}
		if (a->repeat > 0 && elapsed(ts, s->notified_at) >= a->repeat)
			return emit(a, s, "firing", ts, 1, e);
		return 0;
	}
	return 0;
}

static int
level_of(const struct pm_rule *r, double v)
{
	if (pm_threshold_alerts(&r->crit, v))
		return 2;
	return pm_threshold_alerts(&r->warn, v) ? 1 : 0;
}

static double
since_seconds(const struct pm_alerts *a, const struct pm_alert_series *s)
{
	return (double)elapsed(a->now, s->last_seen) / (double)PM_NS_PER_S;
}

/* The stream's time moved on: evaluate every absent() series. */
static int
absent_scan(struct pm_alerts *a, struct pm_err *e)
{
	struct pm_alert_series *s;
	const struct pm_rule *r;
	size_t i;
	double v;

	for (i = 0; i < a->nabsent; i++) {
		s = a->absent[i];
		r = &a->rules[s->rule];
		if (s->last_seen == PM_TS_NONE ||
		    (s->placeholder && a->seen_any[s->rule]))
			continue;
		v = since_seconds(a, s);
		if (step(a, s, a->now, v, level_of(r, v), e) != 0)
			return -1;
	}
	return 0;
}

/* A stand-in series for each absent() rule, from the first point. */
static int
absent_start(struct pm_alerts *a, int64_t ts, struct pm_err *e)
{
	struct pm_alert_series *s;
	struct pm_point p;
	size_t i;

	for (i = 0; i < a->nrules; i++) {
		if (a->rules[i].kind != PM_RULE_ABSENT)
			continue;
		pm_point_init(&p);
		p.metric = a->rules[i].metric;
		if ((s = pm_alerts_series(a, i, &p, e)) == NULL)
			return -1;
		s->placeholder = 1;
		if (s->last_seen == PM_TS_NONE)	/* not from a state file */
			s->last_seen = ts;
	}
	return 0;
}

static int
evaluate(struct pm_alerts *a, struct pm_alert_series *s,
    const struct pm_point *p, struct pm_err *e)
{
	size_t i = s->rule;
	const struct pm_rule *r = &a->rules[i];
	struct pm_point any;
	double v;

	if (s->last_seen != PM_TS_NONE && p->ts < s->last_seen)
		return 1;
	s->last_seen = p->ts;
	switch (r->kind) {
	case PM_RULE_ABSENT:
		/* The series is back, and so is the metric. */
		a->seen_any[i] = 1;
		s->placeholder = 0;
		if (step(a, s, p->ts, 0, 0, e) != 0)
			return -1;
		pm_point_init(&any);
		any.metric = r->metric;
		if ((s = pm_alerts_series(a, i, &any, e)) == NULL)
			return -1;
		if (s->placeholder && s->state != PM_ALERT_INACTIVE)
			return step(a, s, p->ts, 0, 0, e);
		return 0;
	case PM_RULE_AGG:
		if (pm_window_push(&s->win, p->ts, p->value, r->window, e) != 0)
			return -1;
		v = pm_window_agg(&s->win, r->agg);
		break;
	case PM_RULE_VALUE:
	default:
		v = p->value;
		break;
	}
	return step(a, s, p->ts, v, level_of(r, v), e);
}

/* Whether p's metric, host and labels fit the keys of ident() and of a
 * series (raw_key, point_key), with room to spare.  A bound first: most
 * points are far below it, even were every byte escaped six times. */
static int
key_fits(const struct pm_point *p)
{
	size_t raw, canon, i;
	char c;

	raw = strlen(p->metric) + (p->host ? strlen(p->host) : 0) + 8;
	for (i = 0; i < p->nlabels; i++)
		raw += strlen(p->labels[i].key) + strlen(p->labels[i].value) +
		    4;
	if (raw * 6 + 64 < KEY_MAX / 2)
		return 1;
	canon = pm_labels_of_point(p, &c, 1);
	return raw + 64 < KEY_MAX && canon + 64 < KEY_MAX / 2 &&
	    canon + raw + 64 < KEY_MAX;
}

int
pm_alerts_point(struct pm_alerts *a, const struct pm_point *p,
    struct pm_err *e)
{
	const struct pm_alert_ident *id;
	int skipped = 0, rc;
	size_t i;

	if (a->start == PM_TS_NONE) {
		a->start = p->ts;
		if (absent_start(a, p->ts, e) != 0)
			return -1;
	}
	if (!key_fits(p))
		return pm_err_set(e, "metric, host and labels longer than "
		    "%d bytes, skipped", KEY_MAX / 2), 2;
	if ((id = ident(a, p, e)) == NULL)
		return -1;
	if (id == &over) {
		a->dropped++;
		return 3;
	}
	for (i = 0; i < id->n; i++) {
		if ((rc = evaluate(a, id->s[i], p, e)) < 0)
			return -1;
		skipped |= rc;
	}
	if (a->now == PM_TS_NONE || p->ts > a->now) {
		a->now = p->ts;
		if (absent_scan(a, e) != 0)
			return -1;
	}
	return skipped;
}

void
pm_alerts_release(struct pm_alerts *a)
{
	size_t i;

	for (i = 0; i < a->nseries; i++) {
		pm_window_release(&a->series[i]->win);
		free(a->series[i]->mem);
		free(a->series[i]);
	}
	for (i = 0; i < a->idents.n; i++)
		free(a->ident[i].s);
	free(a->ident);
	free(a->series);
	free(a->absent);
	free(a->seen_any);
	pm_keyset_release(&a->keys);
	pm_keyset_release(&a->metrics);
	pm_keyset_release(&a->idents);
	memset(a, 0, sizeof(*a));
}
