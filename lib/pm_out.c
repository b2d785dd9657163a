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

	/* glibc sizes a stream's buffer by st_blksize (4 KiB) unless it is
	 * given one: one write per 64 KiB of records instead.  stdout lives
	 * until exit, so its buffer must too. */
	static char stdout_buf[64 * 1024];

	memset(o, 0, sizeof(*o));
	if (fp == stdout)
		setvbuf(fp, stdout_buf, _IOFBF, sizeof(stdout_buf));
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

/* Chain item after *tail in an object under construction. */
static void
chain(cJSON *obj, cJSON **tail, cJSON *item, const char *key)
{
	item->string = (char *)key;
	item->next = NULL;
	if (*tail == NULL) {
		obj->child = item;
	} else {
		(*tail)->next = item;
		item->prev = *tail;
	}
	obj->child->prev = item; /* cJSON keeps the last item here */
	*tail = item;
}

static void
set_string(cJSON *item, const char *s)
{
	item->type = cJSON_String | cJSON_IsReference;
	item->valuestring = (char *)s;
}

/* The point as a tree of nodes that live in o->skel: no allocation per
 * point, and cJSON still does all the printing and escaping. */
static int
skeleton(struct pm_out *o, const struct pm_point *p, cJSON **root)
{
	struct pm_out_skel *k = o->skel;
	cJSON *tail = NULL, *ltail = NULL;
	const cJSON *x;
	size_t i, nx = 0;

	if (k == NULL) {
		if ((k = o->skel = calloc(1, sizeof(*k))) == NULL)
			return -1;
	}
	memset(&k->obj, 0, sizeof(k->obj));
	k->obj.type = cJSON_Object;
	if (p->ts != PM_TS_NONE) {
		pm_rfc3339_format(p->ts, k->ts_text);
		set_string(&k->ts, k->ts_text);
		chain(&k->obj, &tail, &k->ts, "ts");
	}
	if (p->host != NULL) {
		set_string(&k->host, p->host);
		chain(&k->obj, &tail, &k->host, "host");
	}
	set_string(&k->metric, p->metric);
	chain(&k->obj, &tail, &k->metric, "metric");
	pm_number_format(p->value, k->num_text);
	k->value.type = cJSON_Raw | cJSON_IsReference;
	k->value.valuestring = k->num_text;
	chain(&k->obj, &tail, &k->value, "value");
	if (p->unit != NULL) {
		set_string(&k->unit, p->unit);
		chain(&k->obj, &tail, &k->unit, "unit");
	}
	if (p->nlabels > 0) {
		memset(&k->labels, 0, sizeof(k->labels));
		k->labels.type = cJSON_Object;
		for (i = 0; i < p->nlabels; i++) {
			set_string(&k->label[i], p->labels[i].value);
			chain(&k->labels, &ltail, &k->label[i], p->labels[i].key);
		}
		chain(&k->obj, &tail, &k->labels, "labels");
	}
	for (x = p->extra ? p->extra->child : NULL; x != NULL; x = x->next) {
		cJSON *copy;

		if (pm_point_is_field(x->string))
			continue;
		if (nx == o->nextra) {
			size_t n = o->nextra ? o->nextra * 2 : 16;
			cJSON *ne = realloc(o->extra, n * sizeof(*ne));

			if (ne == NULL)
				return -1;
			/* Chained nodes moved: rebuild the chain from scratch. */
			o->extra = ne;
			o->nextra = n;
			return skeleton(o, p, root);
		}
		/* A shallow copy, as cJSON's own references are made. */
		copy = &o->extra[nx++];
		*copy = *x;
		copy->type |= cJSON_IsReference;
		chain(&k->obj, &tail, copy, x->string);
	}
	*root = &k->obj;
	return 0;
}

int
pm_out_point(struct pm_out *o, const struct pm_point *p)
{
	cJSON *obj;

	if (o->err != 0) {
		errno = o->err;
		return -1;
	}
	if (skeleton(o, p, &obj) != 0) {
		errno = ENOMEM;
		return -1;
	}
	return write_line(o, obj);
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
	free(o->skel);
	o->skel = NULL;
	free(o->extra);
	o->extra = NULL;
	o->nextra = 0;
	free(o->buf);
	o->buf = NULL;
	o->cap = 0;
}
