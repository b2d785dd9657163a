/* pm_gate: absolute limits on benchmark figures (see pm_gate.h). */
#include "pm_gate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_time.h"

static const char *const names[PM_GATE_NFIGURES] = {
	"mean", "median", "min", "max", "stddev", "p90", "p95", "p99",
	"user", "sys", "max_rss", "failures", "errors",
};

const char *
pm_gate_figure_name(enum pm_gate_figure f)
{
	return names[f];
}

static const struct {
	const char *suffix;
	double mult;
} sizes[] = {
	{ "", 1 }, { "B", 1 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 },
	{ "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
};

static int
parse_size(const char *s, double *v)
{
	char *end;
	size_t i;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (end == s || errno != 0 || !isfinite(x) || x < 0)
		return -1;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strcmp(end, sizes[i].suffix) == 0) {
			*v = x * sizes[i].mult;
			return 0;
		}
	return -1;
}

static int
parse_value(enum pm_gate_figure f, const char *s, double *v,
    struct pm_err *e)
{
	char *end;
	int64_t ns;

	if (f == PM_GATE_MAX_RSS) {
		if (parse_size(s, v) != 0)
			return pm_err_set(e, "'%s' is not a size (512MiB, 1GB, "
			    "1000000)", s);
		return 0;
	}
	errno = 0;
	*v = strtod(s, &end);
	if (end != s && *end == '\0' && errno == 0 && isfinite(*v) && *v >= 0)
		return 0;
	if (f == PM_GATE_FAILURES)
		return pm_err_set(e, "'%s' is not a count", s);
	if (f == PM_GATE_ERRORS) {
		if (end == s || strcmp(end, "%") != 0 || errno != 0 ||
		    !isfinite(*v) || *v < 0)
			return pm_err_set(e, "'%s' is not a percentage (1%%) "
			    "or a fraction (0.01)", s);
		*v /= 100;
		return 0;
	}
	if (pm_duration_parse(s, &ns, e) != 0)
		return pm_err_set(e, "'%s' is not a duration (200ms, 2s)", s);
	*v = (double)ns / PM_NS_PER_S;
	return 0;
}

int
pm_gate_parse(const char *s, struct pm_gate *g, struct pm_err *e)
{
	char word[32], val[64];
	const char *p = s, *w;
	size_t n, i;

	memset(g, 0, sizeof(*g));
	g->text = s;
	while (isspace((unsigned char)*p))
		p++;
	for (w = p; isalnum((unsigned char)*p) || *p == '_'; p++)
		;
	n = (size_t)(p - w);
	if (n == 0 || n >= sizeof(word))
		return pm_err_set(e, "'%s': want FIGURE OP VALUE, as in "
		    "'p95 > 200ms'", s);
	memcpy(word, w, n);
	word[n] = '\0';
	for (i = 0; i < PM_GATE_NFIGURES; i++)
		if (strcmp(word, names[i]) == 0)
			break;
	if (i == PM_GATE_NFIGURES)
		return pm_err_set(e, "'%s': unknown figure '%s' (mean median "
		    "min max stddev p90 p95 p99 user sys max_rss failures "
		    "errors)",
		    s, word);
	g->figure = (enum pm_gate_figure)i;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '<' && *p != '>')
		return pm_err_set(e, "'%s': want <, <=, > or >= after %s", s,
		    word);
	g->op = (unsigned char)*p++;
	if (*p == '=') {
		g->op = g->op == '>' ? 'g' : 'l';
		p++;
	}
	while (isspace((unsigned char)*p))
		p++;
	for (n = strlen(p); n > 0 && isspace((unsigned char)p[n - 1]); n--)
		;
	if (n == 0 || n >= sizeof(val))
		return pm_err_set(e, "'%s': no value to compare with", s);
	memcpy(val, p, n);
	val[n] = '\0';
	if (parse_value(g->figure, val, &g->limit, e) != 0)
		return pm_err_prefix(e, "'%s'", s);
	return 0;
}

int
pm_gate_fails(const struct pm_gate *g,
    const double figures[PM_GATE_NFIGURES])
{
	double x = figures[g->figure];

	switch (g->op) {
	case '>': return x > g->limit;
	case 'g': return x >= g->limit;
	case '<': return x < g->limit;
	default: return x <= g->limit;
	}
}

int
pm_gates_report(FILE *fp, const char *prog, const char *name,
    const struct pm_gate *g, size_t n,
    const double figures[PM_GATE_NFIGURES])
{
	size_t i;
	int failed = 0;

	for (i = 0; i < n; i++)
		if (pm_gate_fails(&g[i], figures)) {
			fprintf(fp, "%s: %s: %s\n", prog, name, g[i].text);
			failed = 1;
		}
	return failed;
}
