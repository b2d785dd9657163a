#include "pm_storeq.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (256 * 1024)
#define CHUNKS_MAX 8	/* in flight: about 20,000 points */

/* A record in a chunk: this header, then key, unit and extras, each with
 * its NUL, padded to 8 bytes. */
struct qrec {
	uint64_t hash;
	int64_t ts;
	double value;
	uint32_t keylen, unitlen, extraslen;	/* extraslen 0: no extras */
	uint32_t size;				/* of the whole record */
};

struct pm_storeq_chunk {
	struct pm_storeq_chunk *next;
	char *buf;
	size_t len, cap;
	int commit;	/* commit after this chunk */
};

/* Store c's records; *open counts the records in the open batch, and
 * becomes 0 when it commits (adding them to q->committed) or fails. */
static int
store_chunk(struct pm_storeq *q, struct pm_storeq_chunk *c,
    unsigned long long *open, struct pm_err *e)
{
	struct pm_store_rec r;
	struct qrec h;
	size_t off;

	for (off = 0; off < c->len; off += h.size, ++*open) {
		memcpy(&h, c->buf + off, sizeof(h));
		r.key = c->buf + off + sizeof(h);
		r.len = h.keylen;
		r.hash = h.hash;
		r.unit = r.key + h.keylen + 1;
		r.extras = h.extraslen ? r.unit + h.unitlen + 1 : NULL;
		r.ts = h.ts;
		r.value = h.value;
		if (pm_store_put_rec(q->store, &r, e) != 0)
			return -1;
	}
	if (!c->commit)
		return 0;
	if (pm_store_commit(q->store, e) != 0)
		return -1;
	pthread_mutex_lock(&q->mu);
	q->committed += *open;
	pthread_mutex_unlock(&q->mu);
	*open = 0;
	return 0;
}

static void *
writer(void *arg)
{
	struct pm_storeq *q = arg;
	struct pm_storeq_chunk *c;
	struct pm_err e;
	unsigned long long open = 0;
	int failed;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->head == NULL && !q->stop)
			pthread_cond_wait(&q->work, &q->mu);
		if ((c = q->head) == NULL)
			break;
		if ((q->head = c->next) == NULL)
			q->tail = NULL;
		failed = q->failed;
		pthread_mutex_unlock(&q->mu);
		/* After a failure, drain without storing: the caller stops
		 * when it next looks. */
		if (!failed && store_chunk(q, c, &open, &e) != 0) {
			pm_store_rollback(q->store);
			open = 0;
			failed = -1;
		}
		pthread_mutex_lock(&q->mu);
		if (failed == -1) {
			q->failed = 1;
			q->err = e;
		}
		c->len = 0;
		c->commit = 0;
		c->next = q->free;
		q->free = c;
		q->finished++;
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

int
pm_storeq_start(struct pm_storeq *q, struct pm_store *s, struct pm_err *e)
{
	sigset_t all, old;
	int rc;

	memset(q, 0, sizeof(*q));
	q->store = s;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	/* Signals are the caller's business: keep them off the writer. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&q->thread, NULL, writer, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&q->done);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->mu);
		return pm_err_set(e, "cannot start the writer thread: %s",
		    strerror(rc));
	}
	return 0;
}

/* Hand the current chunk to the writer. */
static int
submit(struct pm_storeq *q, int commit)
{
	struct pm_storeq_chunk *c = q->cur;

	q->cur = NULL;
	c->commit = commit;
	pthread_mutex_lock(&q->mu);
	if (q->tail != NULL)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	c->next = NULL;
	q->submitted++;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	q->dirty = !commit;
	return 0;
}

/* A chunk to fill, waiting for one to come back when CHUNKS_MAX are out. */
static int
take_chunk(struct pm_storeq *q, struct pm_err *e)
{
	struct pm_storeq_chunk *c;
	int failed;

	pthread_mutex_lock(&q->mu);
	while (q->free == NULL && q->nchunks >= CHUNKS_MAX && !q->failed)
		pthread_cond_wait(&q->done, &q->mu);
	if ((c = q->free) != NULL)
		q->free = c->next;
	failed = q->failed;
	if (failed)
		*e = q->err;
	pthread_mutex_unlock(&q->mu);
	if (failed) {
		if (c != NULL) {
			free(c->buf);
			free(c);
		}
		return -1;
	}
	if (c == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL ||
		    (c->buf = malloc(CHUNK_BYTES)) == NULL) {
			free(c);
			return pm_err_set(e, "out of memory");
		}
		c->cap = CHUNK_BYTES;
		q->nchunks++;
	}
	q->cur = c;
	return 0;
}

int
pm_storeq_put(struct pm_storeq *q, const struct pm_point *p, struct pm_err *e)
{
	struct pm_store_rec r;
	struct qrec h;
	size_t ulen, xlen, size;
	char *at;
	int rc;

	if ((rc = pm_store_rec_make(&r, p, &q->key, &q->json, e)) != 0)
		return rc;
	ulen = strlen(r.unit);
	xlen = r.extras ? strlen(r.extras) : 0;
	size = sizeof(h) + r.len + 1 + ulen + 1 + (r.extras ? xlen + 1 : 0);
	size = (size + 7) & ~(size_t)7;
	if (q->cur != NULL && q->cur->cap - q->cur->len < size)
		submit(q, 0);
	if (q->cur == NULL && take_chunk(q, e) != 0)
		return -1;
	if (q->cur->cap - q->cur->len < size) {
		/* A record larger than a chunk gets a chunk of its own. */
		char *nb = realloc(q->cur->buf, size);

		if (nb == NULL)
			return pm_err_set(e, "out of memory");
		q->cur->buf = nb;
		q->cur->cap = size;
	}
	h.hash = r.hash;
	h.ts = r.ts;
	h.value = r.value;
	h.keylen = (uint32_t)r.len;
	h.unitlen = (uint32_t)ulen;
	h.extraslen = r.extras ? (uint32_t)xlen + 1 : 0;
	h.size = (uint32_t)size;
	at = q->cur->buf + q->cur->len;
	memcpy(at, &h, sizeof(h));
	at += sizeof(h);
	memcpy(at, r.key, r.len + 1);
	at += r.len + 1;
	memcpy(at, r.unit, ulen + 1);
	if (r.extras != NULL)
		memcpy(at + ulen + 1, r.extras, xlen + 1);
	q->cur->len += size;
	return 0;
}

int
pm_storeq_commit(struct pm_storeq *q, struct pm_err *e)
{
	int failed;

	pthread_mutex_lock(&q->mu);
	if ((failed = q->failed) != 0)
		*e = q->err;
	pthread_mutex_unlock(&q->mu);
	if (failed)
		return -1;
	if (q->cur == NULL && !q->dirty)
		return 0;
	if (q->cur == NULL && take_chunk(q, e) != 0)
		return -1;
	return submit(q, 1);
}

int
pm_storeq_finish(struct pm_storeq *q, struct pm_err *e)
{
	struct pm_storeq_chunk *c;
	int rc = pm_storeq_commit(q, e);

	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	if (q->failed) {
		*e = q->err;
		rc = -1;
	}
	if (q->cur != NULL) {
		q->cur->next = q->free;
		q->free = q->cur;
	}
	while ((c = q->free) != NULL) {
		q->free = c->next;
		free(c->buf);
		free(c);
	}
	free(q->key.p);
	free(q->json.p);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->mu);
	return rc;
}
