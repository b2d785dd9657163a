/* pm_measure: run a command once and measure it (see pm_measure.h). */
#include "pm_measure.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pm_time.h"

extern char **environ;

#define STOP_CHECK (100 * PM_NS_PER_MS)

static volatile sig_atomic_t *stop_flag;

void
pm_measure_stop_on(volatile sig_atomic_t *flag)
{
	stop_flag = flag;
}

static int
stopped(void)
{
	return stop_flag != NULL && *stop_flag;
}

static void
dup_to(posix_spawn_file_actions_t *fa, int fd, int to)
{
	if (fd >= 0 && fd != to)
		posix_spawn_file_actions_adddup2(fa, fd, to);
}

/* Without pidfd_open (Linux before 5.3, valgrind): look every
 * millisecond whether pid has ended, leaving it to wait4 (WNOWAIT). */
static int
wait_deadline_poll(pid_t pid, int64_t deadline, struct pm_err *e)
{
	struct timespec ms = { 0, PM_NS_PER_MS };
	siginfo_t si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 &&
		    errno != EINTR)
			return pm_err_errno(e, "waitid");
		if (si.si_pid == pid)
			return 0;
		if (deadline - pm_clock_mono() <= 0)
			return 1;
		if (stopped())
			return 2;
		nanosleep(&ms, NULL);
	}
}

/* Wait for pid until deadline (monotonic ns); 1 when it is past, 2 when
 * the stop flag is set. */
static int
wait_deadline(pid_t pid, int64_t deadline, struct pm_err *e)
{
	struct pollfd pfd;
	struct timespec ts;
	int64_t left;
	int fd, rc;

	if ((fd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0)
		return errno == ENOSYS ? wait_deadline_poll(pid, deadline, e) :
		    pm_err_errno(e, "pidfd_open");
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		left = deadline - pm_clock_mono();
		if (left <= 0) {
			rc = 1;
			break;
		}
		if (stopped()) {
			rc = 2;
			break;
		}
		/* A signal between the check and ppoll is seen next time. */
		if (stop_flag != NULL && left > STOP_CHECK)
			left = STOP_CHECK;
		ts.tv_sec = left / PM_NS_PER_S;
		ts.tv_nsec = left % PM_NS_PER_S;
		rc = ppoll(&pfd, 1, &ts, NULL);
		if (rc > 0) {
			rc = 0;
			break;
		}
		if (rc < 0 && errno != EINTR) {
			rc = pm_err_errno(e, "poll");
			break;
		}
	}
	close(fd);
	return rc;
}

char *
pm_measure_which(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	struct stat st;
	char *file;
	size_t dirlen;

	if (strchr(name, '/') != NULL)
		return strdup(name);
	if (path == NULL)
		path = "/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		end = strchrnul(p, ':');
		dirlen = (size_t)(end - p);
		/* An empty entry is the current directory, as execvp says. */
		if (asprintf(&file, "%.*s%s%s", (int)dirlen, p,
		    dirlen ? "/" : "", name) < 0)
			return NULL;
		if (access(file, X_OK) == 0 && stat(file, &st) == 0 &&
		    S_ISREG(st.st_mode))
			return file;
		free(file);
		if (*end == '\0')
			return NULL;
	}
}

int
pm_measure_run(const char *path, char *const argv[],
    const struct pm_measure_io *io, int64_t timeout_ns, struct pm_measure *m,
    struct pm_err *e)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t sa;
	struct rusage ru;
	int64_t start;
	pid_t pid, got;
	int rc, st;

	memset(m, 0, sizeof(*m));
	m->ts = PM_TS_NONE;
	if (stopped())
		return pm_err_set(e, "%s: stopped by a signal", argv[0]);
	posix_spawn_file_actions_init(&fa);
	dup_to(&fa, io->in, STDIN_FILENO);
	dup_to(&fa, io->out, STDOUT_FILENO);
	dup_to(&fa, io->err, STDERR_FILENO);
	/* A process group of its own (pgid = its pid), so that a kill
	 * reaches what a shell started too; posix_spawn returns after the
	 * child's setpgid, so the group exists when it returns. */
	posix_spawnattr_init(&sa);
	posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&sa, 0);
	start = pm_clock_mono();
	rc = path != NULL ? posix_spawn(&pid, path, &fa, &sa, argv, environ) :
	    posix_spawnp(&pid, argv[0], &fa, &sa, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&sa);
	if (rc != 0) {
		m->status = rc == ENOENT ? 127 : 126;
		if (rc == ENOENT && strchr(argv[0], '/') == NULL)
			return pm_err_set(e, "%s: command not found", argv[0]);
		return pm_err_set(e, "%s: %s", argv[0], strerror(rc));
	}
	if (timeout_ns > 0 || stop_flag != NULL) {
		rc = wait_deadline(pid, timeout_ns > 0 ? start + timeout_ns :
		    INT64_MAX, e);
		/* The group before the reap: while pid is unreaped its
		 * group's id cannot be taken by another. */
		if (rc != 0) {
			kill(-pid, SIGKILL);
			m->timed_out = rc == 1;
		}
	}
	do
		got = wait4(pid, &st, 0, &ru);
	while (got < 0 && errno == EINTR);
	m->wall = pm_clock_mono() - start;
	m->ts = pm_clock_now();
	if (got < 0)
		return pm_err_errno(e, "wait for %s", argv[0]);
	if (rc < 0)
		return -1;
	if (rc == 2)
		return pm_err_set(e, "%s: stopped by a signal, the run killed",
		    argv[0]);
	m->user = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	m->sys = (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	m->max_rss = (double)ru.ru_maxrss * 1024;	/* KiB on Linux */
	m->vcsw = ru.ru_nvcsw;
	m->ivcsw = ru.ru_nivcsw;
	m->status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	return 0;
}
