/* pm_check: service health checks for pm-status: an HTTP(S) URL answers
 * with a status below 400, or a TCP port (tcp:HOST:PORT) accepts a
 * connection, within a timeout.  Every check runs at once (libcurl multi,
 * through pm_curl), so n checks take as long as the slowest.
 *
 * Points (pm_checks_emit), each labelled target=AS-GIVEN:
 *   service.up       1 up, 0 down
 *   service.latency  seconds to the whole answer (HTTP) or the connection
 *                    (TCP); left out when it never came
 *   service.http.code  the HTTP status, when there was one
 *
 * Ownership: a check borrows its target string; the rest is its own.
 */
#ifndef PM_CHECK_H
#define PM_CHECK_H

#include <stdint.h>

#include "pm_collect.h"
#include "pm_err.h"

struct pm_check {
	const char *target;	/* as given: a URL or tcp:HOST:PORT */
	int tcp;
	char url[512];		/* what libcurl is given */
	/* Results of pm_checks_run. */
	int up;
	long code;		/* HTTP status; 0: none */
	double latency;		/* seconds; NAN: no answer */
	char error[256];	/* why it is down, in words; "" when up */
};

/* Check that target is a URL (http://, https://) or tcp:HOST:PORT. */
int pm_check_init(struct pm_check *c, const char *target, struct pm_err *e);

/* Run the n checks, each given at most timeout ns; -1 with e only when
 * libcurl cannot be used at all. */
int pm_checks_run(struct pm_check *c, size_t n, int64_t timeout,
    struct pm_err *e);

/* The points of the n checks; what emit->fn returns when it fails. */
int pm_checks_emit(const struct pm_check *c, size_t n,
    const struct pm_emit *em);

#endif
