/* Whole files in memory (see pm_slurp.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "pm_slurp.h"

char *
pm_slurp(const char *path, size_t max, struct pm_err *e)
{
	FILE *fp = fopen(path, "re");
	size_t len = 0, cap = 0, got;
	char *buf = NULL, *nb;
	int err = 0;

	if (fp == NULL) {
		err = errno;
		pm_err_errno(e, "%s", path);
		errno = err;
		return NULL;
	}
	do {
		if (len + 1 >= cap) {
			cap = cap ? cap * 2 : 4096;
			if (cap > max + 2)
				cap = max + 2;	/* one byte past max tells */
			if ((nb = realloc(buf, cap)) == NULL) {
				err = ENOMEM;
				break;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len - 1, fp);
		len += got;
		if (len > max) {
			err = EFBIG;
			break;
		}
	} while (got > 0);
	if (err == 0 && ferror(fp))
		err = errno ? errno : EIO;
	fclose(fp);
	if (err != 0) {
		free(buf);
		errno = err;	/* for pm_err_errno */
		if (err == EFBIG)
			pm_err_set(e, "%s: larger than %zu bytes", path, max);
		else
			pm_err_errno(e, "%s", path);
		errno = err;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}
