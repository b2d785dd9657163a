/* pm_words: split a command line into words (see pm_words.h). */
#include "pm_words.h"

#include <stdlib.h>
#include <string.h>

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

char **
pm_words_split(const char *s, size_t *n, struct pm_err *e)
{
	size_t len = strlen(s), max = len / 2 + 2, nw = 0;
	char **argv, *out;
	const char *p = s;
	char q;

	/* Room for every pointer, then every character and a NUL per word. */
	if ((argv = malloc(max * sizeof(*argv) + 2 * len + 2)) == NULL) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	out = (char *)(argv + max);
	for (;;) {
		while (blank(*p))
			p++;
		if (*p == '\0')
			break;
		argv[nw++] = out;
		while (*p != '\0' && !blank(*p)) {
			if (*p == '\\' && p[1] != '\0') {
				*out++ = p[1];
				p += 2;
			} else if (*p == '\'' || *p == '"') {
				q = *p++;
				while (*p != q && *p != '\0') {
					if (q == '"' && *p == '\\' &&
					    strchr("\"\\$`", p[1]) != NULL &&
					    p[1] != '\0')
						p++;
					*out++ = *p++;
				}
				if (*p == '\0') {
					free(argv);
					pm_err_set(e, "'%s': no closing %c", s, q);
					return NULL;
				}
				p++;
			} else
				*out++ = *p++;
		}
		*out++ = '\0';
	}
	argv[nw] = NULL;
	if (nw == 0) {
		free(argv);
		pm_err_set(e, "'%s': no command", s);
		return NULL;
	}
	*n = nw;
	return argv;
}

char **
pm_words_pack(const char *const *w, size_t n, struct pm_err *e)
{
	size_t i, len = 0;
	char **v, *p;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	if ((v = malloc((n + 1) * sizeof(*v) + len)) == NULL) {
		pm_err_set(e, "out of memory");
		return NULL;
	}
	p = (char *)(v + n + 1);
	for (i = 0; i < n; i++) {
		v[i] = p;
		p = stpcpy(p, w[i]) + 1;
	}
	v[n] = NULL;
	return v;
}
