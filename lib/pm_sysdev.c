#include "pm_sysdev.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
by_number(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

/* N when name is prefixN, else -1. */
static long
number_of(const char *name, const char *prefix)
{
	size_t np = strlen(prefix);
	char *end;
	unsigned long n;

	if (strncmp(name, prefix, np) != 0 || name[np] < '0' || name[np] > '9')
		return -1;
	errno = 0;
	n = strtoul(name + np, &end, 10);
	return *end != '\0' || errno != 0 || n > 0xFFFFFF ? -1 : (long)n;
}

int
pm_sysdev_numbered(const char *root, const char *rel, const char *prefix,
    unsigned **nums, struct pm_err *e)
{
	char dir[PATH_MAX];
	struct dirent *d;
	unsigned *nn;
	size_t n = 0, cap = 0;
	long k;
	DIR *dp;

	*nums = NULL;
	snprintf(dir, sizeof(dir), "%s/%s", root, rel);
	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		    pm_err_errno(e, "%s", dir);
	while ((d = readdir(dp)) != NULL) {
		if ((k = number_of(d->d_name, prefix)) < 0)
			continue;
		if (n == cap) {
			cap = cap * 2 + 8;
			if ((nn = realloc(*nums, cap * sizeof(*nn))) == NULL) {
				closedir(dp);
				free(*nums);
				*nums = NULL;
				return pm_err_set(e, "out of memory");
			}
			*nums = nn;
		}
		(*nums)[n++] = (unsigned)k;
	}
	closedir(dp);
	if (n > 0)
		qsort(*nums, n, sizeof(**nums), by_number);
	return (int)n;
}

int
pm_sysdev_number(struct pm_buf *b, const char *root, const char *rel,
    uint64_t *v, struct pm_err *e)
{
	const char *p;

	if (pm_sysfile_read(b, root, rel, NULL) != 0)
		return 0;
	p = b->data;
	if (pm_scan_u64(&p, v) != 0 || p[strspn(p, " \n")] != '\0')
		return pm_err_set(e, "%s: not a number: \"%.*s\"", b->path,
		    (int)(strcspn(b->data, "\n") > 20 ? 20 :
		    strcspn(b->data, "\n")), b->data);
	return 1;
}

void
pm_sysdev_uevent(const char *root, const char *rel, const char *key,
    char *buf, size_t size)
{
	struct pm_buf b = { 0 };
	size_t nk = strlen(key);
	const char *p;

	buf[0] = '\0';
	if (pm_sysfile_read(&b, root, rel, NULL) == 0)
		for (p = b.data; *p != '\0'; p += strcspn(p, "\n"),
		    p += *p == '\n')
			if (strncmp(p, key, nk) == 0 && p[nk] == '=') {
				snprintf(buf, size, "%.*s",
				    (int)strcspn(p + nk + 1, "\n"), p + nk + 1);
				break;
			}
	pm_buf_release(&b);
}
