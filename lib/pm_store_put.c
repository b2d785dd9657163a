/* pm_store_put: points into the store, through the series id cache. */
#include "pm_store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_labels.h"

/* A stream with ever-new label values would grow the cache forever. */
#define CACHE_MAX (1u << 20)

struct pm_store_slot {
	uint64_t hash;
	int64_t id;
	char *key;	/* metric\0host\0labels, len bytes, then \0unit\0;
			 * NULL: an empty slot */
	size_t len;
};

void
pm_store_forget(struct pm_store *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++) {
		free(s->slots[i].key);
		s->slots[i].key = NULL;
	}
	s->nused = 0;
}

static uint64_t
hash_bytes(const char *p, size_t len)
{
	uint64_t h = UINT64_C(14695981039346656037);
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static struct pm_store_slot *
slot_find(struct pm_store *s, uint64_t h, const char *key, size_t len)
{
	size_t mask = s->nslots - 1, i;

	for (i = h & mask;; i = (i + 1) & mask) {
		struct pm_store_slot *sl = &s->slots[i];

		if (sl->key == NULL || (sl->hash == h && sl->len == len &&
		    memcmp(sl->key, key, len) == 0))
			return sl;
	}
}

static int
grow(struct pm_store *s)
{
	struct pm_store_slot *old = s->slots, *sl;
	size_t oldn = s->nslots, i, n = oldn ? oldn * 2 : 1024;

	if ((s->slots = calloc(n, sizeof(*s->slots))) == NULL) {
		s->slots = old;
		return -1;
	}
	s->nslots = n;
	for (i = 0; i < oldn; i++) {
		if (old[i].key == NULL)
			continue;
		sl = slot_find(s, old[i].hash, old[i].key, old[i].len);
		*sl = old[i];
	}
	free(old);
	return 0;
}

static int
reserve(struct pm_store_buf *b, size_t need)
{
	char *nb;
	size_t n = b->cap ? b->cap : 256;

	if (need <= b->cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((nb = realloc(b->p, n)) == NULL)
		return -1;
	b->p = nb;
	b->cap = n;
	return 0;
}

/* metric\0host\0labels\0 into b; its length without the last NUL. */
static int
make_key(struct pm_store_buf *b, const struct pm_point *p, size_t *lenp)
{
	const char *host = p->host ? p->host : "";
	size_t ml = strlen(p->metric) + 1, hl = strlen(host) + 1, ll;

	if (reserve(b, ml + hl + 256) != 0)
		return -1;
	ll = pm_labels_of_point(p, b->p + ml + hl, b->cap - ml - hl);
	if (ll >= b->cap - ml - hl) {
		if (reserve(b, ml + hl + ll + 1) != 0)
			return -1;
		pm_labels_of_point(p, b->p + ml + hl, b->cap - ml - hl);
	}
	memcpy(b->p, p->metric, ml);
	memcpy(b->p + ml, host, hl);
	*lenp = ml + hl + ll;
	return 0;
}

/* The record's members that are not point fields, as compact JSON in
 * their input order, into b; 0 with *json NULL when there are none. */
static int
extras_json(struct pm_store_buf *b, const struct pm_point *p,
    const char **json)
{
	const cJSON *x;
	cJSON *obj = NULL;
	int rc = 0;

	*json = NULL;
	if (p->extra == NULL)
		return 0;
	for (x = p->extra->child; x != NULL; x = x->next) {
		if (pm_point_is_field(x->string))
			continue;
		if (obj == NULL && (obj = cJSON_CreateObject()) == NULL)
			return -1;
		if (!cJSON_AddItemReferenceToObject(obj, x->string, (cJSON *)x)) {
			cJSON_Delete(obj);
			return -1;
		}
	}
	if (obj == NULL)
		return 0;
	if (reserve(b, 256) != 0)
		rc = -1;
	/* cJSON wants a few bytes to spare beyond the text. */
	while (rc == 0 && !cJSON_PrintPreallocated(obj, b->p, (int)b->cap - 8, 0))
		if (b->cap > (1u << 30) || reserve(b, b->cap * 2) != 0)
			rc = -1;
	cJSON_Delete(obj);
	if (rc == 0)
		*json = b->p;
	return rc;
}

int
pm_store_rec_make(struct pm_store_rec *r, const struct pm_point *p,
    struct pm_store_buf *key, struct pm_store_buf *json, struct pm_err *e)
{
	int64_t ts = p->ts == PM_TS_NONE ? pm_clock_now() : p->ts;

	/* SQLite would store NaN as NULL. */
	if (isnan(p->value))
		return pm_err_set(e, "value is not a number"), PM_STORE_BAD;
	if (make_key(key, p, &r->len) != 0 ||
	    extras_json(json, p, &r->extras) != 0)
		return pm_err_set(e, "out of memory");
	r->key = key->p;
	r->hash = hash_bytes(key->p, r->len);
	r->unit = p->unit ? p->unit : "";
	r->ts = ts / PM_NS_PER_MS - (ts % PM_NS_PER_MS < 0);
	r->value = p->value;
	return 0;
}

static int
step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
set_unit(struct pm_store *s, int64_t id, const char *unit)
{
	sqlite3_stmt *st = s->st[PM_ST_SERIES_UNIT];

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	return step_done(st);
}

/* Find or make the series of r in the table; a unit learnt late fills in
 * or replaces the one stored, an empty one never erases it. */
static int
series_lookup(struct pm_store *s, const struct pm_store_rec *r, int64_t *id)
{
	sqlite3_stmt *get = s->st[PM_ST_SERIES_GET], *st;
	const char *host = r->key + strlen(r->key) + 1;
	const char *labels = host + strlen(host) + 1, *old;
	int rc;

	sqlite3_bind_text(get, 1, r->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(get, 2, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(get, 3, labels, -1, SQLITE_STATIC);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(get, 0);
		old = (const char *)sqlite3_column_text(get, 1);
		rc = 0;
		if (*r->unit != '\0' && (old == NULL || strcmp(old, r->unit) != 0))
			rc = set_unit(s, *id, r->unit);
	} else if (rc == SQLITE_DONE) {
		st = s->st[PM_ST_SERIES_ADD];
		sqlite3_bind_text(st, 1, r->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, host, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, labels, -1, SQLITE_STATIC);
		rc = step_done(st);
		*id = sqlite3_last_insert_rowid(s->db);
	} else {
		rc = -1;
	}
	sqlite3_reset(get);
	return rc;
}

/* Remember key and unit in sl; the unit follows the key's bytes. */
static int
slot_fill(struct pm_store_slot *sl, const struct pm_store_rec *r)
{
	size_t ul = strlen(r->unit);
	char *k = realloc(sl->key, r->len + 1 + ul + 1);

	if (k == NULL)
		return -1;
	memcpy(k, r->key, r->len);
	k[r->len] = '\0';
	memcpy(k + r->len + 1, r->unit, ul + 1);
	sl->key = k;
	sl->len = r->len;
	sl->hash = r->hash;
	return 0;
}

/* The id of r's series, made if new, through the cache. */
static int
series_id(struct pm_store *s, const struct pm_store_rec *r, int64_t *id,
    struct pm_err *e)
{
	struct pm_store_slot *sl;

	if (s->nslots > 0) {
		sl = slot_find(s, r->hash, r->key, r->len);
		if (sl->key != NULL) {
			*id = sl->id;
			if (*r->unit == '\0' ||
			    strcmp(sl->key + sl->len + 1, r->unit) == 0)
				return 0;
			if (set_unit(s, *id, r->unit) != 0)
				return pm_store_error(s, "cannot set a unit", e);
			if (slot_fill(sl, r) != 0)
				sl->key[sl->len + 1] = '\0';	/* ask again */
			return 0;
		}
	}
	if (series_lookup(s, r, id) != 0)
		return pm_store_error(s, "cannot add a series", e);
	if (s->nused >= CACHE_MAX)
		pm_store_forget(s);
	if ((s->nused + 1) * 2 > s->nslots && grow(s) != 0)
		return 0;	/* uncached is still right, only slower */
	sl = slot_find(s, r->hash, r->key, r->len);
	if (slot_fill(sl, r) != 0)
		return 0;
	sl->id = *id;
	s->nused++;
	return 0;
}

int
pm_store_put_rec(struct pm_store *s, const struct pm_store_rec *r,
    struct pm_err *e)
{
	sqlite3_stmt *st = s->st[PM_ST_SAMPLE];
	int64_t id = 0;

	if (!s->in_batch && pm_store_begin(s, e) != 0)
		return -1;
	if (series_id(s, r, &id, e) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, r->ts);
	sqlite3_bind_double(st, 3, r->value);
	if (step_done(st) != 0)
		return pm_store_error(s, "cannot store", e);
	/* A replaced point must not keep the extras of the one before. */
	if (r->extras == NULL && !s->extras_exist)
		return 0;
	st = s->st[r->extras ? PM_ST_EXTRA : PM_ST_EXTRA_DEL];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, r->ts);
	if (r->extras != NULL)
		sqlite3_bind_text(st, 3, r->extras, -1, SQLITE_STATIC);
	if (step_done(st) != 0)
		return pm_store_error(s, "cannot store", e);
	if (r->extras != NULL)
		s->extras_exist = 1;
	return 0;
}

int
pm_store_put(struct pm_store *s, const struct pm_point *p, struct pm_err *e)
{
	struct pm_store_rec r;
	int rc;

	if ((rc = pm_store_rec_make(&r, p, &s->key, &s->json, e)) != 0)
		return rc == PM_STORE_BAD ? rc : pm_err_prefix(e, "%s", s->path);
	return pm_store_put_rec(s, &r, e);
}
