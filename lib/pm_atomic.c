/* Output files that appear whole or not at all (pm_atomic.h). */
#include "pm_atomic.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read by the signal handler: fixed storage, no allocation. */
static char tmp_path[PATH_MAX];
static char final_path[PATH_MAX];

static void
on_signal(int sig)
{
	if (tmp_path[0] != '\0')
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

FILE *
pm_atomic_open(const char *path, struct pm_err *e)
{
	static char buf[64 * 1024];
	const char *slash = strrchr(path, '/');
	struct sigaction sa;
	mode_t mask;
	FILE *fp;
	int fd;

	if (slash == NULL)
		snprintf(tmp_path, sizeof(tmp_path), ".%s.XXXXXX", path);
	else
		snprintf(tmp_path, sizeof(tmp_path), "%.*s/.%s.XXXXXX",
		    (int)(slash - path), path, slash + 1);
	snprintf(final_path, sizeof(final_path), "%s", path);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if ((fd = mkstemp(tmp_path)) < 0) {
		tmp_path[0] = '\0';
		pm_err_errno(e, "%s", path);
		return NULL;
	}
	/* mkstemp makes it 0600; readers such as node_exporter need the
	 * mode any new file gets. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if ((fp = fdopen(fd, "w")) == NULL) {
		pm_err_errno(e, "%s", path);
		close(fd);
		unlink(tmp_path);
		tmp_path[0] = '\0';
		return NULL;
	}
	setvbuf(fp, buf, _IOFBF, sizeof(buf));
	return fp;
}

int
pm_atomic_commit(FILE *fp, struct pm_err *e)
{
	int rc = 0;

	/* fsync: EINVAL where the file cannot be synced (a pipe's /dev). */
	if (fflush(fp) != 0 || (fsync(fileno(fp)) != 0 && errno != EINVAL))
		rc = pm_err_errno(e, "%s", final_path);
	if (fclose(fp) != 0 && rc == 0)
		rc = pm_err_errno(e, "write error on %s", final_path);
	if (rc == 0 && rename(tmp_path, final_path) != 0)
		rc = pm_err_errno(e, "%s", final_path);
	if (rc != 0)
		unlink(tmp_path);
	tmp_path[0] = '\0';
	return rc;
}

void
pm_atomic_abort(FILE *fp)
{
	fclose(fp);
	unlink(tmp_path);
	tmp_path[0] = '\0';
}
