/* pm_bench: benchmark runs and baseline files (see pm_bench.h). */
#include "pm_bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_time.h"

struct pm_bench_cmd *
pm_bench_add(struct pm_bench_set *s, const char *name, const char *command,
    struct pm_err *e)
{
	struct pm_bench_cmd *c;
	size_t cap;

	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 8;
		if ((c = realloc(s->cmds, cap * sizeof(*c))) == NULL) {
			pm_err_set(e, "out of memory");
			return NULL;
		}
		s->cmds = c;
		s->cap = cap;
	}
	c = &s->cmds[s->n];
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	c->command = strdup(command);
	if (c->name == NULL || c->command == NULL) {
		free(c->name);
		free(c->command);
		pm_err_set(e, "out of memory");
		return NULL;
	}
	s->n++;
	return c;
}

int
pm_bench_param(struct pm_bench_cmd *c, const char *key, const char *value,
    struct pm_err *e)
{
	if (c->nparams == PM_PARAMS_MAX)
		return pm_err_set(e, "more than %d parameters", PM_PARAMS_MAX);
	c->key[c->nparams] = strdup(key);
	c->value[c->nparams] = strdup(value);
	c->nparams++;
	if (c->key[c->nparams - 1] == NULL || c->value[c->nparams - 1] == NULL)
		return pm_err_set(e, "out of memory");
	return 0;
}

int
pm_bench_add_run(struct pm_bench_cmd *c, const struct pm_measure *m,
    struct pm_err *e)
{
	struct pm_measure *r;
	size_t cap;

	if (c->n == c->cap) {
		cap = c->cap ? c->cap * 2 : 64;
		if ((r = realloc(c->runs, cap * sizeof(*r))) == NULL)
			return pm_err_set(e, "out of memory");
		c->runs = r;
		c->cap = cap;
	}
	c->runs[c->n++] = *m;
	return 0;
}

void
pm_bench_walls(const struct pm_bench_cmd *c, double *x)
{
	size_t i;

	/* Like hyperfine: a run cannot take less than nothing. */
	for (i = 0; i < c->n; i++) {
		x[i] = (double)c->runs[i].wall / PM_NS_PER_S - c->shell_wall;
		if (x[i] < 0)
			x[i] = 0;
	}
}

static int
add_series(cJSON *runs, const char *name, const struct pm_bench_cmd *c,
    int which)
{
	const struct pm_measure *m;
	cJSON *a, *v;
	double x = 0;
	size_t i;

	if ((a = cJSON_AddArrayToObject(runs, name)) == NULL)
		return -1;
	for (i = 0; i < c->n; i++) {
		m = &c->runs[i];
		switch (which) {
		case 0: x = (double)m->wall / PM_NS_PER_S - c->shell_wall;
			x = x < 0 ? 0 : x; break;
		case 1: x = m->user; break;
		case 2: x = m->sys; break;
		case 3: x = m->max_rss; break;
		case 4: x = (double)m->vcsw; break;
		case 5: x = (double)m->ivcsw; break;
		case 6: x = m->status; break;
		}
		if ((v = cJSON_CreateNumber(x)) == NULL)
			return -1;
		cJSON_AddItemToArray(a, v);
	}
	return 0;
}

static const char *const series[] = {
	"wall", "user", "sys", "max_rss", "vcsw", "ivcsw", "status",
};
#define NSERIES (sizeof(series) / sizeof(series[0]))
/* The largest value of each series that its field holds (wall in ns). */
static const double series_max[] = {
	9e9, 1e18, 1e18, 1e18, 9e18, 9e18, 2147483647,
};

