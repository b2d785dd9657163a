/* pm-status's view for people: GPUs, NPUs, services and alerts. */
#include <math.h>
#include <string.h>

#include "pm_human.h"
#include "pm_statusview.h"

#define DEVICES_MAX 64

/* The values of label key on points of metrics starting with prefix, each
 * once, in order of appearance. */
static size_t
devices(const struct pm_sview *v, const char *prefix, const char *key,
    const char **ids)
{
	const struct pm_snap *s = v->st->snap;
	const char *id;
	size_t i, j, n = 0;

	for (i = 0; i < s->n && n < DEVICES_MAX; i++) {
		if (strncmp(s->p[i].metric, prefix, strlen(prefix)) != 0 ||
		    (id = pm_point_label(&s->p[i], key)) == NULL)
			continue;
		for (j = 0; j < n && strcmp(ids[j], id) != 0; j++)
			continue;
		if (j == n)
			ids[n++] = id;
	}
	return n;
}

/* "GPU   0 NVIDIA H100 80GB HBM3" */
static void
device_line(struct pm_sview *v, const char *label, const char *id,
    const char *name)
{
	pm_tline_cell(&v->line, label, LABEL_W, 0, PM_OK);
	pm_tline_add(&v->line, id, PM_OK);
	pm_tline_add(&v->line, " ", PM_OK);
	pm_tline_add(&v->line, name ? name : "", PM_OK);
	pm_sview_flush(v);
}

/* The reasons the GPU runs slower, in words; "" when none. */
static void
throttle(struct pm_sview *v, const char *id)
{
	const struct pm_snap *s = v->st->snap;
	const char *reason, *gpu;
	size_t i, n = 0;
	int bad;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->p[i].metric, "gpu.throttle") != 0 ||
		    s->p[i].value == 0 ||
		    (gpu = pm_point_label(&s->p[i], "gpu")) == NULL ||
		    strcmp(gpu, id) != 0 ||
		    (reason = pm_point_label(&s->p[i], "reason")) == NULL)
			continue;
		if (n++ == 0) {
			pm_tline_cell(&v->line, "", LABEL_W, 0, PM_OK);
			pm_tline_cell(&v->line, "slowed by", v->name_w, 0,
			    PM_OK);
			pm_tline_add(&v->line, " ", PM_OK);
		} else {
			pm_tline_add(&v->line, ", ", PM_OK);
		}
		reason = pm_status_throttle_words(reason, &bad);
		pm_tline_add(&v->line, reason, bad ? PM_WARNING : PM_OK);
	}
	if (n > 0)
		pm_sview_flush(v);
}

static void
gpu(struct pm_sview *v, const char *id)
{
	const struct pm_snap *s = v->st->snap;
	const struct pm_point *p;
	struct pm_point pct;
	double power, limit;

	p = pm_sview_find(v, "gpu.utilization", "gpu", id);
	device_line(v, "GPU", id, p ? pm_point_label(p, "name") : NULL);
	pm_sview_row(v, "", "utilization", p);
	pm_sview_show(v, "memory", "gpu.memory.utilization", "gpu", id);
	pm_sview_flush(v);
	if ((p = pm_sview_find(v, "gpu.memory.used_percent", "gpu", id)) !=
	    NULL) {
		pm_sview_row(v, "", "memory", p);
		pm_sview_of(v, pm_snap_value(s, "gpu.memory.used", "gpu", id),
		    pm_snap_value(s, "gpu.memory.total", "gpu", id), "bytes");
		pm_sview_flush(v);
	}
	power = pm_snap_value(s, "gpu.power", "gpu", id);
	limit = pm_snap_value(s, "gpu.power.limit", "gpu", id);
	if (!isnan(power)) {
		pm_point_init(&pct);
		pct.metric = "gpu.power.used_percent";
		pct.unit = "percent";
		pct.value = limit > 0 ? pm_round(100 * power / limit, 100) :
		    NAN;
		pm_sview_row(v, "", "power", limit > 0 ? &pct : NULL);
		pm_sview_of(v, power, limit, "watts");
		pm_sview_show(v, "", "gpu.temperature", "gpu", id);
		pm_sview_show(v, "fan", "gpu.fan", "gpu", id);
		pm_sview_flush(v);
	}
	throttle(v, id);
}

void
pm_sview_gpus(struct pm_sview *v)
{
	const char *ids[DEVICES_MAX];
	size_t i, n = devices(v, "gpu.", "gpu", ids);

	for (i = 0; i < n; i++)
		gpu(v, ids[i]);
}

void
pm_sview_npus(struct pm_sview *v)
{
	const struct pm_point *p;
	const char *ids[DEVICES_MAX];
	size_t i, n = devices(v, "npu.", "npu", ids);

	for (i = 0; i < n; i++) {
		p = pm_sview_find(v, "npu.utilization", "npu", ids[i]);
		device_line(v, "NPU", ids[i], p ? pm_point_label(p, "name") :
		    NULL);
		pm_sview_row(v, "", "utilization", p);
		pm_sview_show(v, "memory", "npu.memory.used", "npu", ids[i]);
		pm_sview_show(v, "clock", "npu.frequency", "npu", ids[i]);
		pm_sview_flush(v);
	}
}

