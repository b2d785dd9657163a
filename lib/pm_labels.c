#include "pm_labels.h"

#include <stdlib.h>
#include <string.h>

struct sink {
	char *buf;
	size_t size, len;
};

static void
put(struct sink *s, const char *p, size_t n)
{
	if (s->len < s->size) {
		size_t room = s->size - s->len;

		memcpy(s->buf + s->len, p, n < room ? n : room);
	}
	s->len += n;
}

/* A JSON string as cJSON 1.7 prints it: the short escapes, \u00xx for
 * other control characters, every other byte (UTF-8 included) as is. */
static void
put_string(struct sink *s, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = str, *c;
	char esc[6];

	put(s, "\"", 1);
	for (c = str; *c != '\0'; c++) {
		unsigned char ch = (unsigned char)*c;
		size_t elen = 2;

		if (ch >= 32 && ch != '"' && ch != '\\')
			continue;
		put(s, run, (size_t)(c - run));
		run = c + 1;
		esc[0] = '\\';
		switch (ch) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			elen = 6;
		}
		put(s, esc, elen);
	}
	put(s, run, (size_t)(c - run));
	put(s, "\"", 1);
}

size_t
pm_labels_canonical(const struct pm_label *labels, size_t n, char *buf,
    size_t size)
{
	struct sink s = { buf, size, 0 };
	size_t order[PM_LABELS_MAX], i, j, k, m = 0;

	if (n > PM_LABELS_MAX)
		n = PM_LABELS_MAX;
	/* Insertion sort, stable, dropping repeated keys: n is at most 32
	 * and usually under 4. */
	for (i = 0; i < n; i++) {
		int c = 1;

		for (j = m; j > 0; j--) {
			c = strcmp(labels[order[j - 1]].key, labels[i].key);
			if (c <= 0)
				break;
		}
		if (j > 0 && c == 0)
			continue;
		for (k = m; k > j; k--)
			order[k] = order[k - 1];
		order[j] = i;
		m++;
	}
	put(&s, "{", 1);
	for (i = 0; i < m; i++) {
		if (i > 0)
			put(&s, ",", 1);
		put_string(&s, labels[order[i]].key);
		put(&s, ":", 1);
		put_string(&s, labels[order[i]].value);
	}
	put(&s, "}", 1);
	if (size > 0)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len;
}

char *
pm_labels_canonical_alloc(const struct pm_label *labels, size_t n)
{
	char small[256], *p;
	size_t len = pm_labels_canonical(labels, n, small, sizeof(small));

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	if (len < sizeof(small))
		memcpy(p, small, len + 1);
	else
		pm_labels_canonical(labels, n, p, len + 1);
	return p;
}

size_t
pm_labels_of_point(const struct pm_point *p, char *buf, size_t size)
{
	return pm_labels_canonical(p->labels, p->nlabels, buf, size);
}