static cJSON *
cmd_json(const struct pm_bench_cmd *c)
{
	cJSON *o, *p, *runs;
	size_t i;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (!cJSON_AddStringToObject(o, "name", c->name) ||
	    !cJSON_AddStringToObject(o, "command", c->command) ||
	    (p = cJSON_AddObjectToObject(o, "parameters")) == NULL ||
	    (runs = cJSON_AddObjectToObject(o, "runs")) == NULL)
		goto fail;
	for (i = 0; i < c->nparams; i++)
		if (!cJSON_AddStringToObject(p, c->key[i], c->value[i]))
			goto fail;
	for (i = 0; i < NSERIES; i++)
		if (add_series(runs, series[i], c, (int)i) != 0)
			goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

cJSON *
pm_bench_json(const struct pm_bench_set *s)
{
	cJSON *root, *cmds, *c;
	size_t i;

	if ((root = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddStringToObject(root, "format", "pm-bench") ||
	    !cJSON_AddNumberToObject(root, "version", 1) ||
	    !cJSON_AddItemToObject(root, "settings", s->settings ?
	    cJSON_Duplicate(s->settings, 1) : cJSON_CreateObject()) ||
	    (cmds = cJSON_AddArrayToObject(root, "commands")) == NULL)
		goto nomem;
	for (i = 0; i < s->n; i++) {
		if ((c = cmd_json(&s->cmds[i])) == NULL)
			goto nomem;
		cJSON_AddItemToArray(cmds, c);
	}
	return root;
nomem:
	cJSON_Delete(root);
	return NULL;
}

int
pm_bench_save(const struct pm_bench_set *s, const char *path,
    struct pm_err *e)
{
	char tmp[4096];
	cJSON *root;
	char *text = NULL;
	FILE *fp;
	int rc = -1;

	if ((root = pm_bench_json(s)) == NULL ||
	    (text = cJSON_Print(root)) == NULL)
		goto nomem;
	snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid());
	if ((fp = fopen(tmp, "w")) == NULL) {
		pm_err_errno(e, "%s", tmp);
		goto out;
	}
	fputs(text, fp);
	fputc('\n', fp);
	if (fclose(fp) != 0) {
		pm_err_errno(e, "%s", tmp);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		pm_err_errno(e, "%s", path);
		unlink(tmp);
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	pm_err_set(e, "out of memory");
out:
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}

static char *
read_all(const char *path, struct pm_err *e)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, got;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		pm_err_errno(e, "%s", path);
		return NULL;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL) {
				pm_err_set(e, "%s: out of memory", path);
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len - 1, fp);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		pm_err_errno(e, "%s", path);
		free(buf);
		buf = NULL;
	} else
		buf[len] = '\0';
	fclose(fp);
	return buf;
}

/* Fill the runs of c from the "runs" object r. */
static int
load_runs(struct pm_bench_cmd *c, const cJSON *r, struct pm_err *e)
{
	const cJSON *a[NSERIES], *v;
	struct pm_measure m;
	size_t i, k, n;
	double x;

	n = 0;
	for (k = 0; k < NSERIES; k++) {
		a[k] = cJSON_GetObjectItemCaseSensitive(r, series[k]);
		if (!cJSON_IsArray(a[k]))
			return pm_err_set(e, "no \"%s\" array", series[k]);
		if (k == 0)
			n = (size_t)cJSON_GetArraySize(a[k]);
		else if ((size_t)cJSON_GetArraySize(a[k]) != n)
			return pm_err_set(e, "\"%s\" and \"wall\" differ in "
			    "length", series[k]);
	}
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		m.ts = PM_TS_NONE;
		for (k = 0; k < NSERIES; k++) {
			v = cJSON_GetArrayItem(a[k], (int)i);
			if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
			    v->valuedouble > series_max[k])
				return pm_err_set(e, "\"%s\" holds something "
				    "other than a number from 0 to %g", series[k],
				    series_max[k]);
			x = v->valuedouble;
			switch (k) {
			case 0: m.wall = (int64_t)(x * PM_NS_PER_S + 0.5); break;
			case 1: m.user = x; break;
			case 2: m.sys = x; break;
			case 3: m.max_rss = x; break;
			case 4: m.vcsw = (long)x; break;
			case 5: m.ivcsw = (long)x; break;
			case 6: m.status = (int)x; break;
			}
		}
		if (pm_bench_add_run(c, &m, e) != 0)
			return -1;
	}
	return 0;
}

static int
load_cmd(struct pm_bench_set *s, const cJSON *o, struct pm_err *e)
{
	const cJSON *name, *command, *params, *p;
	struct pm_bench_cmd *c;

	name = cJSON_GetObjectItemCaseSensitive(o, "name");
	command = cJSON_GetObjectItemCaseSensitive(o, "command");
	params = cJSON_GetObjectItemCaseSensitive(o, "parameters");
	if (!cJSON_IsString(name) || !cJSON_IsString(command))
		return pm_err_set(e, "a command without \"name\" or "
		    "\"command\"");
	if (params != NULL && !cJSON_IsObject(params))
		return pm_err_set(e, "%s: \"parameters\" is not an object",
		    name->valuestring);
	if ((c = pm_bench_add(s, name->valuestring, command->valuestring,
	    e)) == NULL)
		return -1;
	cJSON_ArrayForEach(p, params) {
		if (!cJSON_IsString(p))
			return pm_err_set(e, "%s: parameter %s is not a "
			    "string", c->name, p->string);
		if (pm_bench_param(c, p->string, p->valuestring, e) != 0)
			return -1;
	}
	if (load_runs(c, cJSON_GetObjectItemCaseSensitive(o, "runs"), e) != 0)
		return pm_err_prefix(e, "%s", c->name);
	return 0;
}

