/* pm_curlev: libcurl's event interface on epoll (see pm_curlev.h). */
#include "pm_curlev.h"

#include <sys/epoll.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pm_time.h"

/* fds[fd]: the epoll events fd is in the set with (0: not in it), and
 * WANTED while libcurl watches it. */
#define WANTED 0x80

#define NEVENTS 64

static unsigned char *
slot(struct pm_curlev *ev, curl_socket_t fd)
{
	unsigned char *p;
	size_t n;

	if (fd < 0)
		return NULL;
	if ((size_t)fd >= ev->nfds) {
		n = (size_t)fd * 2 + 16;
		if ((p = realloc(ev->fds, n)) == NULL)
			return NULL;
		memset(p + ev->nfds, 0, n - ev->nfds);
		ev->fds = p;
		ev->nfds = n;
	}
	return &ev->fds[fd];
}

/* CURLMOPT_SOCKETFUNCTION: what libcurl wants of a socket. */
static int
on_socket(CURL *h, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct pm_curlev *ev = arg;
	struct epoll_event e = { .data.fd = fd };
	unsigned char *st;
	int op;

	(void)h;
	(void)sockp;
	if ((st = slot(ev, fd)) == NULL)
		return -1;
	if (what == CURL_POLL_REMOVE) {
		*st &= (unsigned char)~WANTED;
		return 0;
	}
	e.events = (what & CURL_POLL_IN ? EPOLLIN : 0) |
	    (what & CURL_POLL_OUT ? EPOLLOUT : 0);
	if ((*st & ~WANTED) != e.events) {
		op = *st != 0 ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
		if (epoll_ctl(ev->ep, op, fd, &e) != 0 && epoll_ctl(ev->ep,
		    op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd,
		    &e) != 0)
			return -1;
	}
	*st = (unsigned char)(e.events | WANTED);
	return 0;
}

/* CURLOPT_SOCKOPTFUNCTION: a new socket is in no set (a closed one left
 * it by itself), whatever its fd was before. */
static int
on_sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	unsigned char *st;

	(void)purpose;
	if ((st = slot(arg, fd)) == NULL)
		return CURL_SOCKOPT_ERROR;
	*st = 0;
	return CURL_SOCKOPT_OK;
}

/* CURLMOPT_TIMERFUNCTION: when to call libcurl anyway. */
static int
on_timer(CURLM *m, long ms, void *arg)
{
	struct pm_curlev *ev = arg;

	(void)m;
	ev->timer = ms < 0 ? -1 : ms == 0 ? 0 :
	    pm_clock_mono() + ms * PM_NS_PER_MS;
	return 0;
}

int
pm_curlev_init(struct pm_curlev *ev, const struct pm_curl *cu, CURLM *m,
    struct pm_err *e)
{
	memset(ev, 0, sizeof(*ev));
	ev->cu = cu;
	ev->m = m;
	ev->timer = -1;
	if ((ev->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return pm_err_set(e, "epoll_create1: %s", strerror(errno));
	cu->multi_setopt(m, CURLMOPT_SOCKETFUNCTION, on_socket);
	cu->multi_setopt(m, CURLMOPT_SOCKETDATA, ev);
	cu->multi_setopt(m, CURLMOPT_TIMERFUNCTION, on_timer);
	cu->multi_setopt(m, CURLMOPT_TIMERDATA, ev);
	return 0;
}

void
pm_curlev_easy(struct pm_curlev *ev, CURL *h)
{
	ev->cu->easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, on_sockopt);
	ev->cu->easy_setopt(h, CURLOPT_SOCKOPTDATA, ev);
}

static int
act(struct pm_curlev *ev, curl_socket_t fd, int flags, void (*after)(void *),
    void *arg, struct pm_err *e)
{
	CURLMcode mc;
	int running;

	if ((mc = ev->cu->multi_socket_action(ev->m, fd, flags, &running)) !=
	    CURLM_OK)
		return pm_err_set(e, "%s", ev->cu->multi_strerror(mc));
	after(arg);
	return 0;
}

/* epoll_pwait2 waits to the ns (Linux 5.11); epoll_wait to the ms, and
 * a wait under one ms becomes none. */
static int
wait_events(struct pm_curlev *ev, struct epoll_event *out, int64_t ns)
{
	static atomic_int old_kernel;
	struct timespec ts = { (time_t)(ns / PM_NS_PER_S),
	    (long)(ns % PM_NS_PER_S) };
	int n;

	if (!old_kernel) {
		n = epoll_pwait2(ev->ep, out, NEVENTS, &ts, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n;
		old_kernel = 1;
	}
	return epoll_wait(ev->ep, out, NEVENTS, (int)(ns / PM_NS_PER_MS));
}

int
pm_curlev_run(struct pm_curlev *ev, int64_t ns, void (*after)(void *),
    void *arg, struct pm_err *e)
{
	struct epoll_event out[NEVENTS];
	unsigned char *st;
	int64_t now;
	int i, n, fd;

	if (ev->timer >= 0) {
		if (ev->timer > 0 && (now = pm_clock_mono()) < ev->timer) {
			if (ev->timer - now < ns)
				ns = ev->timer - now;
		} else {
			ev->timer = -1;
			return act(ev, CURL_SOCKET_TIMEOUT, 0, after, arg, e);
		}
	}
	if ((n = wait_events(ev, out, ns > 0 ? ns : 0)) < 0)
		return errno == EINTR ? 0 :
		    pm_err_set(e, "epoll_wait: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		fd = out[i].data.fd;
		st = (size_t)fd < ev->nfds ? &ev->fds[fd] : NULL;
		if (st == NULL || !(*st & WANTED)) {
			/* Not libcurl's now: an idle connection the server
			 * closed would wake us up again and again. */
			epoll_ctl(ev->ep, EPOLL_CTL_DEL, fd, NULL);
			if (st != NULL)
				*st = 0;
			continue;
		}
		if (act(ev, fd, (out[i].events & EPOLLIN ? CURL_CSELECT_IN :
		    0) | (out[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
		    (out[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR :
		    0), after, arg, e) != 0)
			return -1;
	}
	return 0;
}

void
pm_curlev_release(struct pm_curlev *ev)
{
	if (ev->ep >= 0)
		close(ev->ep);
	ev->ep = -1;
	free(ev->fds);
	ev->fds = NULL;
	ev->nfds = 0;
}
