/* The threaded reader (see pm_reader.h): the caller's thread reads a
 * regular file and copies its lines into batches, worker threads parse the
 * batches, and the caller hands the results back in input order.
 *
 * A ring of batches, used in order: the caller fills the free ones at the
 * tail (reading ahead), queues them, and waits for the one at the head,
 * parsing a queued batch itself rather than sit idle.  A batch is touched
 * by one thread at a time, handed over under the lock: filled by the
 * caller, parsed by whoever takes it, read and recycled by the caller.  Its
 * trees live in its own arena, kept from batch to batch. */
#include "pm_reader_int.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define THREADS_MAX 16
/* A batch: enough lines that the hand-over (a lock, a wake-up) is lost in
 * the parse, few enough that the ring stays small: about 0.4 MiB a batch
 * (text, points, trees), two batches a thread. */
#define BATCH_LINES 256
#define BATCH_TEXT (32 * 1024)
/* Long lines make big batches (a batch takes at least one line, up to
 * max_line): reading ahead stops at this much text in the ring, so memory
 * stays bounded whatever the lines and the number of threads. */
#define AHEAD_TEXT (2 * 1024 * 1024)

#define TO_PARSE 4		/* an item's rc until a thread parses it */

struct item {
	size_t off, len;	/* the line, in the batch's text */
	unsigned long lineno;
	int rc;			/* TO_PARSE, or what pm_reader_next returns */
	char *msg;		/* BAD or ERROR: the message, NULL for ENOMEM */
	cJSON *json;
	struct pm_point p;
};

struct batch {
	const char *name;
	char *text;
	size_t len, cap;
	struct item *items;	/* BATCH_LINES of them */
	size_t n, out;		/* items filled, items handed out */
	int done;		/* parsed (under the lock) */
	struct pm_jsonmem mem;
};

struct pm_reader_mt {
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a batch queued, or quit */
	pthread_cond_t parsed;	/* a batch done */
	pthread_t tid[THREADS_MAX];
	size_t nworkers;
	int quit;		/* under the lock */
	size_t take, njobs;	/* the next queued batch, how many: under it */
	const struct pm_reader *r;
	struct batch *ring;
	size_t nb, head, count;	/* the caller's: the batches in use */
	size_t ahead;		/* bytes of text in them */
	int eof;		/* no more input */
	const char *name;	/* where the reading is (r has where the */
	unsigned long lineno;	/* handing out is) */
};

static void
parse_batch(const struct pm_reader_mt *mt, struct batch *b)
{
	struct pm_err e;
	struct item *it;

	for (it = b->items; it < b->items + b->n; it++) {
		if (it->rc != TO_PARSE)
			continue;
		it->rc = pm_reader_line(mt->r, &b->mem, 1, b->name,
		    it->lineno, b->text + it->off, it->len, &it->json, &it->p,
		    &e);
		if (it->rc == PM_READ_BAD)
			it->msg = strdup(e.msg);
	}
}

/* The next queued batch; under the lock, with njobs > 0. */
static struct batch *
take(struct pm_reader_mt *mt)
{
	struct batch *b = &mt->ring[mt->take];

	mt->take = (mt->take + 1) % mt->nb;
	mt->njobs--;
	return b;
}

/* Take the next queued batch and parse it, the lock released meanwhile;
 * under the lock, with njobs > 0. */
static void
parse_next(struct pm_reader_mt *mt)
{
	struct batch *b = take(mt);

	pthread_mutex_unlock(&mt->lock);
	parse_batch(mt, b);
	pthread_mutex_lock(&mt->lock);
	b->done = 1;
}

static void *
worker(void *arg)
{
	struct pm_reader_mt *mt = arg;

	pthread_mutex_lock(&mt->lock);
	for (;;) {
		while (mt->njobs == 0 && !mt->quit)
			pthread_cond_wait(&mt->work, &mt->lock);
		if (mt->quit)
			break;
		parse_next(mt);
		pthread_cond_signal(&mt->parsed);
	}
	pthread_mutex_unlock(&mt->lock);
	return NULL;
}

