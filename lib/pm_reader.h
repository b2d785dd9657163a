/* pm_reader: read points from NDJSON files or standard input.
 *
 * Reads large blocks and parses each line in place with cJSON, reusing its
 * buffer, so a file streams at well over a million points a second.  Bad
 * lines are reported one at a time and never stop the good ones.
 *
 * Ownership: the reader owns its buffer and the cJSON tree of the current
 * line.  The point that pm_reader_next fills borrows from that tree and is
 * valid until the next call or pm_reader_release.
 */
#ifndef PM_READER_H
#define PM_READER_H

#include <stddef.h>

#include <cJSON.h>

#include "pm_err.h"
#include "pm_jsonmem.h"
#include "pm_point.h"

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

void pm_reader_release(struct pm_reader *r);

#endif
