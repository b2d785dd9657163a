/* pm-status --json: one object with the same content as the view, for
 * scripts (the members are documented in pm-status(1)).  A reading that
 * is missing leaves its member out rather than writing null. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_status.h"

struct field {
	const char *name, *metric;
};

static const struct field cpu_fields[] = {
	{ "usage", "cpu.usage" }, { "user", "cpu.user" },
	{ "system", "cpu.system" }, { "iowait", "cpu.iowait" },
	{ "steal", "cpu.steal" }, { NULL, NULL },
};
static const struct field load_fields[] = {
	{ "1m", "load.1m" }, { "5m", "load.5m" }, { "15m", "load.15m" },
	{ "runnable", "load.runnable" }, { "tasks", "load.tasks" },
	{ NULL, NULL },
};
static const struct field mem_fields[] = {
	{ "total", "mem.total" }, { "used", "mem.used" },
	{ "available", "mem.available" },
	{ "used_percent", "mem.used_percent" },
	{ "swap_total", "mem.swap.total" }, { "swap_used", "mem.swap.used" },
	{ "swap_used_percent", "mem.swap.used_percent" }, { NULL, NULL },
};
static const struct field pressure_fields[] = {
	{ "cpu", "pressure.cpu.some.avg10" },
	{ "io", "pressure.io.some.avg10" },
	{ "memory", "pressure.memory.some.avg10" }, { NULL, NULL },
};
static const struct field disk_fields[] = {
	{ "busy", "disk.busy" }, { "read_bytes", "disk.read.bytes" },
	{ "write_bytes", "disk.write.bytes" }, { "read_ops", "disk.read.ops" },
	{ "write_ops", "disk.write.ops" }, { NULL, NULL },
};
static const struct field fs_fields[] = {
	{ "used_percent", "fs.used_percent" }, { "size", "fs.size" },
	{ "used", "fs.used" }, { "available", "fs.available" },
	{ "inodes_used_percent", "fs.inodes.used_percent" }, { NULL, NULL },
};
static const struct field net_fields[] = {
	{ "rx_bytes", "net.rx.bytes" }, { "tx_bytes", "net.tx.bytes" },
	{ "rx_errors", "net.rx.errors" }, { "tx_errors", "net.tx.errors" },
	{ "rx_drops", "net.rx.drops" }, { "tx_drops", "net.tx.drops" },
	{ NULL, NULL },
};
static const struct field thermal_fields[] = {
	{ "celsius", "thermal.temperature" },
	{ "critical", "thermal.critical" }, { NULL, NULL },
};
static const struct field gpu_fields[] = {
	{ "utilization", "gpu.utilization" },
	{ "memory_utilization", "gpu.memory.utilization" },
	{ "memory_used", "gpu.memory.used" },
	{ "memory_total", "gpu.memory.total" },
	{ "memory_used_percent", "gpu.memory.used_percent" },
	{ "temperature", "gpu.temperature" }, { "power", "gpu.power" },
	{ "power_limit", "gpu.power.limit" }, { "fan", "gpu.fan" },
	{ "utilization", "npu.utilization" },
	{ "memory_used", "npu.memory.used" },
	{ "clock", "npu.frequency" }, { NULL, NULL },
};

/* The fields of the point series whose label key is id (key NULL: the
 * machine's own) into obj. */
static int
fields(cJSON *obj, const struct pm_snap *s, const char *key, const char *id,
    const struct field *f)
{
	double v;

	for (; f->name != NULL; f++)
		if (!isnan(v = pm_snap_value(s, f->metric, key, id)) &&
		    cJSON_AddNumberToObject(obj, f->name, v) == NULL)
			return -1;
	return 0;
}

static cJSON *
object(cJSON *parent, const char *name, const struct pm_snap *s,
    const struct field *f)
{
	cJSON *o = cJSON_AddObjectToObject(parent, name);

	return o == NULL || fields(o, s, NULL, NULL, f) != 0 ? NULL : o;
}

/* One object per point of metric: the labels named in keys, then the
 * fields of its series (told apart by keys[0]). */
