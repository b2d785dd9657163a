#include "pm_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT_BUF_MIN 4096

void
pm_out_init(struct pm_out *o, FILE *fp, const char *name)
{
	struct stat st;
	int fd = fileno(fp);

	memset(o, 0, sizeof(*o));
	o->fp = fp;
	o->name = name;
	if (fd >= 0 && (isatty(fd) || (fstat(fd, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))))
		o->interactive = 1;
}

static cJSON *
add(cJSON *obj, const char *key, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return NULL;
	}
	return item;
}

cJSON *
pm_point_to_json(const struct pm_point *p)
{
	cJSON *obj = cJSON_CreateObject(), *labels;
	const cJSON *x;
	char num[32], ts[PM_TS_LEN + 1];
	size_t i;

	if (obj == NULL)
		return NULL;
	if (p->ts != PM_TS_NONE) {
		pm_rfc3339_format(p->ts, ts);
		if (add(obj, "ts", cJSON_CreateString(ts)) == NULL)
			goto fail;
	}
	if (p->host != NULL &&
	    add(obj, "host", cJSON_CreateStringReference(p->host)) == NULL)
		goto fail;
	if (add(obj, "metric", cJSON_CreateStringReference(p->metric)) == NULL)
		goto fail;
	/* Raw keeps our C-locale formatting instead of cJSON's %.17g retry. */
	pm_number_format(p->value, num);
	if (add(obj, "value", cJSON_CreateRaw(num)) == NULL)
		goto fail;
	if (p->unit != NULL &&
	    add(obj, "unit", cJSON_CreateStringReference(p->unit)) == NULL)
		goto fail;
	if (p->nlabels > 0) {
		if ((labels = add(obj, "labels", cJSON_CreateObject())) == NULL)
			goto fail;
		for (i = 0; i < p->nlabels; i++)
			if (add(labels, p->labels[i].key,
			    cJSON_CreateStringReference(p->labels[i].value)) == NULL)
				goto fail;
	}
	if (p->extra != NULL) {
		for (x = p->extra->child; x != NULL; x = x->next) {
			if (pm_point_is_field(x->string))
				continue;
			if (!cJSON_AddItemReferenceToObject(obj, x->string,
			    (cJSON *)x))
				goto fail;
		}
	}
	return obj;
fail:
	cJSON_Delete(obj);
	return NULL;
}

static int
write_line(struct pm_out *o, const cJSON *obj)
{
	size_t len;

	if (o->cap == 0) {
		if ((o->buf = malloc(OUT_BUF_MIN)) == NULL)
			return -1;
		o->cap = OUT_BUF_MIN;
	}
	/* cJSON needs a few spare bytes beyond the text it prints. */
	while (!cJSON_PrintPreallocated((cJSON *)obj, o->buf, (int)o->cap - 1, 0)) {
		char *nb;

		if (o->cap > (size_t)1 << 30 || (nb = realloc(o->buf, o->cap * 2)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		o->buf = nb;
		o->cap *= 2;
	}
	len = strlen(o->buf);
	o->buf[len++] = '\n';
	if (fwrite(o->buf, 1, len, o->fp) != len) {
		if (o->err == 0)
			o->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

int
pm_out_json(struct pm_out *o, const cJSON *obj)
{
	if (o->err != 0) {
		errno = o->err;
		return -1;
	}
	return write_line(o, obj);
}

int
pm_out_point(struct pm_out *o, const struct pm_point *p)
{
	cJSON *obj;
	int rc;

	if (o->err != 0) {
		errno = o->err;
		return -1;
	}
	if ((obj = pm_point_to_json(p)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	rc = write_line(o, obj);
	cJSON_Delete(obj);
	return rc;
}

int
pm_out_sync(struct pm_out *o)
{
	if (!o->interactive)
		return o->err ? (errno = o->err, -1) : 0;
	if (fflush(o->fp) != 0 && o->err == 0)
		o->err = errno ? errno : EIO;
	return o->err ? (errno = o->err, -1) : 0;
}

void
pm_out_sync_hook(void *arg)
{
	pm_out_sync(arg);
}

int
pm_out_finish(struct pm_out *o)
{
	if (fflush(o->fp) != 0 && o->err == 0)
		o->err = errno ? errno : EIO;
	if (ferror(o->fp) && o->err == 0)
		o->err = EIO;
	if (o->err != 0) {
		errno = o->err;
		return -1;
	}
	return 0;
}

void
pm_out_release(struct pm_out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->cap = 0;
}
