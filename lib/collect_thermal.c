/* thermal: SYSFS/class/thermal zones and SYSFS/class/hwmon chips —
 * temperatures, and critical points where a chip states them. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

struct sensor {
	char id[48];		/* "thermal_zone0", "hwmon1/temp2" */
	char name[136];		/* zone type, or "chip/label" */
	double temp, crit;	/* celsius */
	int has_crit;
};

struct thermal_state {
	struct sensor *s;
	size_t n, cap;
};

/* Whether name is prefixNsuffix, N a number. */
static int
numbered(const char *name, const char *prefix, const char *suffix)
{
	size_t np = strlen(prefix);

	if (strncmp(name, prefix, np) != 0 || name[np] < '0' || name[np] > '9')
		return 0;
	name += np + strspn(name + np, "0123456789");
	return strcmp(name, suffix) == 0;
}

/* What we walk: thermal_zoneN in class/thermal, hwmonN in class/hwmon,
 * tempN_input in a chip's folder (no folder holds the others' kinds). */
static int
is_ours(const struct dirent *d)
{
	return numbered(d->d_name, "thermal_zone", "") ||
	    numbered(d->d_name, "hwmon", "") ||
	    numbered(d->d_name, "temp", "_input");
}

/* The entries of root/rel that filter takes, in version order so that
 * thermal_zone10 comes after thermal_zone9 (none when there is no such
 * folder): how many, or -1 with e.  Free *names with free_names. */
static int
list(const char *root, const char *rel, int (*filter)(const struct dirent *),
    struct dirent ***names, struct pm_err *e)
{
	char dir[PATH_MAX];
	int n;

	snprintf(dir, sizeof(dir), "%s/%s", root, rel);
	if ((n = scandir(dir, names, filter, versionsort)) < 0) {
		*names = NULL;
		return errno == ENOENT ? 0 : pm_err_errno(e, "%s", dir);
	}
	return n;
}

