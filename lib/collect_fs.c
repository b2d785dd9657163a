/* fs: PROCFS/mounts and statvfs(2) — size, used and available space and
 * inode use of each mounted filesystem, as df(1) shows them (pseudo
 * filesystems and second mounts of a device only with -a). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include <linux/magic.h>
#include <poll.h>
#include <sys/vfs.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

/* Filesystems with nothing on a disk, and images of one (snaps, container
 * layers) whose space is not the machine's to run out of. */
static const char *const pseudo_fs[] = {
	"autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs",
	"debugfs", "devpts", "devtmpfs", "efivarfs", "fusectl", "hugetlbfs",
	"mqueue", "nfsd", "nsfs", "overlay", "proc", "pstore", "ramfs",
	"rpc_pipefs", "securityfs", "selinuxfs", "squashfs", "sysfs", "tmpfs",
	"tracefs", NULL,
};

struct fs_mount {
	const char *dev, *dir, *type;	/* point into the state's buffer */
	int shown;
};

struct fs_state {
	struct pm_buf buf;
	struct fs_mount *m;
	size_t n, cap;
	int is_procfs;		/* buf's file is the kernel's: poll works */
};

static int
fs_available(const struct pm_sysroot *root)
{
	return pm_sysfile_exists(root->procfs, "mounts");
}

static void
fs_release(void *state)
{
	struct fs_state *st = state;

	pm_buf_release(&st->buf);
	free(st->m);
}

static int
is_pseudo(const char *type)
{
	size_t i;

	for (i = 0; pseudo_fs[i] != NULL; i++)
		if (strcmp(type, pseudo_fs[i]) == 0)
			return 1;
	return 0;
}

/* Cut the field at *p (up to a blank or the end of the line, which the
 * caller has ended with a NUL) and decode the kernel's octal escapes
 * ("\040" for a space) in place; NULL when the line has no more fields. */
static char *
field(char **p)
{
	char *s = *p, *r, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NULL;
	for (r = w = s; *r != ' ' && *r != '\t' && *r != '\0'; r++, w++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w = (char)((r[1] - '0') << 6 | (r[2] - '0') << 3 |
			    (r[3] - '0'));
			r += 3;
		} else
			*w = *r;
	}
	*p = *r != '\0' ? r + 1 : r;
	*w = '\0';
	return s;
}

/* Split every line of the mounts file (in place) before using any. */
static int
parse_mounts(struct fs_state *st, const char *procfs, struct pm_err *e)
{
	char *p, *next;
	unsigned long lineno = 0;
	struct fs_mount *m;

	st->n = 0;
	for (p = st->buf.data; *p != '\0'; p = next) {
		lineno++;
		next = p + strcspn(p, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if (st->n == st->cap) {
			size_t ncap = st->cap ? st->cap * 2 : 32;

			if ((m = realloc(st->m, ncap * sizeof(*m))) == NULL)
				return pm_err_set(e, "out of memory");
			st->m = m;
			st->cap = ncap;
		}
		m = &st->m[st->n];
		if ((m->dev = field(&p)) == NULL)
			continue;	/* a blank line */
		if ((m->dir = field(&p)) == NULL || (m->type = field(&p)) == NULL)
			return pm_err_set(e, "%s/mounts: line %lu: expected device, "
			    "mount point and type (truncated?)", procfs, lineno);
		m->shown = 0;
		st->n++;
	}
	return 0;
}

/* Whether an earlier mount of the same device was already reported: df
 * shows a device once, at its first mount point. */
static int
shown_before(const struct fs_state *st, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (st->m[j].shown && strcmp(st->m[j].dev, st->m[i].dev) == 0)
			return 1;
	return 0;
}

static void
emit_fs(const struct pm_emit *em, const struct fs_mount *m,
    const struct statvfs *sv)
{
	struct pm_label labels[3] = {
		{ "mountpoint", m->dir }, { "device", m->dev },
		{ "fstype", m->type },
	};
	double frsize = (double)sv->f_frsize;
	double size = (double)sv->f_blocks * frsize;
	double used = (double)(sv->f_blocks >= sv->f_bfree ?
	    sv->f_blocks - sv->f_bfree : 0) * frsize;
	double avail = (double)sv->f_bavail * frsize;

	pm_emit(em, "fs.size", size, "bytes", labels, 3);
	pm_emit(em, "fs.used", used, "bytes", labels, 3);
	pm_emit(em, "fs.available", avail, "bytes", labels, 3);
	pm_emit(em, "fs.used_percent", pm_percent(used, used + avail),
	    "percent", labels, 3);
	if (sv->f_files > 0)
		pm_emit(em, "fs.inodes.used_percent", pm_percent(sv->f_files >=
		    sv->f_ffree ? sv->f_files - sv->f_ffree : 0, sv->f_files),
		    "percent", labels, 3);
}

/* Whether the mount table may have changed since it was parsed.  The
 * kernel's mounts file says so through poll (POLLPRI), which spares a
 * read and a parse of a table that changes once in a blue moon; any other
 * file (a fixture) is read every time. */
static int
mounts_changed(struct fs_state *st, const char *procfs)
{
	char path[PATH_MAX];
	struct pollfd pfd;

	snprintf(path, sizeof(path), "%s/mounts", procfs);
	if (!st->buf.has_fd || !st->is_procfs || strcmp(st->buf.path, path) != 0)
		return 1;
	pfd.fd = st->buf.fd;
	pfd.events = POLLPRI;
	/* The file is always readable (POLLIN); a change adds POLLPRI. */
	return poll(&pfd, 1, 0) != 0 && (pfd.revents & (POLLPRI | POLLERR));
}

static int
fs_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct fs_state *st = state;
	struct statvfs sv;
	struct statfs sf;
	char path[PATH_MAX];
	size_t i;

	if (mounts_changed(st, ctx->root->procfs)) {
		if (pm_sysfile_read(&st->buf, ctx->root->procfs, "mounts", e) != 0)
			return -1;
		st->is_procfs = fstatfs(st->buf.fd, &sf) == 0 &&
		    sf.f_type == PROC_SUPER_MAGIC;
		if (parse_mounts(st, ctx->root->procfs, e) != 0)
			return -1;
	} else {
		for (i = 0; i < st->n; i++)
			st->m[i].shown = 0;
	}
	if (ctx->emit == NULL)
		return 0;	/* sizes are gauges: nothing to prime */
	for (i = 0; i < st->n; i++) {
		struct fs_mount *m = &st->m[i];

		if (!ctx->all_devices && (is_pseudo(m->type) ||
		    shown_before(st, i)))
			continue;
		snprintf(path, sizeof(path), "%s%s", ctx->root->rootfs, m->dir);
		/* A mount we may not look at, or a stale NFS one, is not an
		 * error of the reading: df skips it too. */
		if (statvfs(path, &sv) != 0)
			continue;
		if (sv.f_blocks == 0 && !ctx->all_devices)
			continue;
		m->shown = 1;
		emit_fs(ctx->emit, m, &sv);
	}
	return 0;
}

const struct pm_collector pm_collector_fs = {
	.name = "fs",
	.what = "filesystem space and inodes, as df shows them, from "
	    "/proc/mounts and statvfs",
	.available = fs_available,
	.state_size = sizeof(struct fs_state),
	.read = fs_read,
	.release = fs_release,
};
