#include "pm_promname.h"

#include <fnmatch.h>
#include <string.h>

/* Units as Prometheus' base units; scale turns a value into the base. */
static const struct unit {
	const char *unit, *base;
	double scale;
} units[] = {
	{ "bytes", "bytes", 1 }, { "B", "bytes", 1 },
	{ "kB", "bytes", 1e3 }, { "MB", "bytes", 1e6 }, { "GB", "bytes", 1e9 },
	{ "KiB", "bytes", 1024.0 }, { "MiB", "bytes", 1048576.0 },
	{ "GiB", "bytes", 1073741824.0 },
	{ "bits", "bytes", 0.125 },
	{ "seconds", "seconds", 1 }, { "s", "seconds", 1 },
	{ "ms", "seconds", 1e-3 }, { "us", "seconds", 1e-6 },
	{ "\xc2\xb5s", "seconds", 1e-6 }, { "ns", "seconds", 1e-9 },
	{ "minutes", "seconds", 60 }, { "hours", "seconds", 3600 },
	{ "days", "seconds", 86400 },
	{ "percent", "percent", 1 }, { "%", "percent", 1 },
	{ "celsius", "celsius", 1 }, { "\xc2\xb0" "C", "celsius", 1 },
	{ "watts", "watts", 1 }, { "joules", "joules", 1 },
	{ "hertz", "hertz", 1 }, { "volts", "volts", 1 },
	{ "amperes", "amperes", 1 },
	{ "count", "", 1 }, { "none", "", 1 }, { "1", "", 1 }, { "", "", 1 },
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

struct sink {
	char *buf;
	size_t size, len;
};

static void
put(struct sink *s, int c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len++] = (char)c;
	s->buf[s->len] = '\0';
}

static void
puts_(struct sink *s, const char *str)
{
	while (*str != '\0')
		put(s, *str++);
}

/* name in snake_case: other characters as '_', "fooBar" as "foo_bar". */
static void
snake(struct sink *s, const char *name)
{
	const char *c;

	for (c = name; *c != '\0'; c++) {
		int ch = (unsigned char)*c;

		if (ch >= 'A' && ch <= 'Z' && c > name &&
		    ((c[-1] >= 'a' && c[-1] <= 'z') || (c[-1] >= '0' && c[-1] <= '9')))
			put(s, '_');
		put(s, alnum(ch) ? lower(ch) : '_');
	}
}

int
pm_prom_prefix_valid(const char *prefix)
{
	const char *c;

	if (*prefix >= '0' && *prefix <= '9')
		return 0;
	for (c = prefix; *c != '\0'; c++)
		if (!alnum((unsigned char)*c) && *c != '_')
			return 0;
	return 1;
}

/* Words of the name that name a type (bench.summary) are made plural:
 * promtool's lint rejects a type in a name, and these are not types. */
static void
no_type_words(struct sink *s, size_t from)
{
	static const struct {
		const char *word, *plural;
	} types[] = {
		{ "counter", "counters" }, { "gauge", "gauges" },
		{ "histogram", "histograms" }, { "summary", "summaries" },
	};
	char tail[PM_PROM_NAME_MAX];
	size_t at = from, end, i, n;

	while (at < s->len) {
		for (end = at; end < s->len && s->buf[end] != '_'; end++)
			;
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			n = strlen(types[i].word);
			if (end - at != n || memcmp(s->buf + at, types[i].word, n))
				continue;
			memcpy(tail, s->buf + end, s->len - end + 1);
			s->len = at;
			puts_(s, types[i].plural);
			end = s->len;
			puts_(s, tail);
			break;
		}
		at = end + 1;
	}
}

/* An unknown unit as a word: lower case, runs of other characters as one
 * '_', none at the ends. */
static void
unit_word(struct sink *s, const char *unit, size_t len)
{
	size_t i, start = s->len;
	int gap = 0;

	for (i = 0; i < len; i++) {
		int ch = (unsigned char)unit[i];

		if (!alnum(ch)) {
			gap = 1;
			continue;
		}
		if (gap && s->len > start)
			put(s, '_');
		gap = 0;
		put(s, lower(ch));
	}
}

