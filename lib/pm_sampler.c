#include "pm_sampler.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct pm_collector *
pm_collector_find(const char *name)
{
	size_t i;

	for (i = 0; pm_collectors[i] != NULL; i++)
		if (strcmp(pm_collectors[i]->name, name) == 0)
			return pm_collectors[i];
	return NULL;
}

const char *
pm_collector_names(void)
{
	static char names[256];
	size_t i, off = 0;

	if (names[0] != '\0')
		return names;
	for (i = 0; pm_collectors[i] != NULL && off < sizeof(names); i++)
		off += (size_t)snprintf(names + off, sizeof(names) - off, "%s%s",
		    i ? "," : "", pm_collectors[i]->name);
	return names;
}

int
pm_collector_list_valid(const char *list, struct pm_err *e)
{
	const char *p = list, *end;
	char name[64];

	for (; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)(end - p), p);
		if (name[0] == '\0')
			return pm_err_set(e, "empty collector name in '%s'", list);
		if (pm_collector_find(name) == NULL)
			return pm_err_set(e, "unknown collector '%s' (known: %s)",
			    name, pm_collector_names());
	}
	return 0;
}

static int
add(struct pm_sampler *s, const struct pm_collector *c, int named,
    struct pm_err *e)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->active[i].collector == c)
			return 0;
	if (s->n >= PM_SAMPLER_MAX)
		return pm_err_set(e, "too many collectors");
	if (!c->available(&s->root)) {
		if (named)
			return pm_err_set(e, "%s: not available on this system "
			    "(%s)", c->name, c->what);
		return 0;
	}
	s->active[s->n].collector = c;
	s->active[s->n].named = named;
	if ((s->active[s->n].state = calloc(1, c->state_size)) == NULL)
		return pm_err_set(e, "%s: out of memory", c->name);
	s->n++;
	return 0;
}

int
pm_sampler_init(struct pm_sampler *s, const struct pm_sysroot *root,
    const char *list, struct pm_err *e)
{
	const struct pm_collector *c;
	char *copy, *name, *save = NULL;
	size_t i;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	s->paths[0] = strdup(root->procfs);
	s->paths[1] = strdup(root->sysfs);
	s->paths[2] = strdup(root->rootfs);
	if (!s->paths[0] || !s->paths[1] || !s->paths[2])
		return pm_err_set(e, "out of memory");
	s->root.procfs = s->paths[0];
	s->root.sysfs = s->paths[1];
	s->root.rootfs = s->paths[2];
	if (list == NULL) {
		for (i = 0; pm_collectors[i] != NULL; i++)
			if (!pm_collectors[i]->named_only &&
			    add(s, pm_collectors[i], 0, e) != 0)
				return -1;
		return 0;
	}
	if ((copy = strdup(list)) == NULL)
		return pm_err_set(e, "out of memory");
	for (name = strtok_r(copy, ",", &save); name != NULL && rc == 0;
	    name = strtok_r(NULL, ",", &save)) {
		if ((c = pm_collector_find(name)) == NULL)
			rc = pm_err_set(e, "unknown collector '%s' (known: %s)",
			    name, pm_collector_names());
		else
			rc = add(s, c, 1, e);
	}
	free(copy);
	if (rc == 0 && s->n == 0 && *list != '\0')
		rc = pm_err_set(e, "no collectors selected");
	return rc;
}

int
pm_sampler_add(struct pm_sampler *s, const struct pm_collector *c,
    void *state, struct pm_err *e)
{
	if (s->n >= PM_SAMPLER_MAX) {
		if (c->release != NULL)
			c->release(state);
		free(state);
		return pm_err_set(e, "too many collectors");
	}
	s->active[s->n].collector = c;
	s->active[s->n].state = state;
	s->active[s->n].named = 1;
	s->n++;
	return 0;
}

/* ROOT.k when replaying and it exists, else ROOT. */
static const char *
reading_root(const struct pm_sampler *s, const char *base, char *buf,
    size_t size)
{
	if (!s->replay || s->readings == 0)
		return base;
	snprintf(buf, size, "%s.%lu", base, s->readings);
	return access(buf, F_OK) == 0 ? buf : base;
}

int
pm_sampler_read(struct pm_sampler *s, int64_t mono, const struct pm_emit *emit,
    pm_sampler_error_fn *on_error, void *arg)
{
	char proc[PATH_MAX], sys[PATH_MAX], rootfs[PATH_MAX];
	struct pm_sysroot root;
	struct pm_collect_ctx ctx;
	struct pm_err e;
	size_t i;
	int failed = 0;

	root.procfs = reading_root(s, s->root.procfs, proc, sizeof(proc));
	root.sysfs = reading_root(s, s->root.sysfs, sys, sizeof(sys));
	root.rootfs = reading_root(s, s->root.rootfs, rootfs, sizeof(rootfs));
	ctx.root = &root;
	ctx.mono = mono;
	ctx.emit = emit;
	ctx.all_devices = s->all_devices;
	for (i = 0; i < s->n; i++) {
		struct pm_sampler_entry *a = &s->active[i];

		e.msg[0] = '\0';
		if (a->collector->read(a->state, &ctx, &e) != 0) {
			failed++;
			if (on_error != NULL)
				on_error(arg, a->collector->name, e.msg);
		}
	}
	s->readings++;
	return failed;
}

void
pm_sampler_release(struct pm_sampler *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->active[i].collector->release != NULL)
			s->active[i].collector->release(s->active[i].state);
		free(s->active[i].state);
	}
	s->n = 0;
	for (i = 0; i < 3; i++) {
		free(s->paths[i]);
		s->paths[i] = NULL;
	}
}

int
pm_emit(const struct pm_emit *e, const char *metric, double value,
    const char *unit, const struct pm_label *labels, size_t n)
{
	struct pm_point p;
	size_t i;

	pm_point_init(&p);
	p.metric = metric;
	p.value = value;
	p.unit = unit;
	p.host = e->host;
	p.ts = e->ts;
	for (i = 0; i < n && p.nlabels < PM_LABELS_MAX; i++)
		p.labels[p.nlabels++] = labels[i];
	for (i = 0; i < e->nlabels && p.nlabels < PM_LABELS_MAX; i++)
		p.labels[p.nlabels++] = e->labels[i];
	return e->fn(e->arg, &p);
}
