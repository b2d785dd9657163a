/* pm_test: helpers shared by the cmocka unit tests.
 *
 * A scratch directory per test binary (t_setup/t_teardown as the group
 * setup and teardown), files written into it, and capture of what a
 * function prints on a file descriptor.  Everything is static inline so a
 * test that uses only part of it still builds with -Werror.
 */
#ifndef PM_TEST_H
#define PM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char t_dir[PATH_MAX];

static inline int
t_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(t_dir, sizeof(t_dir), "%s/pm-unit-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	return mkdtemp(t_dir) == NULL ? -1 : 0;
}

static inline int
t_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline int
t_teardown(void **state)
{
	(void)state;
	if (t_dir[0] == '\0')
		return 0;
	return nftw(t_dir, t_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* The path of name in the scratch directory, in one of 16 rotating
 * buffers: a test may hold a few at once, not more. */
static inline const char *
t_path(const char *name)
{
	static char bufs[16][PATH_MAX];
	static unsigned n;
	char *b = bufs[n++ % 16];

	snprintf(b, PATH_MAX, "%s/%s", t_dir, name);
	return b;
}

/* Write len bytes of data to name in the scratch directory; its path. */
static inline const char *
t_write(const char *name, const char *data, size_t len)
{
	const char *path = t_path(name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static inline const char *
t_write_str(const char *name, const char *s)
{
	return t_write(name, s, strlen(s));
}

/* The whole of a file, NUL-terminated; the caller frees it. */
static inline char *
t_slurp(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	assert_non_null(fp);
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			/* the test stops at a NULL: nothing to free */
			/* cppcheck-suppress memleakOnRealloc */
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	assert_int_equal(ferror(fp), 0);
	fclose(fp);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

/* Capture what is written on fd (1 or 2) between t_capture and
 * t_release.  Assert nothing in between: a failed assertion would leave
 * the test's own output in the capture file. */
struct t_capture {
	int fd, saved;
	char path[PATH_MAX];
};

static inline void
t_capture(struct t_capture *c, int fd)
{
	static unsigned n;
	char name[64];
	int tfd;

	snprintf(name, sizeof(name), "capture-%d-%u", fd, n++);
	snprintf(c->path, sizeof(c->path), "%s", t_path(name));
	fflush(stdout);
	fflush(stderr);
	c->fd = fd;
	c->saved = dup(fd);
	tfd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(c->saved >= 0 && tfd >= 0);
	assert_true(dup2(tfd, fd) == fd);
	close(tfd);
}

/* Stop capturing; the text written, which the caller frees. */
static inline char *
t_release(struct t_capture *c)
{
	fflush(stdout);
	fflush(stderr);
	assert_true(dup2(c->saved, c->fd) == c->fd);
	close(c->saved);
	return t_slurp(c->path, NULL);
}

#endif
