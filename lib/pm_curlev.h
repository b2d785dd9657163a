/* pm_curlev: a libcurl multi handle driven by its event interface
 * (curl_multi_socket_action) on an epoll set, for the HTTP load
 * generator: each event costs libcurl the work of one connection, where
 * curl_multi_perform and curl_multi_poll go through all of them.
 *
 * A kept-alive connection's socket leaves libcurl's watch after each
 * answer and comes back with the next request, which would cost three
 * epoll_ctl calls a request; here it stays in the set until an event
 * comes for it while libcurl does not want it, or libcurl closes it.
 *
 * Ownership: the multi handle is borrowed (set up by pm_curlev_init to
 * call back here); pm_curlev_release closes the epoll set.
 */
#ifndef PM_CURLEV_H
#define PM_CURLEV_H

#include <stddef.h>
#include <stdint.h>

#include "pm_curl.h"
#include "pm_err.h"

struct pm_curlev {
	const struct pm_curl *cu;
	CURLM *m;
	int ep;			/* the epoll set */
	unsigned char *fds;	/* by fd: how it is in the set */
	size_t nfds;
	int64_t timer;		/* libcurl's next timeout, mono ns; -1: none */
};

/* Set m to tell ev its sockets and timeouts; -1 with e. */
int pm_curlev_init(struct pm_curlev *ev, const struct pm_curl *cu, CURLM *m,
    struct pm_err *e);

/* Set an easy handle to be used in ev's multi handle (it tells ev of the
 * sockets it opens). */
void pm_curlev_easy(struct pm_curlev *ev, CURL *h);

/* Let libcurl act on whatever is ready, waiting up to ns (0: not at all)
 * when nothing is; after(arg) runs after each of libcurl's actions, to
 * take its messages as they come.  -1 with e. */
int pm_curlev_run(struct pm_curlev *ev, int64_t ns, void (*after)(void *),
    void *arg, struct pm_err *e);

void pm_curlev_release(struct pm_curlev *ev);

#endif
