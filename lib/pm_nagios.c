/* The Nagios check result of pm-alert (see pm_nagios.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_nagios.h"
#include "pm_keyset.h"

static const char *const names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

/* "HighCPU on web-1 gpu=0" */
static void
who(FILE *fp, const struct pm_alerts *a, const struct pm_alert_series *s)
{
	size_t i;

	fputs(a->rules[s->rule].name, fp);
	if (s->host != NULL)
		fprintf(fp, " on %s", s->host);
	for (i = 0; i < s->nlabels; i++)
		fprintf(fp, " %s=%s", s->labels[i].key, s->labels[i].value);
}

static const struct pm_threshold *
crossed(const struct pm_alerts *a, const struct pm_alert_series *s)
{
	return s->level >= 2 ? &a->rules[s->rule].crit :
	    &a->rules[s->rule].warn;
}

/* How v crossed t, for people: "> 90" as written, or for a Nagios range
 * ("80", "10:20", "@10:20") whether v was outside or inside it. */
static void
crossing(const struct pm_threshold *t, char *buf, size_t size)
{
	char range[64];

	if (!t->is_range) {
		snprintf(buf, size, "%s", t->text);
		return;
	}
	pm_threshold_range(t, range, sizeof(range));
	/* Nagios' "80" is the range 0:80. */
	snprintf(buf, size, "%s range %s%s", t->inside ? "inside" : "outside",
	    strchr(range, ':') ? "" : "0:", range[0] == '@' ? range + 1 : range);
}

static void
alerts(FILE *fp, const struct pm_alerts *a, int level, int *first)
{
	const struct pm_alert_series *s;
	char v[32], how[96];
	size_t i;

	for (i = 0; i < a->nseries; i++) {
		s = a->series[i];
		if (s->state != PM_ALERT_FIRING || s->level != level)
			continue;
		fputs(*first ? ": " : ", ", fp);
		*first = 0;
		who(fp, a, s);
		pm_number_format(s->value, v);
		crossing(crossed(a, s), how, sizeof(how));
		fprintf(fp, " (%s %s)", v, how);
	}
}

/* The unit as Nagios perfdata knows it (pm-points(5) says "percent",
 * "bytes", "seconds"); "" when it does not. */
static const char *
uom(const char *unit)
{
	static const char *const known[][2] = { { "percent", "%" },
		{ "bytes", "B" }, { "seconds", "s" }, { "%", "%" }, { "s", "s" },
		{ "ms", "ms" }, { "us", "us" }, { "B", "B" }, { "KB", "KB" },
		{ "MB", "MB" }, { "TB", "TB" }, { "c", "c" } };
	size_t i;

	for (i = 0; unit != NULL && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(unit, known[i][0]) == 0)
			return known[i][1];
	return "";
}

/* The perfdata label: "metric host v1 v2", "avg(metric) host", quoted with
 * '' for a quote and '=' (not allowed) as '_'. */