/* Wait until b is parsed, parsing queued batches meanwhile. */
static void
wait_parsed(struct pm_reader_mt *mt, const struct batch *b)
{
	pthread_mutex_lock(&mt->lock);
	while (!b->done) {
		if (mt->njobs > 0)
			parse_next(mt);
		else
			pthread_cond_wait(&mt->parsed, &mt->lock);
	}
	pthread_mutex_unlock(&mt->lock);
}

/* An item that needs no parse: a line too long, a file that failed. */
static void
add_result(struct batch *b, int rc, unsigned long lineno, const char *msg)
{
	struct item *it = &b->items[b->n++];

	it->rc = rc;
	it->lineno = lineno;
	it->msg = strdup(msg);
	it->json = NULL;
}

static int
add_line(struct batch *b, const char *line, size_t len, unsigned long lineno)
{
	struct item *it;

	if (b->cap - b->len < len + 1) {
		size_t ncap = b->cap + len + 1 + BATCH_TEXT;
		char *nt = realloc(b->text, ncap);

		if (nt == NULL)
			return -1;
		b->text = nt;
		b->cap = ncap;
	}
	it = &b->items[b->n++];
	it->off = b->len;
	it->len = len;
	it->lineno = lineno;
	it->rc = TO_PARSE;
	it->msg = NULL;
	memcpy(b->text + b->len, line, len);
	b->text[b->len + len] = '\0';
	b->len += len + 1;
	return 0;
}

static int
regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* Fill the batch at the tail with lines of regular files and queue it;
 * stop at the end of the input, or at a file that is not regular
 * (r->mt_serial), which stays open for the serial path. */
static void
produce(struct pm_reader *r, struct pm_reader_mt *mt, struct pm_err *e)
{
	struct batch *b = &mt->ring[(mt->head + mt->count) % mt->nb];
	char *line;
	size_t len;
	int rc;

	b->name = r->name;
	b->n = b->len = b->out = 0;
	b->done = 0;
	while (b->n < BATCH_LINES && b->len < BATCH_TEXT) {
		if (r->fd < 0) {
			if (b->n > 0)	/* a batch holds lines of one file */
				break;
			rc = pm_reader_open_next(r, e);
			b->name = r->name;
			if (rc == PM_READ_EOF)
				mt->eof = 1;
			else if (rc == PM_READ_ERROR)
				add_result(b, rc, r->lineno, e->msg);
			else if (!regular(r->fd))
				r->mt_serial = 1;
			else
				continue;
			break;
		}
		rc = pm_reader_next_line(r, &line, &len);
		if (rc == 0) {
			pm_reader_close(r);
		} else if (rc == -2) {
			pm_err_set(e, "%s:%lu: line longer than %zu bytes",
			    r->name, r->lineno, r->max_line);
			add_result(b, PM_READ_BAD, r->lineno, e->msg);
		} else if (rc == -1 || (!pm_reader_blank(line, len) &&
		    add_line(b, line, len, r->lineno) != 0)) {
			if (rc != -1)
				errno = ENOMEM;
			pm_err_errno(e, "%s", r->name);
			add_result(b, PM_READ_ERROR, r->lineno, e->msg);
			pm_reader_close(r);
			break;
		}
	}
	if (b->n == 0)
		return;
	mt->count++;
	mt->ahead += b->len;
	pthread_mutex_lock(&mt->lock);
	mt->njobs++;
	pthread_cond_signal(&mt->work);
	pthread_mutex_unlock(&mt->lock);
}

static void
recycle(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->items[i].msg);
	b->n = 0;
	pm_jsonmem_reset(&b->mem);
	if (b->cap > 4 * BATCH_TEXT) {	/* grown for a long line */
		free(b->text);
		b->text = NULL;
		b->cap = 0;
	}
}

/* The used part only: a whole point is 600 bytes, mostly empty labels. */
static void
copy_point(struct pm_point *to, const struct pm_point *from)
{
	memcpy(to, from, offsetof(struct pm_point, labels) +
	    from->nlabels * sizeof(from->labels[0]));
	to->extra = from->extra;
}

