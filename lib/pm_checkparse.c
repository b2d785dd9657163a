/* The lines of a pm-status targets file: [NAME] TARGET [EXPECTATION...]
 * (see pm_check.h and pm-status(1)). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_check.h"
#include "pm_time.h"

static int
is_target(const char *s)
{
	return strncmp(s, "http://", 7) == 0 ||
	    strncmp(s, "https://", 8) == 0 || strncmp(s, "tcp:", 4) == 0;
}

/* An upper bound of the nodes glibc's regcomp makes of an ERE: it copies
 * the operand of + once and of {m,n} max(m, n) times, so nested or
 * stacked repetitions grow as a product (a 300-byte line of a targets
 * file took 2 GB, found by tests/fuzz/fuzz_targets.c; a{1,13245} too,
 * its optional copies nested; repeated empty groups took 20 s).  Brackets and escapes are one node; a
 * health check's pattern needs far fewer than the limit. */
#define RE_NODES_MAX 1000
#define RE_DEPTH_MAX 32

static double
re_size(const char *re)
{
	double sum[RE_DEPTH_MAX + 1] = { 0 }, last = 0, n;
	const char *p = re, *q;
	char *end;
	int depth = 0, can_repeat = 0, full[RE_DEPTH_MAX + 1] = { 0 };
	int empty = 1;		/* the branch so far has nothing in it */
	int bar = 0;		/* and it follows a '|' */

	while (*p != '\0') {
		switch (*p) {
		case '(':
			if (depth == RE_DEPTH_MAX)
				return RE_NODES_MAX + 1;
			sum[++depth] = 0;
			full[depth] = 0;
			last = 0;
			can_repeat = 0;
			empty = 1;
			bar = 0;
			p++;
			continue;
		case ')':
			/* An empty alternative ("(a|)", undefined in POSIX):
			 * nested and repeated, regcomp took minutes. */
			if (empty && bar)
				return RE_NODES_MAX + 1;
			empty = 0;
			if (depth == 0) {	/* a lone ')': a character */
				last = 1;
				sum[0] += 1;
				p++;
				continue;
			}
			/* A group of nothing (or of empty groups) repeated:
			 * regcomp's closures blow up. */
			can_repeat = full[depth];
			last = sum[depth--] + 1;
			sum[depth] += last;
			full[depth] |= can_repeat;
			if (sum[depth] > RE_NODES_MAX)
				return RE_NODES_MAX + 1;
			p++;
			continue;
		case '|':
			if (empty)	/* "a||b", "(|a)": as above */
				return RE_NODES_MAX + 1;
			bar = 1;
			/* FALLTHROUGH */
		case '^': case '$':
			empty = *p == '|';
			can_repeat = 0;
			sum[depth] += 1;
			p++;
			continue;
		case '+': case '*': case '?':
			n = *p == '+' ? last : 1;
			break;
		case '{':
			/* Only {m}, {m,} and {m,n}: glibc reads more than
			 * POSIX does ("a{1\\,32767}" is a{1,32767} to it, 8 GB,
			 * fuzz_targets), so anything else is refused. */
			if (!isdigit((unsigned char)p[1]))
				return RE_NODES_MAX + 1;
			n = (double)strtoul(p + 1, &end, 10);
			if (*end == ',' && isdigit((unsigned char)end[1]))
				n = fmax(n, (double)strtoul(end + 1, &end, 10));
			else if (*end == ',')
				end++;
			if (*end != '}')
				return RE_NODES_MAX + 1;
			n = last * fmax(n, 1);
			p = end;
			break;
		case '[':
			/* To the closing ']' (one first, or after '^', is in). */
			p += p[1] == '^' ? 2 : 1;
			p += *p == ']';
			while (*p != '\0' && *p != ']') {
				/* [:class:], [.coll.], [=equiv=] end in ']' */
				if (p[0] == '[' && p[1] != '\0' &&
				    strchr(":.=", p[1]) != NULL &&
				    (q = strchr(p + 2, ']')) != NULL)
					p = q + 1;
				else
					p++;
			}
			if (*p == '\0')
				return RE_NODES_MAX + 1;
			/* FALLTHROUGH */
		default:
			if (*p == '\\' && p[1] != '\0')
				p++;
			last = 1;
			can_repeat = full[depth] = 1;
			empty = 0;
			sum[depth] += 1;
			p++;
			continue;
		}
		/* A repetition of the last atom: its copies are added.  One of
		 * nothing, of an anchor or of a repetition ("a++", undefined
		 * in POSIX) is refused: "(()+)+..." took regcomp 20 s. */
		if (!can_repeat)
			return RE_NODES_MAX + 1;
		can_repeat = 0;
		sum[depth] += n;
		last += n;
		if (sum[depth] > RE_NODES_MAX)
			return RE_NODES_MAX + 1;
		p++;
	}
	if (empty && bar)	/* "a|": an empty last alternative */
		return RE_NODES_MAX + 1;
	return sum[0];
}

