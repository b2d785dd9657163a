/* pm_proc: processes, read from PROCFS/PID/{stat,status,io,fd,cmdline}.
 *
 * Three layers:
 *  - one process: parse its stat line, read its RSS, open fds and I/O
 *    counters (pm_proc.c);
 *  - a table of processes from one reading to the next, filled by a scan of
 *    PROCFS or from a list of pids, that keeps what rates need and the files
 *    of the processes being watched open (pm_proc_table.c);
 *  - the proc collector behind -p, --proc, --top and a command's process
 *    tree (collect_proc.c).
 *
 * A scan allocates nothing once the table is as large as the number of
 * processes: the directory stays open and is rewound, files that are not
 * kept open are read into a buffer on the stack.
 *
 * Ownership: a table owns its entries, their kept files and a copy of the
 * root path; pm_proc_table_release frees them.  The collector's state owns
 * a copy of its configuration.
 */
#ifndef PM_PROC_H
#define PM_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_sampler.h"
#include "pm_sysfile.h"

/* What /proc/PID/stat says, the part pm uses. */
struct pm_proc_stat {
	int pid, ppid;
	char state;		/* R, S, D, Z, ... */
	char comm[64];		/* kworkers have long names */
	uint64_t ticks;		/* utime + stime, clock ticks */
	uint64_t child_ticks;	/* cutime + cstime: children waited for */
	uint64_t threads;
	uint64_t rss_pages;
	uint64_t start;		/* starttime: tells a reused pid apart */
};

/* Parse a stat line; -1 when it is not one. */
int pm_proc_parse_stat(const char *text, struct pm_proc_stat *st);

/* VmRSS of a status file in bytes; -1 when it has none (kernel thread,
 * zombie). */
int pm_proc_parse_rss(const char *text, uint64_t *bytes);

/* read_bytes and write_bytes of an io file; -1 when missing. */
int pm_proc_parse_io(const char *text, uint64_t *rd, uint64_t *wr);

enum {
	PM_PROC_RSS = 1 << 0,
	PM_PROC_FDS = 1 << 1,
	PM_PROC_IO = 1 << 2,
};

/* The gauges and counters read only for the processes shown. */
struct pm_proc_extra {
	unsigned have;		/* PM_PROC_* read this time */
	uint64_t rss;		/* bytes */
	uint64_t fds;
	uint64_t read_bytes, write_bytes;
};

/* The files of a watched process, kept open between readings. */
struct pm_proc_files {
	struct pm_buf stat, status, io;
};

/* A procfs root, opened: where the per-process files are read from. */
struct pm_proc_root {
	char *path;
	int fd;			/* O_PATH|O_DIRECTORY, -1 when closed */
	int is_procfs;		/* the real thing: fd dirs tell their size */
};

/* Open path as the root, unless it already is.  0 or -1 with e. */
int pm_proc_root_open(struct pm_proc_root *r, const char *path,
    struct pm_err *e);
void pm_proc_root_close(struct pm_proc_root *r);

/* Read ROOT/PID/name into buf (NUL-terminated, cut to size) through f's
 * buffer when f is not NULL, else with a short-lived descriptor.  Returns
 * the text or NULL with errno set (ENOENT/ESRCH: the process is gone). */
const char *pm_proc_read(const struct pm_proc_root *r, int pid,
    const char *name, struct pm_buf *kept, char *buf, size_t size);

/* Read PID's stat.  0, or -1 when the process is gone or the file bad
 * (*bad set then, with the reason in e). */
int pm_proc_read_stat(const struct pm_proc_root *r, int pid,
    struct pm_proc_files *f, struct pm_proc_stat *st, int *bad,
    struct pm_err *e);

/* Read what want (PM_PROC_*) asks of PID into x; what cannot be read is
 * left out of x->have. */
void pm_proc_read_extra(const struct pm_proc_root *r, int pid,
    struct pm_proc_files *f, unsigned want, struct pm_proc_extra *x);

/* Basename of argv[0] from PID's cmdline into buf ("" when none). */
void pm_proc_read_argv0(const struct pm_proc_root *r, int pid, char *buf,
    size_t size);

void pm_proc_files_release(struct pm_proc_files *f);

/* One process between readings. */
struct pm_proc_entry {
	struct pm_proc_stat st;
	int has_prev;		/* prev_* hold the previous reading */
	uint64_t prev_ticks;
	struct pm_proc_extra x, prev_x;
	struct pm_proc_files *files;	/* kept open while watched, or NULL */
	char argv0[64];		/* basename of argv[0], read when needed */
	signed char argv0_read;
	unsigned char chosen;	/* watched at this reading */
	unsigned char carried;	/* (scratch) went on into the next reading */
	unsigned char in_tree;	/* (scratch) 1 in the command's tree, 2 not */
	int from;		/* (scratch) its entry at the previous one */
	uint64_t rank;		/* (scratch) what --top sorts on */
};

struct pm_proc_table {
	struct pm_proc_root root;
	void *dir;		/* DIR * of the root, rewound for each scan */
	struct pm_proc_entry *cur, *spare;
	size_t n, cap, spare_cap;
	uint32_t *index;	/* pid hash over cur: entry index + 1, 0 empty */
	size_t index_size;
	size_t nfiles;		/* entries holding kept files */
	int scanned;		/* the last reading was a full scan */
	int readings;
};

/* Take a reading: every process under root (pids NULL), or only the
 * processes in pids (those gone are left out).  A process seen for the
 * first time after a full scan was born since: its previous counters are
 * zero.  0, or -1 with e (root unreadable, a bad stat file). */
int pm_proc_table_read(struct pm_proc_table *t, const char *root,
    const int *pids, size_t npids, struct pm_err *e);

/* The entry of pid at the last reading, or NULL. */
struct pm_proc_entry *pm_proc_table_find(const struct pm_proc_table *t,
    int pid);

/* Read the extras of a chosen entry, keeping its files open while fewer
 * than PM_PROC_KEEP processes do.  A zombie has let go of its memory and
 * files: only its I/O counters are read. */
#define PM_PROC_KEEP 128
void pm_proc_table_extra(struct pm_proc_table *t, struct pm_proc_entry *en);

/* Read the I/O counters of every entry, so that a process chosen at the
 * next reading has a rate at once (--top's priming reading). */
void pm_proc_table_io(struct pm_proc_table *t);

/* Whether en's comm, or the basename of its argv[0], is name. */
int pm_proc_table_match(struct pm_proc_table *t, struct pm_proc_entry *en,
    const char *name);

void pm_proc_table_release(struct pm_proc_table *t);

/* Whether ROOT/PID exists: for -p, checked at start. */
int pm_proc_exists(const char *root, int pid);

/* The proc collector's setup. */
struct pm_proc_config {
	const int *pids;	/* -p */
	size_t npids;
	char *const *names;	/* --proc */
	size_t nnames;
	unsigned top;		/* --top N, 0 for none */
	int tree_pid;		/* a command: its tree, summed; 0 for none */
	const char *tree_comm;	/* the comm label of the tree's points */
	const char *procfs;	/* fixed root (the tree's), or NULL: the
				 * sampler's procfs */
};

/* Add a proc collector configured by c to s.  Returns its state (owned
 * by s), for pm_proc_watching, or NULL with e. */
void *pm_proc_collector_add(struct pm_sampler *s,
    const struct pm_proc_config *c, struct pm_err *e);

/* Whether a proc collector still has something to watch: false once
 * every -p process is gone, when it has nothing else (--proc, --top, a
 * tree) to look at. */
int pm_proc_watching(const void *state);

#endif
