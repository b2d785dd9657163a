/* pm_loadgen: HTTP load on libcurl's multi interface (see pm_loadgen.h). */
#include "pm_loadgen.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pm_curlev.h"
#include "pm_time.h"

struct conn {
	CURL *h;
	int64_t due, sent;	/* intended and actual send, mono ns */
	int64_t end;		/* when the body's last bytes came; 0: none */
	struct conn *next_free;
};

struct shared {
	const struct pm_loadgen_conf *c;
	const struct pm_curl *cu;
	struct pm_httpreq req;	/* c's, prepared */
	int64_t t0;		/* mono ns at the start */
	atomic_llong claimed;	/* closed model with a request count */
};

struct worker {
	struct shared *s;
	long id, nconn;
	struct conn *conns, *free;
	CURLM *m;
	long inflight;
	long long next;		/* open model: this thread's next request */
	int done;		/* no more requests to send */
	struct pm_hist lat, raw;
	uint64_t requests, kinds[PM_HTTP_NKINDS], bytes;
	int64_t last;		/* mono ns of the last answer */
	struct pm_curlev ev;	/* drives m */
	struct pm_err e;
	int failed;
	int stopped;		/* by the conf's stop flag */
};

#define STOP_CHECK (100 * PM_NS_PER_MS)

/* Open model: when this thread's next request is due. */
static int64_t
due_of(const struct worker *w)
{
	const struct pm_loadgen_conf *c = w->s->c;
	double k = (double)(w->next * c->threads + w->id);

	return w->s->t0 + (int64_t)(k * 1e9 / c->rate);
}

/* Whether another request may be sent now; its intended time in *due. */
static int
claim(struct worker *w, int64_t now, int64_t *due)
{
	const struct pm_loadgen_conf *c = w->s->c;
	long long k;

	if (w->done)
		return 0;
	if (c->rate > 0) {
		k = w->next * c->threads + w->id;
		*due = due_of(w);
		if ((c->requests > 0 && k >= c->requests) || (c->duration > 0 &&
		    *due >= w->s->t0 + c->duration)) {
			w->done = 1;
			return 0;
		}
		if (*due > now)
			return 0;
		w->next++;
		return 1;
	}
	*due = now;
	/* With a duration, each thread sends at least once, however late
	 * it started. */
	if (c->requests > 0 ?
	    atomic_fetch_add(&w->s->claimed, 1) >= c->requests :
	    now >= w->s->t0 + c->duration && w->requests + w->inflight > 0) {
		w->done = 1;
		return 0;
	}
	return 1;
}

/* The request is about to be written, on a connection made or reused
 * (CURLOPT_PREREQFUNCTION): as wrk does, latency runs from here, not
 * counting libcurl's work before (a libcurl older than 7.80 has no such
 * call: then it runs from when the request was handed to libcurl). */
static int
on_prereq(void *arg, char *ip, char *local, int port, int lport)
{
	struct conn *k = arg;

	(void)ip;
	(void)local;
	(void)port;
	(void)lport;
	k->sent = pm_clock_mono();
	return CURL_PREREQFUNC_OK;
}

/* Body bytes (CURLOPT_WRITEFUNCTION): the answer ends with the last of
 * them, whatever else libcurl does before it tells us the transfer is
 * done (such as sending other requests in the same call). */
static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct conn *k = arg;

	(void)p;
	k->end = pm_clock_mono();
	return size * n;
}

/* Send whatever is due on the free connections. */
static int
send_due(struct worker *w)
{
	struct conn *k;
	int64_t now, due;
	CURLMcode mc;

	if (w->free == NULL)
		return 0;
	now = pm_clock_mono();
	while (w->free != NULL && claim(w, now, &due)) {
		k = w->free;
		w->free = k->next_free;
		k->due = due;
		k->sent = now;
		k->end = 0;
		if ((mc = w->s->cu->multi_add_handle(w->m, k->h)) != CURLM_OK)
			return pm_err_set(&w->e, "%s",
			    w->s->cu->multi_strerror(mc));
		w->inflight++;
	}
	return 0;
}