static int
list(cJSON *parent, const char *name, const struct pm_snap *s,
    const char *metric, const char *const *keys, const struct field *f)
{
	cJSON *arr = cJSON_AddArrayToObject(parent, name), *o;
	const char *v, *id;
	size_t i, k;

	if (arr == NULL)
		return -1;
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->p[i].metric, metric) != 0 ||
		    (id = pm_point_label(&s->p[i], keys[0])) == NULL)
			continue;
		if ((o = cJSON_CreateObject()) == NULL)
			return -1;
		cJSON_AddItemToArray(arr, o);
		for (k = 0; keys[k] != NULL; k++)
			if ((v = pm_point_label(&s->p[i], keys[k])) != NULL &&
			    cJSON_AddStringToObject(o, keys[k], v) == NULL)
				return -1;
		if (fields(o, s, keys[0], id, f) != 0)
			return -1;
	}
	return 0;
}

static int
by_used(const void *a, const void *b)
{
	const cJSON *x = cJSON_GetObjectItem(*(cJSON *const *)a,
	    "used_percent");
	const cJSON *y = cJSON_GetObjectItem(*(cJSON *const *)b,
	    "used_percent");
	double dx = x ? x->valuedouble : -1, dy = y ? y->valuedouble : -1;

	return dx < dy ? 1 : dx > dy ? -1 : 0;
}

/* Fullest first, as the view: a stable sort of the array's items. */
static void
sort_fullest(cJSON *arr)
{
	cJSON **items, *it;
	int n = cJSON_GetArraySize(arr), i, j;

	if (n < 2 || (items = calloc((size_t)n, sizeof(*items))) == NULL)
		return;
	for (i = 0; i < n; i++)
		items[i] = cJSON_DetachItemFromArray(arr, 0);
	/* insertion sort: stable, and filesystems are few */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && by_used(&items[j - 1], &items[j]) > 0;
		    j--) {
			it = items[j];
			items[j] = items[j - 1];
			items[j - 1] = it;
		}
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, items[i]);
	free(items);
}

static int
system_json(cJSON *root, const struct pm_snap *s)
{
	static const char *const cpu_keys[] = { "cpu", NULL };
	static const char *const disk_keys[] = { "device", NULL };
	static const char *const fs_keys[] = { "mountpoint", "device",
		"fstype", NULL };
	static const char *const net_keys[] = { "interface", NULL };
	static const char *const thermal_keys[] = { "id", "sensor", NULL };
	cJSON *sys = cJSON_AddObjectToObject(root, "system"), *cpu, *cores;
	cJSON *c, *next;

	if (sys == NULL ||
	    (cpu = cJSON_AddObjectToObject(sys, "cpu")) == NULL ||
	    fields(cpu, s, "cpu", "total", cpu_fields) != 0 ||
	    list(cpu, "cores", s, "cpu.usage", cpu_keys, cpu_fields) != 0)
		return -1;
	/* the total is the object itself, not a core */
	cores = cJSON_GetObjectItem(cpu, "cores");
	for (c = cores->child; c != NULL; c = next) {
		next = c->next;
		if (strcmp(cJSON_GetObjectItem(c, "cpu")->valuestring,
		    "total") == 0)
			cJSON_Delete(cJSON_DetachItemViaPointer(cores, c));
	}
	if (object(sys, "load", s, load_fields) == NULL ||
	    object(sys, "memory", s, mem_fields) == NULL ||
	    list(sys, "disks", s, "disk.busy", disk_keys, disk_fields) != 0 ||
	    list(sys, "filesystems", s, "fs.used_percent", fs_keys,
	    fs_fields) != 0 ||
	    list(sys, "network", s, "net.rx.bytes", net_keys,
	    net_fields) != 0 ||
	    list(sys, "temperatures", s, "thermal.temperature", thermal_keys,
	    thermal_fields) != 0 ||
	    object(sys, "pressure", s, pressure_fields) == NULL)
		return -1;
	sort_fullest(cJSON_GetObjectItem(sys, "filesystems"));
	return 0;
}

