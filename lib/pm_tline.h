/* pm_tline: one line of a terminal view, cut at the terminal's width.
 *
 * Text goes in as spans, each with a severity that colours it (yellow for
 * a warning, red for critical) when colour is on; widths count UTF-8
 * characters, and the escapes count for nothing.  Whatever would go past
 * cols columns is cut off.
 *
 * Ownership: the line is a fixed buffer in the struct.
 */
#ifndef PM_TLINE_H
#define PM_TLINE_H

#include <stdio.h>

#include "pm_limits.h"

struct pm_tline {
	int cols, colour;
	int width;		/* columns used */
	size_t len;
	char buf[2048];
};

void pm_tline_init(struct pm_tline *l, int cols, int colour);

/* Text, coloured by severity. */
void pm_tline_add(struct pm_tline *l, const char *text, enum pm_severity s);

/* Text padded with blanks to width columns, on the left when right is
 * set (numbers); text wider than that is cut, ending in '~'. */
void pm_tline_cell(struct pm_tline *l, const char *text, int width, int right,
    enum pm_severity s);

/* A bar [###....] of width columns in all, full at 100 percent. */
void pm_tline_bar(struct pm_tline *l, double percent, int width,
    enum pm_severity s);

/* A sparkline of n values from lo to hi, one of ▁▂▃▄▅▆▇█ each, a blank
 * for NAN. */
void pm_tline_spark(struct pm_tline *l, const double *v, int n, double lo,
    double hi);

/* Write the line (without trailing blanks) and a newline, and start a new
 * one; when clear is set, "erase to the end of the line" goes before the
 * newline (redrawing in place).  -1 on a write error. */
int pm_tline_flush(struct pm_tline *l, FILE *fp, int clear);

/* UTF-8 characters in s. */
int pm_tline_width(const char *s);

#endif