/* Count the answers that came. */
static void
collect(void *arg)
{
	struct worker *w = arg;
	const struct pm_curl *cu = w->s->cu;
	struct conn *k;
	enum pm_http_kind kind;
	CURLMsg *msg;
	uint64_t bytes;
	int64_t now = 0, end;
	int left;
	char *p;

	while ((msg = cu->multi_info_read(w->m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		if (now == 0)
			now = pm_clock_mono();
		cu->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &p);
		k = (struct conn *)(void *)p;
		kind = pm_httpreq_kind(cu, k->h, msg->data.result, &bytes);
		w->requests++;
		w->kinds[kind]++;
		w->bytes += bytes;
		w->last = now;
		/* Latency is that of answers; a broken connection has none. */
		if (kind == PM_HTTP_OK || kind == PM_HTTP_4XX ||
		    kind == PM_HTTP_5XX) {
			end = k->end != 0 ? k->end : now;
			if (w->s->c->rate > 0) {
				pm_hist_record(&w->lat, end - k->due);
				pm_hist_record(&w->raw, end - k->sent);
			} else
				pm_hist_record(&w->lat, end - k->sent);
		}
		cu->multi_remove_handle(w->m, k->h);
		k->next_free = w->free;
		w->free = k;
		w->inflight--;
	}
}

/* How long to wait for the network, in ns from now; -1: sleep until the
 * next request is due instead (nothing in flight), 0: do not wait. */
static int64_t
wait_ns(struct worker *w, int64_t *until)
{
	/* every worker has its s (pm_loadgen_run, n >= 1) */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
	const struct pm_loadgen_conf *c = w->s->c;
	int64_t now, d = 100 * PM_NS_PER_MS;

	if (!w->done && w->free != NULL) {
		now = pm_clock_mono();
		if (c->rate > 0)
			d = due_of(w) - now;
		else if (c->requests == 0)
			d = w->s->t0 + c->duration - now;
		if (d <= 0)
			return 0;
		if (w->inflight == 0 && c->rate > 0) {
			*until = now + d;
			return -1;
		}
	}
	return d;
}

static int
stopped(const struct worker *w)
{
	return w->s->c->stop != NULL && *w->s->c->stop;
}

/* Sleep until t, or until a stop (a signal ends the sleep of the thread
 * it comes to; the others look every STOP_CHECK). */
static void
sleep_until(const struct worker *w, int64_t t)
{
	struct timespec ts;

	if (w->s->c->stop != NULL && t - pm_clock_mono() > STOP_CHECK)
		t = pm_clock_mono() + STOP_CHECK;
	ts = (struct timespec){ (time_t)(t / PM_NS_PER_S),
	    (long)(t % PM_NS_PER_S) };
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0 &&
	    !stopped(w))
		;
}

static int
loop(struct worker *w)
{
	int64_t d, until;

	for (;;) {
		if (stopped(w)) {
			/* What was answered counts; the time runs to here. */
			w->last = pm_clock_mono();
			w->stopped = 1;
			return 0;
		}
		if (send_due(w) != 0)
			return -1;
		if (w->inflight == 0 && w->done)
			return 0;
		if ((d = wait_ns(w, &until)) < 0)
			sleep_until(w, until);
		else if (pm_curlev_run(&w->ev, w->s->c->stop != NULL &&
		    d > STOP_CHECK ? STOP_CHECK : d, collect, w, &w->e) != 0)
			return -1;
	}
}

static int
worker_init(struct worker *w)
{
	const struct pm_curl *cu = w->s->cu;
	long i;

	w->ev.ep = -1;
	if (pm_hist_init(&w->lat, &w->e) != 0 ||
	    pm_hist_init(&w->raw, &w->e) != 0)
		return -1;
	if ((w->m = cu->multi_init()) == NULL ||
	    (w->conns = calloc((size_t)w->nconn, sizeof(*w->conns))) == NULL)
		return pm_err_set(&w->e, "out of memory");
	if (pm_curlev_init(&w->ev, cu, w->m, &w->e) != 0)
		return -1;
	/* One connection per easy handle, never more. */
	cu->multi_setopt(w->m, CURLMOPT_MAX_TOTAL_CONNECTIONS, w->nconn);
	cu->multi_setopt(w->m, CURLMOPT_MAXCONNECTS, w->nconn);
	for (i = 0; i < w->nconn; i++) {
		if ((w->conns[i].h = cu->easy_init()) == NULL)
			return pm_err_set(&w->e, "out of memory");
		if (pm_httpreq_setup(cu, &w->s->req, w->conns[i].h,
		    &w->e) != 0)
			return -1;
		cu->easy_setopt(w->conns[i].h, CURLOPT_PRIVATE, &w->conns[i]);
		cu->easy_setopt(w->conns[i].h, CURLOPT_PREREQFUNCTION,
		    on_prereq);
		cu->easy_setopt(w->conns[i].h, CURLOPT_PREREQDATA,
		    &w->conns[i]);
		cu->easy_setopt(w->conns[i].h, CURLOPT_WRITEFUNCTION, on_body);
		cu->easy_setopt(w->conns[i].h, CURLOPT_WRITEDATA,
		    &w->conns[i]);
		pm_curlev_easy(&w->ev, w->conns[i].h);
		w->conns[i].next_free = w->free;
		w->free = &w->conns[i];
	}
	return 0;
}