/* GPUs and NPUs: {"kind", "index", "name", "uuid", fields, "throttle"}. */
static int
gpus_json(cJSON *root, const struct pm_snap *s)
{
	static const char *const gpu_keys[] = { "gpu", "name", "uuid", NULL };
	static const char *const npu_keys[] = { "npu", "name", NULL };
	cJSON *arr = cJSON_AddArrayToObject(root, "gpus"), *g, *th, *tmp;
	const char *id, *r;
	size_t i;

	if (arr == NULL || (tmp = cJSON_CreateObject()) == NULL)
		return -1;
	if (list(tmp, "g", s, "gpu.utilization", gpu_keys, gpu_fields) != 0 ||
	    list(tmp, "n", s, "npu.utilization", npu_keys, gpu_fields) != 0) {
		cJSON_Delete(tmp);
		return -1;
	}
	while ((g = cJSON_DetachItemFromArray(cJSON_GetObjectItem(tmp, "g"),
	    0)) != NULL) {
		cJSON_AddItemToArray(arr, g);
		id = cJSON_GetObjectItem(g, "gpu")->valuestring;
		if ((th = cJSON_AddArrayToObject(g, "throttle")) == NULL)
			break;
		for (i = 0; i < s->n; i++)
			if (strcmp(s->p[i].metric, "gpu.throttle") == 0 &&
			    s->p[i].value != 0 &&
			    strcmp(pm_status_subject(&s->p[i]), id) == 0 &&
			    (r = pm_point_label(&s->p[i], "reason")) != NULL)
				cJSON_AddItemToArray(th, cJSON_CreateString(r));
	}
	while ((g = cJSON_DetachItemFromArray(cJSON_GetObjectItem(tmp, "n"),
	    0)) != NULL)
		cJSON_AddItemToArray(arr, g);
	cJSON_Delete(tmp);
	return 0;
}

static int
services_json(cJSON *root, const struct pm_status *st)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "services"), *o;
	const struct pm_check *c;
	cJSON *ph;
	size_t i;
	int k;

	if (arr == NULL)
		return -1;
	for (i = 0; i < st->nchecks; i++) {
		c = &st->checks[i];
		if ((o = cJSON_CreateObject()) == NULL)
			return -1;
		cJSON_AddItemToArray(arr, o);
		if (c->name != c->target)
			cJSON_AddStringToObject(o, "name", c->name);
		cJSON_AddStringToObject(o, "target", c->target);
		cJSON_AddBoolToObject(o, "up", c->up);
		if (c->code != 0)
			cJSON_AddNumberToObject(o, "http_code",
			    (double)c->code);
		if (!isnan(c->latency)) {
			cJSON_AddNumberToObject(o, "latency", c->latency);
			if ((ph = cJSON_AddObjectToObject(o, "phases")) ==
			    NULL)
				return -1;
			for (k = 0; k < PM_PHASES; k++)
				if (!isnan(c->phase[k]))
					cJSON_AddNumberToObject(ph,
					    pm_check_phase_names[k],
					    c->phase[k]);
		}
		if (!isnan(c->cert_days))
			cJSON_AddNumberToObject(o, "cert_days", c->cert_days);
		if (!c->up)
			cJSON_AddStringToObject(o, "error", c->error);
		else if (c->error[0] != '\0')
			cJSON_AddStringToObject(o, "warning", c->error);
	}
	return 0;
}

static int
alert_json(void *arg, const struct pm_point *p, enum pm_severity s,
    const struct pm_threshold *t)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return -1;
	cJSON_AddItemToArray(arg, o);
	cJSON_AddStringToObject(o, "severity", pm_severity_name(s));
	cJSON_AddStringToObject(o, "metric", p->metric);
	cJSON_AddStringToObject(o, "subject", pm_status_subject(p));
	cJSON_AddNumberToObject(o, "value", p->value);
	if (p->unit != NULL)
		cJSON_AddStringToObject(o, "unit", p->unit);
	cJSON_AddStringToObject(o, "threshold", t->text);
	return 0;
}

cJSON *
pm_status_json(const struct pm_status *st)
{
	cJSON *root = cJSON_CreateObject(), *alerts;
	char ts[PM_TS_LEN + 1];
	int worst;

	if (root == NULL)
		return NULL;
	cJSON_AddStringToObject(root, "host", st->host);
	if (st->snap->ts != PM_TS_NONE) {
		pm_rfc3339_format(st->snap->ts, ts);
		cJSON_AddStringToObject(root, "time", ts);
	}
	if (cJSON_AddStringToObject(root, "status", "ok") == NULL ||
	    system_json(root, st->snap) != 0 ||
	    gpus_json(root, st->snap) != 0 ||
	    pm_status_top_json(root, st) != 0 ||
	    services_json(root, st) != 0 ||
	    (alerts = cJSON_AddArrayToObject(root, "alerts")) == NULL ||
	    (worst = pm_status_alerts(st, alert_json, alerts)) < 0) {
		cJSON_Delete(root);
		return NULL;
	}
	cJSON_ReplaceItemInObject(root, "status", cJSON_CreateString(
	    pm_severity_name((enum pm_severity)worst)));
	return root;
}