static void
free_names(struct dirent **names, int n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

/* Celsius from the millidegrees in root/rel: 1; 0 when the sensor did
 * not answer (some give EIO or ENODATA: no error); -1 on garbage. */
static int
read_celsius(const char *root, const char *rel, double *v, struct pm_err *e)
{
	char buf[64], *end;
	long long x;

	if (pm_sysfile_line(root, rel, buf, sizeof(buf), NULL) != 0)
		return 0;
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (end == buf || errno != 0 || *end != '\0')
		return pm_err_set(e, "%s/%s: not a number: \"%.20s\"", root,
		    rel, buf);
	*v = pm_round((double)x / 1000, 1000);
	return 1;
}

/* A new sensor at st->s[st->n - 1] for the temperature in root/rel: 1, or
 * 0 when it does not answer, or -1 with e. */
static int
add_sensor(struct thermal_state *st, const char *root, const char *rel,
    struct pm_err *e)
{
	struct sensor *ns;
	double t;
	int r;

	if ((r = read_celsius(root, rel, &t, e)) <= 0)
		return r;
	if (st->n == st->cap) {
		ns = realloc(st->s, (st->cap * 2 + 16) * sizeof(*ns));
		if (ns == NULL)
			return pm_err_set(e, "out of memory");
		st->s = ns;
		st->cap = st->cap * 2 + 16;
	}
	st->s[st->n++] = (struct sensor){ .temp = t };
	return 1;
}

static int
read_zones(struct thermal_state *st, const char *sysfs, struct pm_err *e)
{
	struct dirent **zone;
	struct sensor *s;
	char rel[PATH_MAX];
	int i, n, r = 0;

	if ((n = list(sysfs, "class/thermal", is_ours, &zone, e)) < 0)
		return -1;
	for (i = 0; i < n && r >= 0; i++) {
		snprintf(rel, sizeof(rel), "class/thermal/%s/temp",
		    zone[i]->d_name);
		if ((r = add_sensor(st, sysfs, rel, e)) <= 0)
			continue;
		s = &st->s[st->n - 1];
		snprintf(s->id, sizeof(s->id), "%s", zone[i]->d_name);
		snprintf(rel, sizeof(rel), "class/thermal/%s/type", s->id);
		if (pm_sysfile_line(sysfs, rel, s->name, sizeof(s->name),
		    NULL) != 0 || s->name[0] == '\0')
			snprintf(s->name, sizeof(s->name), "%s", s->id);
	}
	free_names(zone, n);
	return r < 0 ? -1 : 0;
}

static int
read_chip(struct thermal_state *st, const char *sysfs, const char *chip,
    struct pm_err *e)
{
	struct dirent **input;
	struct sensor *s;
	char dir[300], rel[PATH_MAX], name[64], label[64], temp[32];
	int i, n, r = 0;

	snprintf(dir, sizeof(dir), "class/hwmon/%s", chip);
	snprintf(rel, sizeof(rel), "%s/name", dir);
	if (pm_sysfile_line(sysfs, rel, name, sizeof(name), NULL) != 0 ||
	    name[0] == '\0')
		snprintf(name, sizeof(name), "%s", chip);
	if ((n = list(sysfs, dir, is_ours, &input, e)) < 0)
		return -1;
	for (i = 0; i < n && r >= 0; i++) {
		/* "temp2_input": the sensor is temp2. */
		snprintf(temp, sizeof(temp), "%.*s", (int)strcspn(
		    input[i]->d_name, "_"), input[i]->d_name);
		snprintf(rel, sizeof(rel), "%s/%s_input", dir, temp);
		if ((r = add_sensor(st, sysfs, rel, e)) <= 0)
			continue;
		s = &st->s[st->n - 1];
		snprintf(s->id, sizeof(s->id), "%s/%s", chip, temp);
		snprintf(rel, sizeof(rel), "%s/%s_label", dir, temp);
		if (pm_sysfile_line(sysfs, rel, label, sizeof(label),
		    NULL) != 0 || label[0] == '\0')
			snprintf(label, sizeof(label), "%s", temp);
		snprintf(s->name, sizeof(s->name), "%s/%s", name, label);
		snprintf(rel, sizeof(rel), "%s/%s_crit", dir, temp);
		if ((r = read_celsius(sysfs, rel, &s->crit, e)) >= 0)
			s->has_crit = r;
	}
	free_names(input, n);
	return r < 0 ? -1 : 0;
}

static void *
thermal_create(void)
{
	return calloc(1, sizeof(struct thermal_state));
}

static void
thermal_destroy(void *state)
{
	struct thermal_state *st = state;

	free(st->s);
	free(st);
}

static int
thermal_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct thermal_state *st = state;
	const char *sysfs = ctx->root->sysfs;
	struct dirent **chip;
	struct pm_label l[2];
	int i, n, rc = 0;

	st->n = 0;
	if (read_zones(st, sysfs, e) != 0 ||
	    (n = list(sysfs, "class/hwmon", is_ours, &chip, e)) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = read_chip(st, sysfs, chip[i]->d_name, e);
	free_names(chip, n);
	if (rc != 0 || ctx->emit == NULL)
		return rc;
	for (i = 0; i < (int)st->n; i++) {
		l[0] = (struct pm_label){ "sensor", st->s[i].name };
		l[1] = (struct pm_label){ "id", st->s[i].id };
		pm_emit(ctx->emit, "thermal.temperature", st->s[i].temp,
		    "celsius", l, 2);
		if (st->s[i].has_crit)
			pm_emit(ctx->emit, "thermal.critical", st->s[i].crit,
			    "celsius", l, 2);
	}
	return 0;
}

/* Whether any sensor answers: the walk a reading takes.  A garbage file
 * counts, so that the reading can say what is wrong with it. */
static int
thermal_available(const struct pm_sysroot *root)
{
	struct pm_collect_ctx ctx = { .root = root };
	struct thermal_state *st = thermal_create();
	int found;

	if (st == NULL)
		return 0;
	found = thermal_read(st, &ctx, NULL) != 0 || st->n > 0;
	thermal_destroy(st);
	return found;
}

const struct pm_collector pm_collector_thermal = {
	.name = "thermal",
	.what = "temperatures from /sys/class/thermal and /sys/class/hwmon",
	.available = thermal_available,
	.create = thermal_create,
	.read = thermal_read,
	.destroy = thermal_destroy,
};
