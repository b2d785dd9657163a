/* pm_reader: read points from NDJSON files or standard input.
 *
 * Reads large blocks and parses each line in place with cJSON, reusing its
 * buffer, so a file streams at well over a million points a second.  Bad
 * lines are reported one at a time and never stop the good ones.
 *
 * With threads > 1 the lines of a regular file are parsed on several
 * cores: the reader copies whole lines into batches, worker threads (and
 * the caller, rather than wait) parse each batch with everything the serial
 * path does to a line, and pm_reader_next hands the results back one per
 * call, in input order, exactly as the serial path would (the same points,
 * bad lines, messages, name and lineno).  Only regular files: reading one
 * never blocks, so reading ahead of what has been handed out holds nothing
 * back from a pipeline.  A pipe or terminal is read by the serial path,
 * which hands on each line the moment it comes (a trickle would gain
 * nothing from batches and lose its timing).  before_read is still called
 * before every read, on the caller's thread, though with a regular file
 * the reads run ahead of the points handed out.  Memory: about 1.4 MiB of
 * batches a thread, and at most 2 MiB of text read ahead (plus one line).
 * Threads are joined by pm_reader_release; they block every signal.
 *
 * Ownership: the reader owns its buffer and the cJSON tree of the current
 * line.  The point that pm_reader_next fills borrows from that tree and is
 * valid until the next call or pm_reader_release.  The tree is read-only
 * (with threads it lives in a shared arena, see pm_jsonmem.h: never pass it
 * to cJSON_Delete).
 */
#ifndef PM_READER_H
#define PM_READER_H

#include <stddef.h>

#include <cJSON.h>

#include "pm_err.h"
#include "pm_jsonmem.h"
#include "pm_point.h"

struct pm_reader_mt;

#define PM_LINE_MAX_DEFAULT (1024 * 1024)

enum pm_read_result {
	PM_READ_ERROR = -2,	/* a file could not be opened or read */
	PM_READ_BAD = -1,	/* this line was skipped; e says why */
	PM_READ_EOF = 0,	/* every input is done */
	PM_READ_POINT = 1,	/* p holds the next point */
};

struct pm_reader {
	/* Settings: set after pm_reader_init, before the first read. */
	size_t max_line;		/* longest line accepted, in bytes */
	/* Called before the reader blocks on input, e.g. to flush output
	 * so a pipeline downstream sees every record at once. */
	void (*before_read)(void *arg);
	void *before_read_arg;
	/* Called with each line that is not blank, before it is parsed: a
	 * line for which it returns 0 is skipped without a word.  For
	 * prefilters, which must let through every line they are not sure
	 * of, bad lines included. */
	int (*want_line)(void *arg, const char *line, size_t len);
	void *want_line_arg;
	/* Threads that parse lines of regular files: 0 or 1 reads serially.
	 * With more, want_line is called on worker threads, so it must only
	 * read what it is given. */
	int threads;

	/* Where the reader is; name and lineno describe the current line. */
	const char *name;
	unsigned long lineno;

	/* Private. */
	char *const *paths;
	size_t npaths, next_path;
	int fd;
	char *buf;
	size_t cap, start, end;
	int eof, skipping;
	cJSON *json;		/* the current line, in mem */
	struct pm_jsonmem mem;
	struct pm_reader_mt *mt;	/* the threaded reader, once started */
	int mt_serial;		/* the open file is read serially */
};

/* Read the files in paths, in order ("-" is standard input); with npaths
 * 0, standard input.  paths must outlive the reader. */
void pm_reader_init(struct pm_reader *r, char *const *paths, size_t npaths);

/* Next point, see enum pm_read_result.  After PM_READ_BAD or
 * PM_READ_ERROR, e holds "FILE:LINE: reason" (or "FILE: reason") and
 * reading may go on. */
int pm_reader_next(struct pm_reader *r, struct pm_point *p, struct pm_err *e);

/* The JSON object of the current line (borrowed), for tools that forward
 * whole records. */
const cJSON *pm_reader_json(const struct pm_reader *r);

/* The descriptor the next read(2) uses, -1 between files: for a
 * before_read hook that waits in poll(2). */
int pm_reader_fd(const struct pm_reader *r);

/* How many threads to parse with: setting (PM_THREADS, if a count: at
 * most 8, as each holds 1.4 MiB of batches), else the online CPUs, at most
 * 4, past which the one thread that writes is the bottleneck. */
int pm_reader_threads(const char *setting);

void pm_reader_release(struct pm_reader *r);

#endif
