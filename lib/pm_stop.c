/* SIGINT and SIGTERM as a request to stop (see pm_stop.h). */
#include "pm_stop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t pm_stop_signal;
static int wake[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int saved = errno;

	pm_stop_signal = sig;
	if (wake[1] >= 0 && write(wake[1], "", 1) < 0) {
		/* Full pipe: a wake-up is already pending. */
	}
	errno = saved;
}

int
pm_stop_catch(void)
{
	struct sigaction sa;
	int rc = 0;

	if (wake[0] < 0 && pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		wake[0] = wake[1] = -1;
		rc = -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: poll must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return rc;
}

int
pm_stop_fd(void)
{
	return wake[0];
}

int
pm_stop_wait(int fd)
{
	struct pollfd pf[2] = { { fd, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
	int devnull;

	while (!pm_stop_signal && fd >= 0 && poll(pf, 2, -1) < 0 &&
	    errno == EINTR)
		;
	if (!pm_stop_signal)
		return 0;
	if (fd >= 0 && (devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0) {
		dup2(devnull, fd);
		close(devnull);
	}
	return 1;
}
