/* pm_http_post: send a body to a receiver that may be slow or dead, with
 * bounded time and retries.
 *
 * libcurl (loaded through pm_curl) sends the body.  A 2xx answer is
 * success.  A failed connection, a time-out, an answer that is not HTTP,
 * a 5xx or a 429 is tried again after 100 ms, then 200 ms, 400 ms ... (5 s
 * at most), or after the Retry-After of a 429 or 503 when longer, while
 * tries and time are left; a Retry-After of more than a minute, or past
 * the deadline, ends the tries at once.  Any other answer (a 4xx: the
 * receiver will never take this body) fails at once.  TLS certificates
 * are verified.
 *
 * Ownership: everything is borrowed.
 */
#ifndef PM_HTTP_POST_H
#define PM_HTTP_POST_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

struct pm_http_send {
	const char *url;
	const char *method;	/* NULL: POST */
	const char *content_type;
	const char *token;	/* bearer token, or NULL */
	int netrc;		/* credentials from ~/.netrc (or $NETRC) */
	int64_t deadline;	/* ns for all tries together; 0: none */
	int64_t try_timeout;	/* ns for one try; 0: none */
	int retries;		/* tries after the first; -1: until deadline */
	int show_body;		/* put the start of an error answer in e */
};

enum {
	PM_HTTP_SENT = 0,
	PM_HTTP_REFUSED = -1,	/* a 4xx, or bad settings: never try again */
	PM_HTTP_FAILED = -2,	/* down, slow, 5xx or 429: may work later */
};

/* PM_HTTP_SENT, or PM_HTTP_REFUSED / PM_HTTP_FAILED with e ("URL: HTTP
 * 400: what the server said (1 try)", "URL: Failed to connect to HOST
 * port N after 0 ms: Connection refused (5 tries)", "URL: HTTP 429 (1
 * try, Retry-After: 3600 s)"). */
int pm_http_send(const struct pm_http_send *s, const char *body, size_t len,
    struct pm_err *e);

/* POST a JSON body, retrying within timeout_ns: 0, or -1 with e. */
int pm_http_post_json(const char *url, const char *body, size_t len,
    int64_t timeout_ns, struct pm_err *e);

#endif
