/* pm_out: write records, one JSON object per line, and notice write errors.
 *
 * Output is block-buffered; when it goes to a pipe, socket or terminal the
 * command calls pm_out_sync at each natural boundary (after a sample, before
 * waiting for input) so a consumer downstream sees every record at once,
 * without a write(2) per line when the data comes in bulk.
 *
 * Ownership: the caller owns fp; pm_out owns its formatting buffer.
 */
#ifndef PM_OUT_H
#define PM_OUT_H

#include <stdio.h>

#include <cJSON.h>

#include "pm_err.h"
#include "pm_point.h"

/* Nodes of the point being written (private to pm_out.c). */
struct pm_out_skel {
	cJSON obj, ts, host, metric, value, unit, labels;
	cJSON label[PM_LABELS_MAX];
	char ts_text[PM_TS_LEN + 1];
	char num_text[32];
};

struct pm_out {
	FILE *fp;
	const char *name;	/* for messages: "<stdout>" or the file name */
	int interactive;	/* pipe, socket or terminal */
	int err;		/* first errno seen, 0 when all is well */
	char *buf;
	size_t cap;
	struct pm_out_skel *skel;
	cJSON *extra;		/* copies of a point's extra members */
	size_t nextra;
};

/* Set o to write to fp, named name in messages; gives fp a 64 KiB buffer,
 * so call it before anything is written to fp. */
void pm_out_init(struct pm_out *o, FILE *fp, const char *name);

/* Write one point as a line.  Extra members of p (p->extra) follow the
 * point fields in their input order. */
int pm_out_point(struct pm_out *o, const struct pm_point *p);

/* Write any JSON object as a line. */
int pm_out_json(struct pm_out *o, const cJSON *obj);

/* Build the JSON object of p (the caller frees it with cJSON_Delete). */
cJSON *pm_point_to_json(const struct pm_point *p);

/* Flush when the output is interactive; a no-op otherwise. */
int pm_out_sync(struct pm_out *o);

/* Flush and check for any write error so far.  Returns -1 with errno set
 * (EPIPE when the reader went away). */
int pm_out_finish(struct pm_out *o);

void pm_out_release(struct pm_out *o);

/* Suitable as pm_reader.before_read: arg is a struct pm_out. */
void pm_out_sync_hook(void *arg);

#endif
