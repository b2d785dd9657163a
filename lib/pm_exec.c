/* Commands run for notifications (see pm_exec.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pm_exec.h"
#include "pm_spawn.h"
#include "pm_time.h"

extern char **environ;

size_t
pm_exec_split(char *s, char **argv, size_t max)
{
	size_t n = 0;
	char *w;

	while (n + 1 < max && (w = strsep(&s, " \t")) != NULL)
		if (*w != '\0')
			argv[n++] = w;
	argv[n] = NULL;
	return n;
}

/* Our environment without the names env sets, then env. */
static char **
environment(char *const env[])
{
	size_t n = 0, m = 0, i, j, k;
	char **v;

	while (environ[n] != NULL)
		n++;
	while (env[m] != NULL)
		m++;
	if ((v = calloc(n + m + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = k = 0; i < n; i++) {
		for (j = 0; j < m; j++) {
			size_t len = strcspn(env[j], "=") + 1;

			if (strncmp(environ[i], env[j], len) == 0)
				break;
		}
		if (j == m)
			v[k++] = environ[i];
	}
	for (j = 0; j < m; j++)
		v[k++] = env[j];
	return v;
}

static int
spawn(char *const argv[], char *const env[], int in, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	char **envp = environment(env);
	int rc;

	if (envp == NULL)
		return ENOMEM;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	rc = pm_spawn_start(argv, envp, &fa, pid);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	return rc;
}

/* Write the input until done, the command stops reading, or the deadline. */
static int
feed(int fd, const char *p, size_t len, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	int64_t left;
	ssize_t n;

	while (len > 0) {
		if ((left = deadline - pm_clock_mono()) <= 0)
			return -1;
		if (poll(&pfd, 1, (int)(left / PM_NS_PER_MS) + 1) < 0 &&
		    errno != EINTR)
			return -1;
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return errno == EPIPE ? 0 : -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Wait for pid until the deadline; 0 with its status, -1 if still running. */
static int
wait_until(pid_t pid, int64_t deadline, int *status)
{
	struct timespec nap = { 0, 5 * 1000 * 1000 };
	pid_t r;
	int ws;

	for (;;) {
		r = waitpid(pid, &ws, WNOHANG);
		if (r == pid) {
			*status = WIFEXITED(ws) ? WEXITSTATUS(ws) :
			    128 + WTERMSIG(ws);
			return 0;
		}
		if (r < 0 && errno != EINTR)
			return -1;
		if (pm_clock_mono() >= deadline)
			return -1;
		nanosleep(&nap, NULL);
	}
}

int
pm_exec_run(char *const argv[], char *const env[], const char *input,
    size_t len, int64_t timeout_ns, int *status, struct pm_err *e)
{
	int64_t deadline = pm_clock_mono() + timeout_ns;
	int fds[2], rc;
	pid_t pid;

	if (argv[0] == NULL)
		return pm_err_set(e, "no command");
	if (pipe2(fds, O_CLOEXEC) != 0)
		return pm_err_errno(e, "%s: pipe", argv[0]);
	rc = spawn(argv, env, fds[0], &pid);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		errno = rc;
		return pm_err_errno(e, "%s", argv[0]);
	}
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	rc = feed(fds[1], input, len, deadline);
	close(fds[1]);
	if (rc == 0 && wait_until(pid, deadline, status) == 0)
		return 0;
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return pm_err_set(e, "%s: still running after the time limit, "
	    "killed", argv[0]);
}