/* The service.latency point of c's total, or NULL. */
static const struct pm_point *
total_latency(const struct pm_sview *v, const struct pm_check *c)
{
	const struct pm_snap *sn = v->st->snap;
	const char *t, *ph;
	size_t i;

	for (i = 0; i < sn->n; i++)
		if (strcmp(sn->p[i].metric, "service.latency") == 0 &&
		    (t = pm_point_label(&sn->p[i], "target")) != NULL &&
		    strcmp(t, c->name) == 0 &&
		    (ph = pm_point_label(&sn->p[i], "phase")) != NULL &&
		    strcmp(ph, "total") == 0)
			return &sn->p[i];
	return NULL;
}

/* "dns 1 ms  connect 2 ms  tls 9 ms  first byte 12 ms  cert 80 days":
 * when each phase of the answer ended. */
static void
check_phases(struct pm_sview *v, const struct pm_check *c)
{
	static const char *const words[PM_PHASES - 1] = {
		"dns ", "connect ", "tls ", "first byte ",
	};
	char buf[64];
	int k;

	pm_tline_cell(&v->line, "", LABEL_W, 0, PM_OK);
	pm_tline_cell(&v->line, "", v->name_w, 0, PM_OK);
	for (k = 0; k < PM_PHASES - 1; k++) {
		if (isnan(c->phase[k]))
			continue;
		pm_tline_add(&v->line, words[k], PM_OK);
		pm_tline_add(&v->line, pm_human(c->phase[k], "seconds", buf,
		    sizeof(buf)), PM_OK);
		pm_tline_add(&v->line, "  ", PM_OK);
	}
	if (!isnan(c->cert_days)) {
		snprintf(buf, sizeof(buf), "cert %.0f days", c->cert_days);
		pm_tline_add(&v->line, buf, PM_OK);
	}
	pm_sview_flush(v);
}

/* "Check  NAME  up  200  12 ms" or "down  reason", then the phases. */
void
pm_sview_services(struct pm_sview *v)
{
	const struct pm_check *c;
	const struct pm_point *lat;
	const char *label = "Check";
	char buf[64];
	size_t i;

	for (i = 0; i < v->st->nchecks; i++) {
		c = &v->st->checks[i];
		lat = total_latency(v, c);
		pm_tline_cell(&v->line, label, LABEL_W, 0, PM_OK);
		pm_tline_cell(&v->line, c->name, v->name_w + 1 + v->bar_w, 0,
		    PM_OK);
		pm_tline_cell(&v->line, c->up ? "up" : "down", VALUE_W, 1,
		    !c->up ? PM_CRITICAL : c->error[0] != '\0' ? PM_WARNING :
		    PM_OK);
		pm_tline_add(&v->line, "  ", PM_OK);
		if (c->code != 0) {
			snprintf(buf, sizeof(buf), "%ld  ", c->code);
			pm_tline_add(&v->line, buf, PM_OK);
		}
		if (lat != NULL)
			pm_tline_add(&v->line, pm_human(lat->value, "seconds",
			    buf, sizeof(buf)), pm_sview_sev(v, lat));
		/* a plain HTTP error says it all in its code */
		if (c->code == 0 || c->unexpected || c->up) {
			pm_tline_add(&v->line, lat != NULL && c->error[0] ?
			    "  " : "", PM_OK);
			pm_tline_add(&v->line, c->error, PM_OK);
		}
		pm_sview_flush(v);
		if (lat != NULL)
			check_phases(v, c);
		label = "";
	}
}

static int
alert_line(void *arg, const struct pm_point *p, enum pm_severity s,
    const struct pm_threshold *t)
{
	struct pm_sview *v = arg;
	const char *subject = pm_status_subject(p);
	char buf[64];

	pm_tline_cell(&v->line, "Alert", LABEL_W, 0, PM_OK);
	pm_tline_cell(&v->line, pm_severity_name(s), 9, 0, s);
	pm_tline_add(&v->line, p->metric, PM_OK);
	if (*subject != '\0' && strcmp(subject, "total") != 0) {
		pm_tline_add(&v->line, " ", PM_OK);
		pm_tline_add(&v->line, subject, PM_OK);
	}
	pm_tline_add(&v->line, " ", PM_OK);
	pm_tline_add(&v->line, pm_human(p->value, p->unit, buf, sizeof(buf)),
	    s);
	pm_tline_add(&v->line, " (", PM_OK);
	pm_tline_add(&v->line, t->text, PM_OK);
	pm_tline_add(&v->line, ")", PM_OK);
	pm_sview_flush(v);
	return 0;
}

void
pm_sview_alerts(struct pm_sview *v)
{
	pm_status_alerts(v->st, alert_line, v);
}
