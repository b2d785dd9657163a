/* pm_check: service health checks for pm-status: an HTTP(S) URL answers
 * with a status below 400, or a TCP port (tcp:HOST:PORT) accepts a
 * connection, within a timeout; and, for a target of a --targets file
 * (pm_check_parse), what its answer is expected to be.  Every check runs
 * at once (libcurl multi, through pm_curl), so n checks take as long as
 * the slowest.
 *
 * Points (pm_checks_emit), each labelled target=NAME (the name given in a
 * targets file, else the target as given):
 *   service.up          1 up, 0 down (or not as expected)
 *   service.latency     seconds from the start to the end of each phase,
 *                       labelled phase=dns, connect, tls (https),
 *                       first_byte (HTTP) and total; left out when the
 *                       answer never came
 *   service.http.code   the HTTP status, when there was one
 *   service.cert.expiry days until the server's certificate expires
 *                       (https, when libcurl's TLS library tells; below
 *                       0 when it has expired)
 *
 * An https check trusts the system's CAs, or only those of its cacert
 * file (--cacert, or cacert=FILE in a targets file), as curl --cacert.
 *
 * Ownership: a check from pm_check_init borrows its target string; one
 * from pm_check_parse owns a copy of its line.  pm_check_release frees
 * what a check holds.
 */
#ifndef PM_CHECK_H
#define PM_CHECK_H

#include <regex.h>
#include <stdint.h>

#include "pm_collect.h"
#include "pm_err.h"
#include "pm_threshold.h"

enum pm_check_phase {
	PM_PHASE_DNS, PM_PHASE_CONNECT, PM_PHASE_TLS, PM_PHASE_FIRST_BYTE,
	PM_PHASE_TOTAL, PM_PHASES
};

/* "dns", "connect", "tls", "first_byte", "total". */
extern const char *const pm_check_phase_names[PM_PHASES];

struct pm_check {
	const char *target;	/* as given: a URL or tcp:HOST:PORT */
	const char *name;	/* the label: a name given, else target */
	int tcp;
	char url[512];		/* what libcurl is given */
	/* Expectations (pm_check_parse). */
	long want_code;		/* 0: any status below 400 */
	const char *want_body;	/* a substring of the body, or NULL */
	regex_t want_re;
	int has_re;
	struct pm_threshold slow;	/* on the total latency, seconds */
	struct pm_threshold expiring;	/* on the certificate's days */
	const char *cacert;	/* CAs to trust (https); NULL: the system's */
	char *line;		/* pm_check_parse's copy, or NULL */
	/* Results of pm_checks_run. */
	int up;
	int unexpected;		/* answered, but not as expected */
	long code;		/* HTTP status; 0: none */
	double phase[PM_PHASES];	/* seconds; NAN: not reached */
	double latency;		/* phase[PM_PHASE_TOTAL] */
	double cert_days;	/* NAN: not known */
	char error[256];	/* why it is down, in words; "" when up */
	char *body;		/* the answer while it comes, when looked at */
	size_t body_len, body_cap;
};

/* Check that target is a URL (http://, https://) or tcp:HOST:PORT. */
int pm_check_init(struct pm_check *c, const char *target, struct pm_err *e);

/* A line of a targets file: [NAME] TARGET [EXPECTATION...], the
 * expectations status=CODE, body=SUBSTRING, body~=REGEX,
 * latency<DURATION and cert_days>N, and cacert=FILE (pm-status(1)).  0, 1 for a blank or
 * comment line (c untouched), or -1 with e. */
int pm_check_parse(struct pm_check *c, const char *line, struct pm_err *e);

/* The targets of the file at path, pm_check_parse's lines, into c after
 * its *n checks, max in all; -1 with e ("PATH:LINE: reason") at the first
 * bad line, *n counting the checks kept (release them). */
int pm_check_load(struct pm_check *c, size_t max, size_t *n,
    const char *path, struct pm_err *e);

void pm_check_release(struct pm_check *c);

/* Run the n checks, each given at most timeout ns; -1 with e only when
 * libcurl cannot be used at all. */
int pm_checks_run(struct pm_check *c, size_t n, int64_t timeout,
    struct pm_err *e);

/* The threshold of c's own expectation that judges p (one of c's points),
 * or NULL when the limits do. */
const struct pm_threshold *pm_check_threshold(const struct pm_check *c,
    const struct pm_point *p);

/* The points of the n checks; what emit->fn returns when it fails. */
int pm_checks_emit(const struct pm_check *c, size_t n,
    const struct pm_emit *em);

#endif
