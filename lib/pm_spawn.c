#include "pm_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm_time.h"

extern char **environ;

void
pm_spawn_result_release(struct pm_spawn_result *r)
{
	free(r->out.data);
	free(r->err.data);
	memset(r, 0, sizeof(*r));
}

/* Read what fd has into b: 1 while it is open, 0 at its end, -1. */
static int
drain(int fd, struct pm_spawn_buf *b)
{
	ssize_t n;
	char *nd;

	if (b->cap - b->len < 2) {
		if ((nd = realloc(b->data, b->cap * 2 + 4096)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		b->data = nd;
		b->cap = b->cap * 2 + 4096;
	}
	n = read(fd, b->data + b->len, b->cap - b->len - 1);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	b->len += (size_t)n;
	b->data[b->len] = '\0';
	return n > 0;
}

static int
reap(pid_t pid, int *status)
{
	int ws;

	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return -1;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return 0;
}

/* Both pipes until they close or the deadline passes. */
static int
collect(int fds[2], struct pm_spawn_result *r, int64_t deadline,
    const char *prog, struct pm_err *e)
{
	struct pollfd pfd[2];
	struct pm_spawn_buf *buf[2] = { &r->out, &r->err };
	int64_t left;
	int i, n, open = 2, rc;

	while (open > 0) {
		if ((left = deadline - pm_clock_mono()) <= 0)
			return pm_err_set(e, "%s: no answer in time", prog);
		for (i = 0; i < 2; i++) {
			pfd[i].fd = fds[i];
			pfd[i].events = POLLIN;
		}
		n = poll(pfd, 2, (int)(left / PM_NS_PER_MS) + 1);
		if (n < 0 && errno != EINTR)
			return pm_err_errno(e, "%s: poll", prog);
		for (i = 0; i < 2 && n > 0; i++) {
			if (fds[i] < 0 || pfd[i].revents == 0)
				continue;
			if ((rc = drain(fds[i], buf[i])) < 0)
				return pm_err_errno(e, "%s: reading its output",
				    prog);
			if (rc == 0) {
				close(fds[i]);
				fds[i] = -1;	/* poll skips it */
				open--;
			}
		}
	}
	return 0;
}

int
pm_spawn_start(char *const argv[], char *const envp[],
    const posix_spawn_file_actions_t *fa, pid_t *pid)
{
	posix_spawnattr_t at;
	sigset_t none, def;
	int rc;

	posix_spawnattr_init(&at);
	/* Its own process group: a ^C meant for us does not cut its answer
	 * short; and the signals we ignore or block are its own again. */
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (strchr(argv[0], '/') != NULL)
		rc = posix_spawn(pid, argv[0], fa, &at, argv, envp);
	else
		rc = posix_spawnp(pid, argv[0], fa, &at, argv, envp);
	posix_spawnattr_destroy(&at);
	return rc;
}

static int
start(char *const argv[], int out[2], int err[2], pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	rc = pm_spawn_start(argv, environ, &fa, pid);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

int
pm_spawn_run(char *const argv[], int64_t timeout_ns,
    struct pm_spawn_result *r, struct pm_err *e)
{
	int out[2], err[2], fds[2], rc;
	pid_t pid;

	r->out.len = r->err.len = 0;
	r->status = -1;
	if (pipe2(out, O_CLOEXEC) != 0)
		return pm_err_errno(e, "%s: pipe", argv[0]);
	if (pipe2(err, O_CLOEXEC) != 0) {
		pm_err_errno(e, "%s: pipe", argv[0]);
		close(out[0]);
		close(out[1]);
		return -1;
	}
	rc = start(argv, out, err, &pid);
	close(out[1]);
	close(err[1]);
	fds[0] = out[0];
	fds[1] = err[0];
	if (rc != 0) {
		close(fds[0]);
		close(fds[1]);
		if (rc == ENOENT)
			return 1;
		errno = rc;
		return pm_err_errno(e, "%s", argv[0]);
	}
	rc = collect(fds, r, pm_clock_mono() + timeout_ns, argv[0], e);
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (rc != 0)
		kill(pid, SIGKILL);
	if (reap(pid, &r->status) != 0 && rc == 0)
		rc = pm_err_errno(e, "%s: waitpid", argv[0]);
	return rc;
}