/* Append suffix (words joined by '_') to the name in s, less the words
 * the name already ends with: net_rx_bytes + bytes_per_second gives
 * net_rx_bytes_per_second. */
static void
append_suffix(struct sink *s, const char *suffix)
{
	size_t slen = strlen(suffix), k;

	if (slen == 0)
		return;
	for (k = slen; k > 0; k--) {
		if (k < slen && suffix[k] != '_')
			continue;
		if (s->len >= k && (s->len == k || s->buf[s->len - k - 1] == '_') &&
		    memcmp(s->buf + s->len - k, suffix, k) == 0)
			break;
	}
	if (k == slen)
		return;
	if (k == 0)
		put(s, '_');
	puts_(s, suffix + k);
}

void
pm_prom_family(struct pm_promname *n, const char *prefix, const char *metric,
    const char *unit, int counter)
{
	struct sink s = { n->name, sizeof(n->name), 0 };
	char suffix[128];
	struct sink u = { suffix, sizeof(suffix), 0 };
	size_t len, i;
	int rate = 0;

	n->name[0] = suffix[0] = '\0';
	n->scale = 1;
	n->base = "";
	n->counter = counter;
	if (*prefix != '\0') {
		puts_(&s, prefix);
		put(&s, '_');
	}
	n->prefix_len = s.len;
	snake(&s, metric);
	no_type_words(&s, n->prefix_len);

	if (unit == NULL)
		unit = "";
	len = strlen(unit);
	if (len >= 2 && strcmp(unit + len - 2, "/s") == 0) {
		rate = 1;
		len -= 2;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strlen(units[i].unit) == len &&
		    memcmp(units[i].unit, unit, len) == 0) {
			puts_(&u, units[i].base);
			n->scale = units[i].scale;
			n->base = units[i].base;
			break;
		}
	}
	if (i == sizeof(units) / sizeof(units[0]))
		unit_word(&u, unit, len);
	if (rate)
		puts_(&u, u.len > 0 ? "_per_second" : "per_second");
	append_suffix(&s, suffix);
	if (counter)
		append_suffix(&s, "total");
}

int
pm_prom_is_counter(const char *metric, char *const *globs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fnmatch(globs[i], metric, 0) == 0)
			return 1;
	return 0;
}

size_t
pm_prom_label(const char *key, char *buf, size_t size)
{
	struct sink s = { buf, size, 0 };
	size_t n;

	buf[0] = '\0';
	snake(&s, key);
	/* Made valid after the fact: "ü" also gives "__". */
	if (s.len == 0 || (buf[0] >= '0' && buf[0] <= '9') ||
	    (buf[0] == '_' && buf[1] == '_')) {
		const char *pre = buf[0] == '_' ? "label" : "_";

		n = strlen(pre);
		if (s.len + n + 1 > size)
			s.len = size - n - 1;
		memmove(buf + n, buf, s.len);
		memcpy(buf, pre, n);
		s.len += n;
		buf[s.len] = '\0';
	}
	return s.len;
}

size_t
pm_utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void
pm_prom_labels(struct pm_prom_labels *pl, const char *host,
    const struct pm_label *labels, size_t n)
{
	size_t i, j, k;

	pl->n = 0;
	if (host != NULL && *host != '\0') {
		pl->v[0].name = "host";
		pl->v[0].value = host;
		pl->n = 1;
	}
	for (i = 0; i < n && i < PM_LABELS_MAX; i++) {
		char *name = pl->names[i];
		int c = 1;

		if (labels[i].value[0] == '\0')
			continue;
		pm_prom_label(labels[i].key, name, PM_PROM_LABEL_MAX);
		if (strcmp(name, "host") == 0 && host != NULL && *host != '\0')
			name = "exported_host";
		/* Insertion sort by name; a name already there is dropped. */
		for (j = pl->n; j > 0; j--)
			if ((c = strcmp(pl->v[j - 1].name, name)) <= 0)
				break;
		if (j > 0 && c == 0)
			continue;
		for (k = pl->n; k > j; k--)
			pl->v[k] = pl->v[k - 1];
		pl->v[j].name = name;
		pl->v[j].value = labels[i].value;
		pl->n++;
	}
}
