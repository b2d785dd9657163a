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

/* Sensors are found by walking the folders, which costs dozens of system
 * calls; the list is kept and walked again only every RESCAN readings (a
 * hot-plugged chip) or when the root changes.  Each reading then costs one
 * pread per sensor. */
#define RESCAN 60

struct sensor {
	char id[48];		/* "thermal_zone0", "hwmon1/temp2" */
	char name[136];		/* zone type, or "chip/label" */
	char rel[96];		/* its temperature file, below the root */
	struct pm_buf input;	/* that file, kept open */
	double temp, crit;	/* celsius */
	int has_crit, answered;
};

struct thermal_state {
	struct sensor *s;
	size_t n, cap;
	char root[PATH_MAX];	/* the sysfs the list was made from */
	unsigned long since_scan;
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

/* Celsius from the millidegrees in text, read from path. */
static int
parse_celsius(const char *text, const char *path, double *v, struct pm_err *e)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(text, &end, 10);
	if (end == text || errno != 0 || (*end != '\0' && *end != '\n'))
		return pm_err_set(e, "%s: not a number: \"%.*s\"", path,
		    (int)strcspn(text, "\n") > 20 ? 20 : (int)strcspn(text, "\n"),
		    text);
	*v = pm_round((double)x / 1000, 1000);
	return 0;
}

/* Celsius from root/rel: 1; 0 when the sensor did not answer (some give
 * EIO or ENODATA: no error); -1 on garbage. */
static int
read_celsius(struct pm_buf *b, const char *root, const char *rel, double *v,
    struct pm_err *e)
{
	if (pm_sysfile_read(b, root, rel, NULL) != 0)
		return 0;
	return parse_celsius(b->data, b->path, v, e) == 0 ? 1 : -1;
}

/* A new sensor at st->s[st->n - 1] for the temperature in root/rel: 1, or
 * 0 when it does not answer, or -1 with e. */
static int
add_sensor(struct thermal_state *st, const char *root, const char *rel,
    struct pm_err *e)
{
	struct sensor *ns, *s;
	int r;

	if (st->n == st->cap) {
		ns = realloc(st->s, (st->cap * 2 + 16) * sizeof(*ns));
		if (ns == NULL)
			return pm_err_set(e, "out of memory");
		st->s = ns;
		st->cap = st->cap * 2 + 16;
	}
	s = &st->s[st->n];
	*s = (struct sensor){ .answered = 1 };
	snprintf(s->rel, sizeof(s->rel), "%s", rel);
	if ((r = read_celsius(&s->input, root, rel, &s->temp, e)) <= 0) {
		pm_buf_release(&s->input);
		return r;
	}
	st->n++;
	return 1;
}

static void
drop_sensors(struct thermal_state *st)
{
	while (st->n > 0)
		pm_buf_release(&st->s[--st->n].input);
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
	struct pm_buf crit = { 0 };
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
		if ((r = read_celsius(&crit, sysfs, rel, &s->crit, e)) >= 0)
			s->has_crit = r;
	}
	free_names(input, n);
	pm_buf_release(&crit);
	return r < 0 ? -1 : 0;
}

/* Walk the zones and chips anew. */
static int
scan(struct thermal_state *st, const char *sysfs, struct pm_err *e)
{
	struct dirent **chip;
	int i, n, rc = 0;

	drop_sensors(st);
	st->since_scan = 0;
	snprintf(st->root, sizeof(st->root), "%s", sysfs);
	if (read_zones(st, sysfs, e) != 0 ||
	    (n = list(sysfs, "class/hwmon", is_ours, &chip, e)) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = read_chip(st, sysfs, chip[i]->d_name, e);
	free_names(chip, n);
	return rc;
}

/* Read the known sensors again; one that stops answering is left out. */
static int
reread(struct thermal_state *st, const char *sysfs, struct pm_err *e)
{
	size_t i;
	int r;

	for (i = 0; i < st->n; i++) {
		r = read_celsius(&st->s[i].input, sysfs, st->s[i].rel,
		    &st->s[i].temp, e);
		if (r < 0)
			return -1;
		st->s[i].answered = r;
	}
	return 0;
}

static void
thermal_release(void *state)
{
	struct thermal_state *st = state;

	drop_sensors(st);
	free(st->s);
}

static int
thermal_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct thermal_state *st = state;
	const char *sysfs = ctx->root->sysfs;
	struct pm_label l[2];
	int i, rc;

	if (st->n == 0 || ++st->since_scan >= RESCAN ||
	    strcmp(st->root, sysfs) != 0)
		rc = scan(st, sysfs, e);
	else
		rc = reread(st, sysfs, e);
	if (rc != 0 || ctx->emit == NULL)
		return rc;
	for (i = 0; i < (int)st->n; i++) {
		if (!st->s[i].answered)
			continue;
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
	struct thermal_state st = { 0 };
	int found;

	found = scan(&st, root->sysfs, NULL) != 0 || st.n > 0;
	thermal_release(&st);
	return found;
}

const struct pm_collector pm_collector_thermal = {
	.name = "thermal",
	.what = "temperatures from /sys/class/thermal and /sys/class/hwmon",
	.available = thermal_available,
	.state_size = sizeof(struct thermal_state),
	.read = thermal_read,
	.release = thermal_release,
};