static void
label(char *buf, size_t size, const struct pm_alerts *a,
    const struct pm_alert_series *s)
{
	static const char *const aggs[] = { [PM_AGG_AVG] = "avg",
		[PM_AGG_MIN] = "min", [PM_AGG_MAX] = "max",
		[PM_AGG_P50] = "p50", [PM_AGG_P90] = "p90",
		[PM_AGG_P95] = "p95", [PM_AGG_P99] = "p99",
		[PM_AGG_LAST] = "last", [PM_AGG_RATE] = "rate" };
	const struct pm_rule *r = &a->rules[s->rule];
	char raw[512];
	size_t i, o = 0;
	int n;

	if (r->kind == PM_RULE_AGG)
		n = snprintf(raw, sizeof(raw), "%s(%s)", aggs[r->agg], s->metric);
	else
		n = snprintf(raw, sizeof(raw), "%s", s->metric);
	if (s->host != NULL && n >= 0 && (size_t)n < sizeof(raw))
		n += snprintf(raw + n, sizeof(raw) - (size_t)n, " %s", s->host);
	for (i = 0; i < s->nlabels && n >= 0 && (size_t)n < sizeof(raw); i++)
		n += snprintf(raw + n, sizeof(raw) - (size_t)n, " %s",
		    s->labels[i].value);
	buf[o++] = '\'';
	for (i = 0; raw[i] != '\0' && o + 4 < size; i++) {
		if (raw[i] == '\'')
			buf[o++] = '\'';
		buf[o++] = raw[i] == '=' ? '_' : raw[i];
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

static void
perfdata(FILE *fp, const struct pm_alerts *a)
{
	const struct pm_alert_series *s;
	const struct pm_rule *r;
	struct pm_keyset seen;
	char l[600], v[32], w[80], c[80];
	size_t i;
	long had;

	/* Labels seen, in a hash set: a search of the text so far made a
	 * million series take an hour. */
	pm_keyset_init(&seen);
	for (i = 0; i < a->nseries; i++) {
		s = a->series[i];
		r = &a->rules[s->rule];
		if (r->kind == PM_RULE_ABSENT || s->value != s->value)
			continue;
		label(l, sizeof(l), a, s);
		/* Two rules on one series: its first rule's line only. */
		had = (long)seen.n;
		if (pm_keyset_add(&seen, l, strlen(l)) < had)
			continue;	/* seen, or out of memory */
		pm_number_format(s->value, v);
		pm_threshold_range(&r->warn, w, sizeof(w));
		pm_threshold_range(&r->crit, c, sizeof(c));
		fprintf(fp, "%s %s=%s%s;%s;%s", seen.n == 1 ? " |" : "", l, v,
		    uom(s->unit), w, c);
	}
	pm_keyset_release(&seen);
}

static void
long_output(FILE *fp, const struct pm_alerts *a, int level)
{
	const struct pm_alert_series *s;
	char v[32], how[96], since[PM_TS_LEN + 1];
	size_t i;

	for (i = 0; i < a->nseries; i++) {
		s = a->series[i];
		if (s->state != PM_ALERT_FIRING || s->level != level)
			continue;
		fprintf(fp, "\n%s: ", names[level]);
		who(fp, a, s);
		pm_number_format(s->value, v);
		pm_rfc3339_format(s->fired_at, since);
		crossing(crossed(a, s), how, sizeof(how));
		fprintf(fp, ": %s = %s (%s) since %s", s->metric, v, how, since);
	}
}

char *
pm_nagios_report(const struct pm_alerts *a, const char *unknown,
    int *status, struct pm_err *e)
{
	size_t i, n[3] = { 0 }, len, real = 0;
	char *text = NULL;
	int first = 1;
	FILE *fp;

	for (i = 0; i < a->nseries; i++) {
		if (a->series[i]->state == PM_ALERT_FIRING)
			n[a->series[i]->level >= 2 ? 2 : 1]++;
		real += !a->series[i]->placeholder;
	}
	*status = n[2] > 0 ? PM_NAGIOS_CRITICAL : n[1] > 0 ?
	    PM_NAGIOS_WARNING : unknown != NULL ? PM_NAGIOS_UNKNOWN :
	    PM_NAGIOS_OK;
	if ((fp = open_memstream(&text, &len)) == NULL) {
		pm_err_errno(e, "open_memstream");
		return NULL;
	}
	fprintf(fp, "PM %s - ", names[*status]);
	if (n[1] + n[2] == 0)
		fprintf(fp, "%s", unknown != NULL ? unknown : "");
	if (n[1] + n[2] == 0 && unknown == NULL)
		fprintf(fp, "%zu series, no alerts", real);
	else if (n[2] > 0 && n[1] > 0)
		fprintf(fp, "%zu critical, %zu warning", n[2], n[1]);
	else if (n[1] + n[2] > 0)
		fprintf(fp, "%zu %s", n[2] + n[1], n[2] ? "critical" :
		    "warning");
	alerts(fp, a, 2, &first);
	alerts(fp, a, 1, &first);
	if (n[1] + n[2] > 0 && unknown != NULL)
		fprintf(fp, " (also: %s)", unknown);
	perfdata(fp, a);
	long_output(fp, a, 2);
	long_output(fp, a, 1);
	fputc('\n', fp);
	if (fclose(fp) != 0) {
		free(text);
		pm_err_errno(e, "open_memstream");
		return NULL;
	}
	return text;
}

const char *
pm_nagios_unknown(const struct pm_alerts *a, const struct pm_nagios_why *w,
    char *buf, size_t size)
{
	const char *unknown = NULL;
	size_t i;

	for (i = 0; i < a->nrules && unknown == NULL; i++)
		if (!w->seen[i] && a->rules[i].kind != PM_RULE_ABSENT) {
			snprintf(buf, size, "no data for %s (%s)",
			    a->rules[i].name, a->rules[i].metric);
			unknown = buf;
		}
	if (w->dropped != NULL)
		unknown = w->dropped;
	if (w->bad != 0) {
		snprintf(buf, size, w->bad < 0 ? "input not read to the end" :
		    "%ld bad input lines", w->bad);
		unknown = buf;
	}
	if (w->bad < 0 && w->fatal[0] != '\0')
		unknown = w->fatal;
	return unknown;
}
