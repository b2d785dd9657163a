/* pm_statusview: the parts of pm-status's view for people, shared by
 * pm_statusview.c (this machine) and pm_statusdev.c (GPUs, NPUs,
 * services, alerts).  Private to those files.
 */
#ifndef PM_STATUSVIEW_H
#define PM_STATUSVIEW_H

#include "pm_status.h"
#include "pm_tline.h"

#define LABEL_W 6
#define VALUE_W 7

struct pm_sview {
	const struct pm_status *st;
	FILE *fp;
	struct pm_tline line;
	int redraw, failed;
	int name_w, bar_w;
};

/* Write the line; a write error sets failed. */
void pm_sview_flush(struct pm_sview *v);

/* How bad p is (PM_OK for NULL). */
enum pm_severity pm_sview_sev(const struct pm_sview *v,
    const struct pm_point *p);

/* pm_human, or "-" for NAN. */
const char *pm_sview_human(double x, const char *unit, char *buf,
    size_t size);

/* Label, name, [bar] value: the start of most lines; the bar shows
 * percent, the value is the text given. */
void pm_sview_bar_row(struct pm_sview *v, const char *label,
    const char *name, double percent, const char *value,
    enum pm_severity sev);

/* pm_sview_bar_row of a point (or of nothing: an empty bar, "-"). */
void pm_sview_row(struct pm_sview *v, const char *label, const char *name,
    const struct pm_point *p);

/* "word value  " in the details; nothing for NULL. */
void pm_sview_detail(struct pm_sview *v, const char *word,
    const struct pm_point *p);

/* pm_sview_detail of the point of metric whose label key is value. */
void pm_sview_show(struct pm_sview *v, const char *word, const char *metric,
    const char *key, const char *value);

/* "PART of WHOLE  " in unit. */
void pm_sview_of(struct pm_sview *v, double part, double whole,
    const char *unit);

/* pm_snap_find in the status's snapshot. */
const struct pm_point *pm_sview_find(const struct pm_sview *v,
    const char *metric, const char *key, const char *value);

/* The GPUs, NPUs, services and alerts (pm_statusdev.c). */
void pm_sview_gpus(struct pm_sview *v);
void pm_sview_npus(struct pm_sview *v);
void pm_sview_services(struct pm_sview *v);
void pm_sview_alerts(struct pm_sview *v);

/* The top processes by CPU and by memory (pm_statustop.c). */
void pm_sview_top(struct pm_sview *v);

#endif
