/* pm_sysfile: read small kernel files (/proc, /sys) and parse their numbers.
 *
 * Ownership: a struct pm_buf owns its memory and keeps the last file it read
 * open: /proc and /sys make their text anew on every read from offset 0, so
 * reading the same file again costs a pread instead of open, read and
 * close.  Use one pm_buf per file read at every sample; a zeroed pm_buf is
 * ready for use, and pm_buf_release frees it and closes the file.
 */
#ifndef PM_SYSFILE_H
#define PM_SYSFILE_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

struct pm_buf {
	char *data;
	size_t len, cap;
	int fd, has_fd;		/* the file last read, still open */
	char *path;		/* its path */
};

void pm_buf_release(struct pm_buf *b);

/* Read the whole of root/rel into b (NUL-terminated), reusing b's open
 * file when it is the same path.  0 or -1 with e. */
int pm_sysfile_read(struct pm_buf *b, const char *root, const char *rel,
    struct pm_err *e);

/* Read a file holding one number (sysfs style), into *v. */
int pm_sysfile_u64(const char *root, const char *rel, uint64_t *v,
    struct pm_err *e);
int pm_sysfile_i64(const char *root, const char *rel, int64_t *v,
    struct pm_err *e);

/* Read a file holding one line of text (trailing newline dropped). */
int pm_sysfile_line(const char *root, const char *rel, char *buf,
    size_t size, struct pm_err *e);

/* Report line lineno of the file at path as bad: "PATH: line N: WHAT:
 * "the line"" (its first 60 bytes).  Returns -1. */
int pm_sysfile_bad_line(struct pm_err *e, const char *path,
    unsigned long lineno, const char *line, const char *what);

/* Whether root/rel exists. */
int pm_sysfile_exists(const char *root, const char *rel);

/* Skip blanks, then parse an unsigned decimal number ending at a blank, a
 * newline or the end; advances *p.  -1 when it is not one. */
int pm_scan_u64(const char **p, uint64_t *v);

/* The same for a decimal fraction ("0.52"). */
int pm_scan_double(const char **p, double *v);

/* Skip blanks, then copy one word (up to a blank or newline) into buf. */
int pm_scan_word(const char **p, char *buf, size_t size);

/* Move *p past the end of the current line. */
void pm_scan_next_line(const char **p);

#endif