int
pm_bench_load(struct pm_bench_set *s, const char *path, struct pm_err *e)
{
	cJSON *root;
	char *text;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((text = read_all(path, e)) == NULL)
		return -1;
	root = cJSON_Parse(text);
	free(text);
	if (pm_bench_add_json(s, root, e) != 0) {
		pm_err_prefix(e, "%s", path);
		pm_bench_release(s);
		rc = -1;
	} else
		rc = 0;
	cJSON_Delete(root);
	return rc;
}

int
pm_bench_add_json(struct pm_bench_set *s, const cJSON *root,
    struct pm_err *e)
{
	const cJSON *fmt, *cmds, *c, *set;

	fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	cmds = cJSON_GetObjectItemCaseSensitive(root, "commands");
	if (root == NULL || !cJSON_IsString(fmt) ||
	    strcmp(fmt->valuestring, "pm-bench") != 0 || !cJSON_IsArray(cmds))
		return pm_err_set(e, "not a pm-bench baseline file");
	set = cJSON_GetObjectItemCaseSensitive(root, "settings");
	if (s->settings == NULL && set != NULL &&
	    (s->settings = cJSON_Duplicate(set, 1)) == NULL)
		return pm_err_set(e, "out of memory");
	cJSON_ArrayForEach(c, cmds)
		if (load_cmd(s, c, e) != 0)
			return -1;
	return 0;
}

size_t
pm_bench_ran(const struct pm_bench_set *s)
{
	size_t n;

	for (n = 0; n < s->n && s->cmds[n].n > 0; n++)
		;
	return n;
}

struct pm_bench_cmd *
pm_bench_find(const struct pm_bench_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->cmds[i].name, name) == 0)
			return &s->cmds[i];
	return NULL;
}

static int
same_params(const struct pm_bench_cmd *a, const struct pm_bench_cmd *b)
{
	size_t i;

	if (a->nparams != b->nparams)
		return 0;
	for (i = 0; i < a->nparams; i++)
		if (strcmp(a->key[i], b->key[i]) != 0 ||
		    strcmp(a->value[i], b->value[i]) != 0)
			return 0;
	return 1;
}

int
pm_bench_comparable(const struct pm_bench_set *base,
    const struct pm_bench_set *cur, struct pm_err *e)
{
	const struct pm_bench_cmd *a, *b;
	const cJSON *x, *y;
	char *t1, *t2;
	size_t i;

	cJSON_ArrayForEach(x, cur->settings) {
		y = cJSON_GetObjectItemCaseSensitive(base->settings, x->string);
		if (y != NULL && cJSON_Compare(x, y, 1))
			continue;
		t1 = cJSON_PrintUnformatted(x);
		t2 = y ? cJSON_PrintUnformatted(y) : NULL;
		pm_err_set(e, "setting %s differs: %s now, %s in the baseline",
		    x->string, t1 ? t1 : "?", t2 ? t2 : "none");
		cJSON_free(t1);
		cJSON_free(t2);
		return -1;
	}
	cJSON_ArrayForEach(y, base->settings)
		if (!cJSON_HasObjectItem(cur->settings, y->string))
			return pm_err_set(e, "setting %s is in the baseline, "
			    "not now", y->string);
	for (i = 0; i < cur->n; i++) {
		b = &cur->cmds[i];
		if ((a = pm_bench_find(base, b->name)) == NULL)
			return pm_err_set(e, "%s: not in the baseline", b->name);
		if (strcmp(a->command, b->command) != 0)
			return pm_err_set(e, "%s: the command differs: '%s' now, "
			    "'%s' in the baseline", b->name, b->command,
			    a->command);
		if (!same_params(a, b))
			return pm_err_set(e, "%s: the parameters differ from the "
			    "baseline's", b->name);
	}
	return 0;
}

void
pm_bench_release(struct pm_bench_set *s)
{
	struct pm_bench_cmd *c;
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		c = &s->cmds[i];
		free(c->name);
		free(c->command);
		for (k = 0; k < c->nparams; k++) {
			free(c->key[k]);
			free(c->value[k]);
		}
		free(c->runs);
	}
	free(s->cmds);
	cJSON_Delete(s->settings);
	memset(s, 0, sizeof(*s));
}