int
pm_reader_mt_next(struct pm_reader *r, struct pm_point *p, struct pm_err *e)
{
	struct pm_reader_mt *mt = r->mt;
	struct batch *b;
	struct item *it;

	/* A file the serial path is reading, with nothing left before it. */
	if (r->mt_serial && r->fd >= 0 && mt->count == 0)
		return PM_READ_SERIAL;
	r->name = mt->name;
	r->lineno = mt->lineno;
	if (r->fd < 0)
		r->mt_serial = 0;
	for (;;) {
		while (mt->count < mt->nb && mt->ahead < AHEAD_TEXT &&
		    !mt->eof && !r->mt_serial)
			produce(r, mt, e);
		if (mt->count == 0)
			return r->mt_serial ? PM_READ_SERIAL : PM_READ_EOF;
		b = &mt->ring[mt->head];
		wait_parsed(mt, b);
		while (b->out < b->n && b->items[b->out].rc == PM_READ_SKIP)
			b->out++;
		if (b->out == b->n) {
			mt->ahead -= b->len;
			recycle(b);
			mt->head = (mt->head + 1) % mt->nb;
			mt->count--;
			continue;
		}
		it = &b->items[b->out++];
		mt->name = r->name;
		mt->lineno = r->lineno;
		r->name = b->name;
		r->lineno = it->lineno;
		r->json = it->json;
		if (it->rc == PM_READ_POINT)
			copy_point(p, &it->p);
		else if (it->msg != NULL)
			pm_err_set(e, "%s", it->msg);
		else if (it->rc == PM_READ_BAD)
			pm_err_set(e, "%s:%lu: %s", b->name, it->lineno,
			    strerror(ENOMEM));
		else
			pm_err_set(e, "%s: %s", b->name, strerror(ENOMEM));
		return it->rc;
	}
}

static void
batches_free(struct pm_reader_mt *mt)
{
	struct batch *b;

	for (b = mt->ring; b < mt->ring + mt->nb; b++) {
		if (b->items != NULL)
			recycle(b);
		free(b->items);
		free(b->text);
		pm_jsonmem_release(&b->mem);
	}
	free(mt->ring);
}

int
pm_reader_mt_start(struct pm_reader *r)
{
	struct pm_reader_mt *mt;
	size_t i, n = r->threads > THREADS_MAX ? THREADS_MAX :
	    (size_t)r->threads;
	sigset_t all, old;

	if ((mt = calloc(1, sizeof(*mt))) == NULL)
		goto fail;
	mt->nb = 2 * n;
	if ((mt->ring = calloc(mt->nb, sizeof(*mt->ring))) == NULL)
		goto fail;
	for (i = 0; i < mt->nb; i++) {
		pm_jsonmem_init_shared(&mt->ring[i].mem);
		mt->ring[i].items = malloc(BATCH_LINES * sizeof(struct item));
		if (mt->ring[i].items == NULL)
			goto fail;
	}
	mt->r = r;
	mt->name = r->name;
	mt->lineno = r->lineno;
	pthread_mutex_init(&mt->lock, NULL);
	pthread_cond_init(&mt->work, NULL);
	pthread_cond_init(&mt->parsed, NULL);
	/* Signals stay the caller's business (its reads, its polls). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i + 1 < n; i++)	/* and the caller parses too */
		if (pthread_create(&mt->tid[mt->nworkers], NULL, worker,
		    mt) == 0)
			mt->nworkers++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	r->mt = mt;
	return 0;
fail:
	if (mt != NULL && mt->ring != NULL)
		batches_free(mt);
	free(mt);
	r->threads = 1;
	return -1;
}

void
pm_reader_mt_release(struct pm_reader *r)
{
	struct pm_reader_mt *mt = r->mt;
	size_t i;

	if (mt == NULL)
		return;
	pthread_mutex_lock(&mt->lock);
	mt->quit = 1;
	pthread_cond_broadcast(&mt->work);
	pthread_mutex_unlock(&mt->lock);
	for (i = 0; i < mt->nworkers; i++)
		pthread_join(mt->tid[i], NULL);
	batches_free(mt);
	pthread_mutex_destroy(&mt->lock);
	pthread_cond_destroy(&mt->work);
	pthread_cond_destroy(&mt->parsed);
	free(mt);
	r->mt = NULL;
}
