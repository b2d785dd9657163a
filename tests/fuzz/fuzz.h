/* Helpers shared by the libFuzzer targets: a file holding the input, for
 * parsers that take a path (the reader, rules and baseline files). */
#ifndef FUZZ_H
#define FUZZ_H

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write all of data to fd; close it and return -1 when that fails. */
static inline int
fuzz_write(int fd, const uint8_t *data, size_t size)
{
	size_t off = 0;
	ssize_t n;

	while (off < size) {
		if ((n = write(fd, data + off, size - off)) <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

/* Write data to a new memory file and name it in path (/proc/self/fd/N);
 * returns the descriptor for the caller to close, or -1. */
static inline int
fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t pathsize)
{
	int fd;

	if ((fd = memfd_create("fuzz", 0)) == -1 ||
	    fuzz_write(fd, data, size) != 0)
		return -1;
	snprintf(path, pathsize, "/proc/self/fd/%d", fd);
	return fd;
}

/* A NUL-terminated copy of data, for parsers of C strings; free() it. */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static inline int
fuzz_rm(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

/* A private folder for targets whose parser names other files (pm-alert
 * test files name their rules file; state files are saved beside): in
 * TMPDIR, else /dev/shm (a memory file system).  NULL if it cannot be
 * made. */
static inline const char *
fuzz_tmpdir(void)
{
	static char dir[PATH_MAX];
	const char *tmp;

	if (dir[0] != '\0')
		return dir;
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/pm-fuzz-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		dir[0] = '\0';
		return NULL;
	}
	return dir;
}

static inline void
fuzz_tmpdir_remove(void)
{
	const char *dir = fuzz_tmpdir();

	if (dir != NULL)
		(void)nftw(dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write data to the file name of fuzz_tmpdir() (made once, and removed at
 * exit); its path into path.  -1 when it cannot be written. */
static inline int
fuzz_tmpfile(const char *name, const uint8_t *data, size_t size, char *path,
    size_t pathsize)
{
	static int registered;
	const char *dir = fuzz_tmpdir();
	int fd;

	if (dir == NULL)
		return -1;
	if (!registered) {
		registered = 1;
		atexit(fuzz_tmpdir_remove);
	}
	snprintf(path, pathsize, "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1 || fuzz_write(fd, data, size) != 0)
		return -1;
	return close(fd);
}

#endif
