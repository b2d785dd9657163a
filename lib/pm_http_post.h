/* pm_http_post: POST a JSON body to a receiver that may be slow or dead,
 * within a bounded time.
 *
 * libcurl (loaded through pm_curl) sends the body with Content-Type
 * application/json.  A 2xx answer is success.  A refused connection, a
 * time-out, a 5xx or a 429 is tried again after 100 ms, then 200 ms, 400
 * ms ..., as long as the whole stays within the time limit; any other
 * answer (a 4xx: the receiver will never take this body) fails at once.
 *
 * Ownership: everything is borrowed.
 */
#ifndef PM_HTTP_POST_H
#define PM_HTTP_POST_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

/* 0 when the receiver took the body; -1 with e ("URL: HTTP 500 (3
 * tries)", "URL: Couldn't connect to server (5 tries)") otherwise. */
int pm_http_post_json(const char *url, const char *body, size_t len,
    int64_t timeout_ns, struct pm_err *e);

#endif
