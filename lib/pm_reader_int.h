/* Private to pm_reader.c, pm_reader_line.c and pm_reader_mt.c: what the
 * serial reader and the threaded one share. */
#ifndef PM_READER_INT_H
#define PM_READER_INT_H

#include "pm_reader.h"

/* pm_reader_line's answer for a line that gives nothing (blank, or
 * refused by want_line). */
#define PM_READ_SKIP 2

/* pm_reader_mt_next's answer when the current file is to be read by the
 * serial path (it is not a regular file): everything before it has been
 * handed out. */
#define PM_READ_SERIAL 3

/* Open the next input; PM_READ_POINT when one is open, PM_READ_EOF when
 * there is none left, PM_READ_ERROR (e set) when it could not be opened. */
int pm_reader_open_next(struct pm_reader *r, struct pm_err *e);

/* Close the current input, if any. */
void pm_reader_close(struct pm_reader *r);

/* The next complete line of the current input; 1 with [*line, *len), 0 at
 * end of file, -1 on a read error (errno set), -2 when a line went over
 * max_line (skipped).  r->lineno is the line's number. */
int pm_reader_next_line(struct pm_reader *r, char **line, size_t *len);

int pm_reader_blank(const char *s, size_t len);

/* Everything done to one line: the blank and want_line skips (PM_READ_SKIP),
 * the parse into mem (beside its other trees when more is set), the
 * UTF-8 and NUL checks, the point.  PM_READ_POINT with *json and p, or
 * PM_READ_BAD with "NAME:LINENO: reason" in e (*json as the serial reader
 * leaves it).  Safe on any thread that owns mem. */
int pm_reader_line(const struct pm_reader *r, struct pm_jsonmem *mem,
    int more, const char *name, unsigned long lineno, const char *line,
    size_t len, cJSON **json, struct pm_point *p, struct pm_err *e);

/* The threaded reader: see pm_reader.h.  pm_reader_mt_start returns -1
 * when it cannot start (no memory), and the reader stays serial. */
int pm_reader_mt_start(struct pm_reader *r);
int pm_reader_mt_next(struct pm_reader *r, struct pm_point *p,
    struct pm_err *e);
void pm_reader_mt_release(struct pm_reader *r);

#endif
