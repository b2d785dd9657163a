/* pm_params: parameter lists, scans and placeholders (see pm_params.h). */
#include "pm_params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_point.h"

/* A new parameter from "NAME=rest"; *rest points after the '='. */
static struct pm_param *
add(struct pm_params *ps, const char *spec, const char **rest,
    struct pm_err *e)
{
	const char *eq = strchr(spec, '=');
	struct pm_param *p;
	size_t i, len;

	if (eq == NULL || eq == spec) {
		pm_err_set(e, "'%s': want NAME=VALUES", spec);
		return NULL;
	}
	len = (size_t)(eq - spec);
	for (i = 0; i < len; i++)
		if (!(spec[i] == '_' || (spec[i] >= 'a' && spec[i] <= 'z') ||
		    (spec[i] >= 'A' && spec[i] <= 'Z') ||
		    (i > 0 && spec[i] >= '0' && spec[i] <= '9'))) {
			pm_err_set(e, "'%.*s': a name is letters, digits and _",
			    (int)len, spec);
			return NULL;
		}
	for (i = 0; i < ps->n; i++)
		if (strlen(ps->p[i].name) == len &&
		    strncmp(ps->p[i].name, spec, len) == 0) {
			pm_err_set(e, "%.*s: given twice", (int)len, spec);
			return NULL;
		}
	if (ps->n == PM_PARAMS_MAX) {
		pm_err_set(e, "more than %d parameters", PM_PARAMS_MAX);
		return NULL;
	}
	p = &ps->p[ps->n];
	memset(p, 0, sizeof(*p));
	if ((p->name = strndup(spec, len)) == NULL) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	ps->n++;
	*rest = eq + 1;
	return p;
}

/* Take back the parameter just added: its spec was bad. */
static int
drop(struct pm_params *ps)
{
	struct pm_param *p = &ps->p[--ps->n];
	size_t k;

	for (k = 0; k < p->n; k++)
		free(p->values[k]);
	free(p->values);
	free(p->name);
	return -1;
}

static int
push(struct pm_param *p, const char *v, size_t len, struct pm_err *e)
{
	char **nv;

	if (p->n == PM_PARAM_VALUES_MAX)
		return pm_err_set(e, "%s: more than %d values", p->name,
		    PM_PARAM_VALUES_MAX);
	if ((nv = realloc(p->values, (p->n + 1) * sizeof(*nv))) == NULL)
		return pm_err_set(e, "out of memory");
	p->values = nv;
	if ((p->values[p->n] = strndup(v, len)) == NULL)
		return pm_err_set(e, "out of memory");
	p->n++;
	return 0;
}

int
pm_params_list(struct pm_params *ps, const char *spec, struct pm_err *e)
{
	struct pm_param *p;
	const char *v, *c;

	if ((p = add(ps, spec, &v, e)) == NULL)
		return -1;
	for (;;) {
		c = strchr(v, ',');
		if (push(p, v, c ? (size_t)(c - v) : strlen(v), e) != 0)
			return drop(ps);
		if (c == NULL)
			return 0;
		v = c + 1;
	}
}

static int
number(const char *s, size_t len, double *x, int *whole)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*x = strtod(buf, &end);
	if (*end != '\0' || errno != 0 || !isfinite(*x))
		return -1;
	*whole = *whole && strpbrk(buf, ".eE") == NULL;
	return 0;
}

int
pm_params_scan(struct pm_params *ps, const char *spec, struct pm_err *e)
{
	double lo, hi, step = 1, x, steps;
	const char *v, *c1, *c2;
	struct pm_param *p;
	char buf[32];
	int whole = 1;
	size_t i, len;

	if ((p = add(ps, spec, &v, e)) == NULL)
		return -1;
	c1 = strchr(v, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (c1 == NULL || number(v, (size_t)(c1 - v), &lo, &whole) != 0 ||
	    number(c1 + 1, c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1), &hi,
	    &whole) != 0 ||
	    (c2 != NULL && number(c2 + 1, strlen(c2 + 1), &step, &whole) != 0)) {
		pm_err_set(e, "'%s': want NAME=MIN:MAX[:STEP] with numbers",
		    spec);
		return drop(ps);
	}
	if (step <= 0 || hi < lo) {
		pm_err_set(e, "'%s': want MIN <= MAX and a STEP above 0",
		    spec);
		return drop(ps);
	}
	/* A little slack so 0:1:0.1 ends at 1 despite rounding. */
	steps = floor((hi - lo) / step + 1e-9);
	if (steps >= PM_PARAM_VALUES_MAX) {
		pm_err_set(e, "'%s': more than %d values", spec,
		    PM_PARAM_VALUES_MAX);
		return drop(ps);
	}
	for (i = 0; i <= (size_t)steps; i++) {
		x = lo + (double)i * step;
		if (whole)
			len = (size_t)snprintf(buf, sizeof(buf), "%.0f", x);
		else
			len = pm_number_format(x, buf);
		if (push(p, buf, len, e) != 0)
			return drop(ps);
	}
	return 0;
}

size_t
pm_params_count(const struct pm_params *ps)
{
	size_t i, n = 1;

	for (i = 0; i < ps->n; i++)
		n *= ps->p[i].n;
	return n;
}

void
pm_params_pick(const struct pm_params *ps, size_t k,
    const char *values[PM_PARAMS_MAX])
{
	size_t i;

	for (i = ps->n; i-- > 0;) {
		values[i] = ps->p[i].values[k % ps->p[i].n];
		k /= ps->p[i].n;
	}
}

/* The parameter whose {NAME} starts at s, or -1. */
static int
placeholder(const struct pm_params *ps, const char *s, size_t *len)
{
	size_t i, n;

	for (i = 0; i < ps->n; i++) {
		n = strlen(ps->p[i].name);
		if (s[0] == '{' && strncmp(s + 1, ps->p[i].name, n) == 0 &&
		    s[n + 1] == '}') {
			*len = n + 2;
			return (int)i;
		}
	}
	return -1;
}

char *
pm_params_subst(const struct pm_params *ps,
    const char *const values[PM_PARAMS_MAX], const char *s, struct pm_err *e)
{
	size_t size = 0, len;
	char *out = NULL;
	FILE *fp;
	int k;

	if ((fp = open_memstream(&out, &size)) == NULL) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	while (*s != '\0') {
		if (*s == '{' && (k = placeholder(ps, s, &len)) >= 0) {
			fputs(values[k], fp);
			s += len;
		} else
			fputc(*s++, fp);
	}
	if (fclose(fp) != 0) {
		free(out);
		pm_err_set(e, "out of memory");
		return NULL;
	}
	return out;
}

void
pm_params_release(struct pm_params *ps)
{
	size_t i, k;

	for (i = 0; i < ps->n; i++) {
		for (k = 0; k < ps->p[i].n; k++)
			free(ps->p[i].values[k]);
		free(ps->p[i].values);
		free(ps->p[i].name);
	}
	ps->n = 0;
}
