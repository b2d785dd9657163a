#include "pm_table.h"

#include <stdlib.h>
#include <string.h>

static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int
pm_table_init(struct pm_table *t, size_t ncols, const char *const *headers,
    struct pm_err *e)
{
	memset(t, 0, sizeof(*t));
	if (ncols == 0 || ncols > PM_TABLE_COLS_MAX)
		return pm_err_set(e, "a table has 1 to %d columns",
		    PM_TABLE_COLS_MAX);
	t->ncols = ncols;
	return pm_table_add(t, headers, e);
}

int
pm_table_add(struct pm_table *t, const char *const *cells, struct pm_err *e)
{
	size_t i;
	char **row;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(*c));

		if (c == NULL)
			return pm_err_set(e, "out of memory");
		t->cells = c;
		t->cap = cap;
	}
	row = t->cells + t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		if ((row[i] = strdup(cells[i] ? cells[i] : "")) == NULL) {
			while (i-- > 0)
				free(row[i]);
			return pm_err_set(e, "out of memory");
		}
	}
	t->nrows++;
	return 0;
}

int
pm_table_print(const struct pm_table *t, FILE *fp)
{
	size_t w[PM_TABLE_COLS_MAX], r, c, last = 0;
	int used[PM_TABLE_COLS_MAX];

	if (t->nrows < 2)
		return 0;	/* no rows: not even the header */

	for (c = 0; c < t->ncols; c++) {
		w[c] = 0;
		used[c] = 0;
		for (r = 0; r < t->nrows; r++) {
			const char *s = t->cells[r * t->ncols + c];

			if (width(s) > w[c])
				w[c] = width(s);
			used[c] |= r > 0 && *s != '\0';
		}
		if (used[c])
			last = c;
	}
	for (r = 0; r < t->nrows; r++) {
		int first = 1;

		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t pad;

			if (!used[c])
				continue;
			pad = w[c] - width(s);
			fprintf(fp, "%s%*s%s", first ? "" : "  ",
			    t->right[c] ? (int)pad : 0, "", s);
			if (!t->right[c] && c != last)
				fprintf(fp, "%*s", (int)pad, "");
			first = 0;
		}
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

void
pm_table_release(struct pm_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
