/* Push in batches, with a spool (see pm_push.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_push.h"
#include "pm_time.h"

enum pm_push_target
pm_push_target(const char *url)
{
	const char *p = strstr(url, "://"), *q;
	size_t n;

	p = p == NULL ? url : p + 3;
	if ((p = strchr(p, '/')) == NULL)
		return PM_PUSH_UNKNOWN;
	n = (q = strpbrk(p, "?#")) == NULL ? strlen(p) : (size_t)(q - p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	if (strstr(p, "/metrics/job/") != NULL &&
	    (size_t)(strstr(p, "/metrics/job/") - p) < n)
		return PM_PUSH_PUSHGATEWAY;
	if (n >= 6 && memcmp(p + n - 6, "/write", 6) == 0)
		return PM_PUSH_WRITE;
	if (n >= 25 && memcmp(p + n - 25, "/api/v1/import/prometheus", 25) == 0)
		return PM_PUSH_IMPORT_PROM;
	return PM_PUSH_UNKNOWN;
}

const char *
pm_push_format(enum pm_push_target t)
{
	return t == PM_PUSH_WRITE ? "influx" : t == PM_PUSH_UNKNOWN ? NULL :
	    "prometheus";
}

const char *
pm_push_content_type(const char *format)
{
	return strcmp(format, "prometheus") == 0 ?
	    "text/plain; version=0.0.4" : "text/plain; charset=utf-8";
}

/* Keep one batch in the spool: a temporary file, renamed when whole. */
static int
keep(struct pm_push *p, const char *body, size_t len, struct pm_err *e)
{
	char tmp[4096], name[4096];
	size_t off = 0;
	ssize_t n;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s/.batch.XXXXXX", p->spool);
	if ((fd = mkstemp(tmp)) < 0)
		return pm_err_errno(e, "%s", p->spool);
	while (off < len) {
		if ((n = write(fd, body + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	if (off < len || fsync(fd) != 0) {
		pm_err_errno(e, "%s", tmp);
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	snprintf(name, sizeof(name), "%s/%019lld-%ld-%04u.batch", p->spool,
	    (long long)pm_clock_now(), (long)getpid(), p->kept);
	if (rename(tmp, name) != 0) {
		pm_err_errno(e, "%s", name);
		unlink(tmp);
		return -1;
	}
	p->kept++;
	return 0;
}

/* Send one batch, or keep it; 0 when sent.  e gets the first failure. */
static int
batch(struct pm_push *p, const char *body, size_t len, struct pm_err *e)
{
	struct pm_err e2;
	int rc = PM_HTTP_FAILED;

	if (!p->down) {
		if ((rc = pm_http_send(&p->s, body, len, &e2)) == PM_HTTP_SENT) {
			p->sent++;
			return 0;
		}
		if (p->failed == 0)
			*e = e2;
		if (rc == PM_HTTP_FAILED)
			p->down = 1;
	}
	p->failed++;
	if (rc == PM_HTTP_FAILED && p->spool != NULL &&
	    keep(p, body, len, &e2) != 0)
		*e = e2;
	return -1;
}

int
pm_push_body(struct pm_push *p, const char *body, size_t len,
    struct pm_err *e)
{
	const char *end = body + len, *q;
	size_t lines;
	int rc = 0;

	while (body < end) {
		q = body;
		lines = 0;
		while (q < end && (p->batch == 0 || lines < p->batch)) {
			const char *nl = memchr(q, '\n', (size_t)(end - q));

			q = nl == NULL ? end : nl + 1;
			lines++;
		}
		if (batch(p, body, (size_t)(q - body), e) != 0)
			rc = -1;
		body = q;
	}
	return rc;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole of a spool file, malloc'd; NULL with e. */
static char *
slurp(const char *path, size_t *len, struct pm_err *e)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		pm_err_errno(e, "%s", path);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		pm_err_set(e, "out of memory");
		return NULL;
	}
	*len = 0;
	while (*len < (size_t)st.st_size &&
	    (n = read(fd, buf + *len, (size_t)st.st_size - *len)) > 0)
		*len += (size_t)n;
	close(fd);
	return buf;
}

/* Send one spooled file: unlink it when sent, rename it when refused. */
static int
resend(struct pm_push *p, const char *name, struct pm_err *e)
{
	char path[4096], bad[4200];
	size_t len;
	char *buf;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", p->spool, name);
	if ((buf = slurp(path, &len, e)) == NULL)
		return -1;
	rc = pm_http_send(&p->s, buf, len, e);
	free(buf);
	if (rc == PM_HTTP_SENT) {
		p->sent++;
		if (unlink(path) != 0)
			return pm_err_errno(e, "%s", path);
		return 0;
	}
	if (rc == PM_HTTP_FAILED) {
		p->down = 1;
		return -1;
	}
	snprintf(bad, sizeof(bad), "%s.refused", path);
	rename(path, bad);
	return pm_err_prefix(e, "%s (kept as %s)", name, bad);
}

int
pm_push_spooled(struct pm_push *p, struct pm_err *e)
{
	struct dirent *d;
	char **names = NULL, **more;
	size_t n = 0, cap = 0, i, len;
	DIR *dir;
	int rc = 0;

	/* A spool named for the first time is made (not its parents), so a
	 * cron line works on its first run. */
	if ((dir = opendir(p->spool)) == NULL && errno == ENOENT &&
	    mkdir(p->spool, 0700) == 0)
		dir = opendir(p->spool);
	if (dir == NULL)
		return pm_err_errno(e, "%s", p->spool);
	while ((d = readdir(dir)) != NULL) {
		len = strlen(d->d_name);
		if (d->d_name[0] == '.' || len < 6 ||
		    strcmp(d->d_name + len - 6, ".batch") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((more = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				break;
			names = more;
		}
		if ((names[n] = strdup(d->d_name)) == NULL)
			break;
		n++;
	}
	closedir(dir);
	if (d != NULL)
		rc = pm_err_set(e, "out of memory");
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (rc == 0 && !p->down && resend(p, names[i], e) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}