static void *
work(void *arg)
{
	struct worker *w = arg;

	w->failed = loop(w) != 0;
	return NULL;
}

static void
worker_release(struct worker *w)
{
	const struct pm_curl *cu = w->s->cu;
	long i;

	for (i = 0; w->conns != NULL && i < w->nconn; i++)
		if (w->conns[i].h != NULL) {
			if (w->m != NULL)
				cu->multi_remove_handle(w->m, w->conns[i].h);
			cu->easy_cleanup(w->conns[i].h);
		}
	if (w->m != NULL)
		cu->multi_cleanup(w->m);
	pm_curlev_release(&w->ev);
	free(w->conns);
	pm_hist_release(&w->lat);
	pm_hist_release(&w->raw);
}

static void
merge(struct pm_loadgen_result *r, const struct worker *w, int64_t t0)
{
	size_t k;

	pm_hist_merge(&r->lat, &w->lat);
	pm_hist_merge(&r->raw, &w->raw);
	r->requests += w->requests;
	r->bytes += w->bytes;
	for (k = 0; k < PM_HTTP_NKINDS; k++)
		r->errors[k] += w->kinds[k];
	if (w->last - t0 > r->elapsed)
		r->elapsed = w->last - t0;
	if (w->stopped)
		r->interrupted = 1;
}

/* Start the threads, run, wait; -1 with e. */
static int
run_all(struct shared *s, struct worker *w, long n, struct pm_err *e)
{
	pthread_t *tid;
	long i, started = 0;
	int rc = 0;

	if ((tid = calloc((size_t)n, sizeof(*tid))) == NULL)
		return pm_err_set(e, "out of memory");
	s->t0 = pm_clock_mono();
	for (i = 1; i < n; i++, started++)
		if (pthread_create(&tid[i], NULL, work, &w[i]) != 0) {
			/* The others must stop: let them run dry. */
			rc = pm_err_set(e, "cannot start a thread");
			break;
		}
	work(&w[0]);
	for (i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	for (i = 0; i < n && rc == 0; i++)
		if (w[i].failed)
			rc = pm_err_set(e, "%s", w[i].e.msg);
	return rc;
}

int
pm_loadgen_run(const struct pm_loadgen_conf *c, struct pm_loadgen_result *r,
    struct pm_err *e)
{
	struct shared s = { .c = c, .req = c->req };
	struct worker *w = NULL;
	long i, n = c->threads;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (n < 1)
		return pm_err_set(e, "--threads: at least 1");
	if ((s.cu = pm_curl_load(e)) == NULL)
		return -1;
	if (pm_httpreq_prepare(s.cu, &s.req, e) != 0 ||
	    pm_hist_init(&r->lat, e) != 0 || pm_hist_init(&r->raw, e) != 0)
		goto out;
	if ((w = calloc((size_t)n, sizeof(*w))) == NULL) {
		pm_err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		w[i].s = &s;
		w[i].id = i;
		w[i].nconn = c->connections / n + (i < c->connections % n);
		if (worker_init(&w[i]) != 0) {
			pm_err_set(e, "%s", w[i].e.msg);
			goto out;
		}
	}
	r->start = pm_clock_now();
	if (run_all(&s, w, n, e) != 0)
		goto out;
	for (i = 0; i < n; i++)
		merge(r, &w[i], s.t0);
	rc = 0;
out:
	for (i = 0; w != NULL && i < n; i++)
		if (w[i].s != NULL)
			worker_release(&w[i]);
	free(w);
	pm_httpreq_release(s.cu, &s.req);
	if (rc != 0)
		pm_loadgen_release(r);
	return rc;
}

void
pm_loadgen_release(struct pm_loadgen_result *r)
{
	pm_hist_release(&r->lat);
	pm_hist_release(&r->raw);
}
