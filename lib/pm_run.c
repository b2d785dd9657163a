/* pm_run: run a command while sampling (see pm_run.h). */
#include "pm_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm_time.h"

extern char **environ;

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NFORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))

/* What the handlers see. */
static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t early_signal;	/* came before the spawn */
static int wake_fd = -1;

static void
wake(void)
{
	int saved = errno;
	char c = 0;

	if (wake_fd >= 0 && write(wake_fd, &c, 1) < 0) {
		/* The pipe is full: a wake-up is pending anyway. */
	}
	errno = saved;
}

static void
on_child(int sig)
{
	(void)sig;
	wake();
}

static void
on_stop(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si == NULL || si->si_code != SI_KERNEL) {
		if (child_pid > 0)
			kill((pid_t)child_pid, sig);
		else
			early_signal = sig;
	}
	wake();
}

static int
handle(int sig, int on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	if (!on)
		sa.sa_handler = SIG_DFL;
	else if (sig == SIGCHLD) {
		sa.sa_handler = on_child;
		sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
	} else {
		sa.sa_sigaction = on_stop;
		sa.sa_flags = SA_SIGINFO | SA_RESTART;
	}
	return sigaction(sig, &sa, NULL);
}

static int
spawn(struct pm_run *r, char *const argv[], int out_fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	size_t i;
	int rc;

	sigemptyset(&none);
	sigemptyset(&dfl);
	for (i = 0; i < NFORWARDED; i++)
		sigaddset(&dfl, forwarded[i]);
	sigaddset(&dfl, SIGCHLD);
	sigaddset(&dfl, SIGPIPE);	/* we may ignore it; the command not */
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	rc = posix_spawnp(&r->pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc;
}

int
pm_run_start(struct pm_run *r, char *const argv[], int out_fd,
    struct pm_err *e)
{
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	r->fds[0] = r->fds[1] = -1;
	if (pipe2(r->fds, O_CLOEXEC | O_NONBLOCK) != 0)
		return pm_err_errno(e, "pipe");
	wake_fd = r->fds[1];
	child_pid = 0;
	early_signal = 0;
	handle(SIGCHLD, 1);
	for (i = 0; i < NFORWARDED; i++)
		handle(forwarded[i], 1);
	r->start = pm_clock_mono();
	if ((rc = spawn(r, argv, out_fd)) != 0) {
		r->start_errno = rc;
		if (rc == ENOENT && strchr(argv[0], '/') == NULL)
			return pm_err_set(e, "%s: command not found", argv[0]);
		return pm_err_set(e, "%s: %s", argv[0], strerror(rc));
	}
	child_pid = r->pid;
	if (early_signal != 0)
		kill(r->pid, early_signal);
	return 0;
}

int
pm_run_fd(const struct pm_run *r)
{
	return r->fds[0];
}

int
pm_run_poll(struct pm_run *r)
{
	siginfo_t si;
	char buf[64];

	while (read(r->fds[0], buf, sizeof(buf)) > 0)
		;
	if (r->exited || r->pid <= 0)
		return r->exited;
	/* WNOWAIT: leave the zombie, so a last reading still finds it. */
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)r->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == r->pid)
		r->exited = 1;
	return r->exited;
}

int
pm_run_wait(struct pm_run *r, struct pm_err *e)
{
	sigset_t stops, old;
	siginfo_t si;
	pid_t got;
	size_t i;

	if (r->reaped || r->pid <= 0)
		return 0;
	/* Wait for the exit with the signals still passed on, then reap with
	 * them held: none may reach the pid once it is free for reuse. */
	while (waitid(P_PID, (id_t)r->pid, &si, WEXITED | WNOWAIT) != 0 &&
	    errno == EINTR)
		;
	sigemptyset(&stops);
	for (i = 0; i < NFORWARDED; i++)
		sigaddset(&stops, forwarded[i]);
	sigprocmask(SIG_BLOCK, &stops, &old);
	do
		got = wait4(r->pid, &r->status, 0, &r->ru);
	while (got < 0 && errno == EINTR);
	child_pid = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (got < 0)
		return pm_err_errno(e, "wait for pid %d", (int)r->pid);
	r->end = pm_clock_mono();
	r->exited = r->reaped = 1;
	return 0;
}

int
pm_run_exit_status(const struct pm_run *r)
{
	if (r->start_errno != 0)
		return r->start_errno == ENOENT ? 127 : 126;
	if (WIFSIGNALED(r->status))
		return 128 + WTERMSIG(r->status);
	return WEXITSTATUS(r->status);
}

double
pm_run_user_seconds(const struct pm_run *r)
{
	return (double)r->ru.ru_utime.tv_sec + r->ru.ru_utime.tv_usec / 1e6;
}

double
pm_run_system_seconds(const struct pm_run *r)
{
	return (double)r->ru.ru_stime.tv_sec + r->ru.ru_stime.tv_usec / 1e6;
}

int
pm_run_emit(const struct pm_run *r, const struct pm_emit *em,
    const char *name)
{
	struct pm_label l = { "command", name };
	int rc;

	/* Microseconds: what rusage holds. */
	if ((rc = pm_emit(em, "run.wall_time",
	    pm_round(pm_elapsed(r->start, r->end), 1e6), "seconds", &l, 1)) ||
	    (rc = pm_emit(em, "run.exit_status", pm_run_exit_status(r),
	    "count", &l, 1)) ||
	    (rc = pm_emit(em, "run.cpu.user", pm_run_user_seconds(r),
	    "seconds", &l, 1)) ||
	    (rc = pm_emit(em, "run.cpu.system", pm_run_system_seconds(r),
	    "seconds", &l, 1)))
		return rc;
	/* ru_maxrss is in KiB on Linux. */
	return pm_emit(em, "run.max_rss", (double)r->ru.ru_maxrss * 1024,
	    "bytes", &l, 1);
}

void
pm_run_release(struct pm_run *r)
{
	size_t i;

	handle(SIGCHLD, 0);
	for (i = 0; i < NFORWARDED; i++)
		handle(forwarded[i], 0);
	wake_fd = -1;
	child_pid = 0;
	for (i = 0; i < 2; i++)
		if (r->fds[i] >= 0)
			close(r->fds[i]);
	r->fds[0] = r->fds[1] = -1;
}
