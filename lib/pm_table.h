/* pm_table: text in aligned columns, for people (-f table).
 *
 * Rows are kept until pm_table_print, which sizes each column to its
 * widest cell (counting UTF-8 characters, not bytes), separates columns by
 * two spaces, right-aligns the columns marked numeric, and leaves out a
 * column whose cells are all empty (the header does not count).  A table
 * without rows prints nothing.
 *
 * Ownership: the table copies every cell it is given.
 */
#ifndef PM_TABLE_H
#define PM_TABLE_H

#include <stdio.h>

#include "pm_err.h"

#define PM_TABLE_COLS_MAX 48

struct pm_table {
	size_t ncols;
	int right[PM_TABLE_COLS_MAX];	/* right-aligned (numbers) */
	char **cells;			/* row-major, header first */
	size_t nrows, cap;
};

/* A table with ncols columns (at most PM_TABLE_COLS_MAX) and these
 * headers. */
int pm_table_init(struct pm_table *t, size_t ncols,
    const char *const *headers, struct pm_err *e);

/* Add a row of ncols cells (NULL is an empty cell). */
int pm_table_add(struct pm_table *t, const char *const *cells,
    struct pm_err *e);

/* Print every row; -1 on a write error (errno set). */
int pm_table_print(const struct pm_table *t, FILE *fp);

void pm_table_release(struct pm_table *t);

#endif
