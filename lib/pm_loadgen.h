/* pm_loadgen: an HTTP load generator (pm-bench --url) on libcurl's multi
 * interface: one multi handle per thread, driven by its event interface on
 * epoll (pm_curlev), each with its share of the connections; an easy
 * handle per connection, reused, so the connection is kept alive.
 *
 * "The send" is when libcurl is about to write the request on a
 * connection made or reused (CURLOPT_PREREQFUNCTION, libcurl 7.80; before
 * that, when the request is handed to libcurl): as in wrk, neither a new
 * connection's set-up nor libcurl's own work before the write counts.
 *
 * Closed model (rate 0): every connection sends its next request as soon
 * as the last one is answered; latency runs from the send.
 * Open model (rate > 0): request k is due at start + k / rate whether or
 * not a connection is free; latency runs from that intended time (the
 * coordinated-omission correction of wrk2 and oha), and the uncorrected
 * latency (from the actual send) is kept too.
 *
 * Stop after requests requests, or when duration has passed: in the
 * closed model no request is sent after it (but each thread sends one);
 * in the open model exactly those due within it are sent, so their
 * number is rate x duration.
 * Requests in flight are always answered (or time out).
 *
 * Stopped (the conf's stop flag set, by a SIGINT or SIGTERM handler,
 * seen within 100 ms by every thread): nothing more is sent, the
 * requests in flight are dropped uncounted, and the result holds the
 * answers so far, with interrupted set and elapsed running to the stop.
 *
 * Ownership: the conf is borrowed for the run; the result owns its two
 * histograms (pm_loadgen_release).
 */
#ifndef PM_LOADGEN_H
#define PM_LOADGEN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_hist.h"
#include "pm_httpreq.h"

struct pm_loadgen_conf {
	struct pm_httpreq req;	/* what each request is (prepared here) */
	long connections;	/* in all, shared out among the threads */
	long threads;
	long long requests;	/* 0: until duration */
	int64_t duration;	/* ns; 0: until requests */
	double rate;		/* requests/s overall; 0: closed model */
	volatile sig_atomic_t *stop;	/* set: stop now; NULL: none */
};

struct pm_loadgen_result {
	struct pm_hist lat;	/* corrected in the open model */
	struct pm_hist raw;	/* from the actual send */
	uint64_t requests;	/* answered or failed */
	uint64_t errors[PM_HTTP_NKINDS];	/* by kind; [PM_HTTP_OK] ok */
	uint64_t bytes;		/* received, headers and bodies */
	int64_t elapsed;	/* ns from the start to the last answer */
	int64_t start;		/* wall-clock ns (pm_clock_now) at the start */
	int interrupted;	/* stopped by the conf's stop flag */
};

/* Run the load; -1 with e when it cannot start (libcurl, memory,
 * threads).  Failed requests are not errors of the run: they are
 * counted by kind. */
int pm_loadgen_run(const struct pm_loadgen_conf *c,
    struct pm_loadgen_result *r, struct pm_err *e);

void pm_loadgen_release(struct pm_loadgen_result *r);

#endif
