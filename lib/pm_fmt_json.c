/* json: one array of the records, one record a line, valid JSON even when
 * there are none; ndjson: the records normalised (pm-points(5) member
 * order and number form), extra members kept. */
#include <cJSON.h>
#include <errno.h>

#include "pm_fmt.h"
#include "pm_out.h"

struct json {
	size_t n;
	struct pm_out out;	/* ndjson */
};

static int
json_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	return pm_fmt_putc(w, '[') == 0 ? 0 : pm_fmt_write_failed(w, e);
}

static int
json_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct json *j = w->state;
	cJSON *obj = pm_point_to_json(p);
	char *text;
	int rc;

	if (obj == NULL)
		return pm_fmt_nomem(e);
	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (text == NULL)
		return pm_fmt_nomem(e);
	rc = pm_fmt_puts(w, j->n++ > 0 ? ",\n" : "\n") != 0 ||
	    pm_fmt_puts(w, text) != 0;
	cJSON_free(text);
	return rc ? pm_fmt_write_failed(w, e) : PM_FMT_OK;
}

static int
json_end(struct pm_fmt_w *w, struct pm_err *e)
{
	struct json *j = w->state;

	if (pm_fmt_puts(w, j->n ? "\n]\n" : "]\n") != 0)
		return pm_fmt_write_failed(w, e);
	return 0;
}

static int
ndjson_begin(struct pm_fmt_w *w, struct pm_err *e)
{
	struct json *j = w->state;

	(void)e;
	/* pm_out writes to the FILE itself; nothing is pending before. */
	pm_out_init(&j->out, w->fp, w->o->label ? w->o->label : "output");
	return 0;
}

static int
ndjson_point(struct pm_fmt_w *w, const struct pm_point *p, struct pm_err *e)
{
	struct json *j = w->state;

	if (pm_out_point(&j->out, p) == 0)
		return PM_FMT_OK;
	if (w->err == 0)
		w->err = errno;
	return pm_fmt_write_failed(w, e);
}

static void
ndjson_release(struct pm_fmt_w *w)
{
	struct json *j = w->state;

	pm_out_release(&j->out);
}

const struct pm_fmt pm_fmt_json = {
	"json", 0, 0, sizeof(struct json),
	json_begin, json_point, NULL, json_end, NULL,
};

const struct pm_fmt pm_fmt_ndjson = {
	"ndjson", 0, 0, sizeof(struct json),
	ndjson_begin, ndjson_point, NULL, NULL, ndjson_release,
};