/* One expectation word, a NUL-terminated part of c->line. */
static int
expect(struct pm_check *c, char *w, struct pm_err *e)
{
	int64_t ns;
	char *end;
	long n;

	if (strncmp(w, "status=", 7) == 0) {
		errno = 0;
		n = strtol(w + 7, &end, 10);
		if (end == w + 7 || *end != '\0' || n < 100 || n > 999)
			return pm_err_set(e, "'%s': not an HTTP status", w);
		c->want_code = n;
	} else if (strncmp(w, "body=", 5) == 0 && w[5] != '\0') {
		c->want_body = w + 5;
	} else if (strncmp(w, "body~=", 6) == 0 && w[6] != '\0') {
		if (c->has_re)
			regfree(&c->want_re);
		c->has_re = 0;
		if (re_size(w + 6) > RE_NODES_MAX)
			return pm_err_set(e, "'%s': regular expression too "
			    "complex", w);
		if (regcomp(&c->want_re, w + 6, REG_EXTENDED |
		    REG_NOSUB) != 0)
			return pm_err_set(e, "'%s': not a regular expression",
			    w);
		c->has_re = 1;
	} else if (strncmp(w, "latency<", 8) == 0) {
		if (pm_duration_parse(w + 8, &ns, e) != 0)
			return pm_err_set(e, "'%s': not a duration", w);
		pm_threshold_cmp(&c->slow, PM_CMP_GT, (double)ns / 1e9);
		snprintf(c->slow.text, sizeof(c->slow.text), "%s", w);
	} else if (strncmp(w, "cacert=", 7) == 0 && w[7] != '\0') {
		c->cacert = w + 7;
	} else if (strncmp(w, "cert_days>", 10) == 0) {
		n = strtol(w + 10, &end, 10);
		if (end == w + 10 || *end != '\0' || n < 0)
			return pm_err_set(e, "'%s': not a count of days", w);
		pm_threshold_cmp(&c->expiring, PM_CMP_LE, (double)n);
		snprintf(c->expiring.text, sizeof(c->expiring.text), "%s", w);
	} else {
		return pm_err_set(e, "'%s': not status=, body=, body~=, "
		    "latency<, cert_days> or cacert=", w);
	}
	return 0;
}

int
pm_check_parse(struct pm_check *c, const char *line, struct pm_err *e)
{
	char *copy, *w, *save = NULL, *name = NULL;
	const char *s = line;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0' || *s == '#')
		return 1;
	if ((copy = strdup(s)) == NULL)
		return pm_err_set(e, "out of memory");
	if ((w = strchr(copy, '#')) != NULL && (w == copy ||
	    isspace((unsigned char)w[-1])))
		*w = '\0';	/* a comment after the words */
	w = strtok_r(copy, " \t\r\n", &save);
	if (!is_target(w)) {
		name = w;
		if ((w = strtok_r(NULL, " \t\r\n", &save)) == NULL) {
			pm_err_set(e, "'%s': no URL or tcp:HOST:PORT", name);
			free(copy);
			return -1;
		}
	}
	if (pm_check_init(c, w, e) != 0) {
		free(copy);
		return -1;
	}
	c->line = copy;
	if (name != NULL)
		c->name = name;
	while ((w = strtok_r(NULL, " \t\r\n", &save)) != NULL)
		if (expect(c, w, e) != 0) {
			pm_check_release(c);
			return -1;
		}
	if (c->tcp && (c->want_code != 0 || c->want_body != NULL ||
	    c->has_re || c->cacert != NULL)) {
		pm_err_set(e, "'%s': a TCP check has no status, body or "
		    "certificate", c->target);
		pm_check_release(c);
		return -1;
	}
	return 0;
}

void
pm_check_release(struct pm_check *c)
{
	if (c->has_re)
		regfree(&c->want_re);
	c->has_re = 0;
	free(c->line);
	c->line = NULL;
	free(c->body);
	c->body = NULL;
}

int
pm_check_load(struct pm_check *c, size_t max, size_t *n, const char *path,
    struct pm_err *e)
{
	FILE *fp;
	char *line = NULL;
	size_t size = 0, lineno = 0;
	int rc = 0, got;

	if ((fp = fopen(path, "r")) == NULL)
		return pm_err_errno(e, "%s", path);
	while (rc == 0 && getline(&line, &size, fp) != -1) {
		lineno++;
		if (*n == max)
			rc = pm_err_set(e, "%s:%zu: more than %zu targets",
			    path, lineno, max);
		else if ((got = pm_check_parse(&c[*n], line, e)) < 0)
			rc = pm_err_prefix(e, "%s:%zu", path, lineno);
		else if (got == 0)
			(*n)++;
	}
	if (rc == 0 && ferror(fp))
		rc = pm_err_errno(e, "%s", path);
	free(line);
	fclose(fp);
	return rc;
}
