/* The lines of a pm-status targets file: [NAME] TARGET [EXPECTATION...]
 * (see pm_check.h and pm-status(1)). */
#include <ctype.h>
#include <errno.h>
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
	} else if (strncmp(w, "cert_days>", 10) == 0) {
		n = strtol(w + 10, &end, 10);
		if (end == w + 10 || *end != '\0' || n < 0)
			return pm_err_set(e, "'%s': not a count of days", w);
		pm_threshold_cmp(&c->expiring, PM_CMP_LE, (double)n);
		snprintf(c->expiring.text, sizeof(c->expiring.text), "%s", w);
	} else {
		return pm_err_set(e, "'%s': not status=, body=, body~=, "
		    "latency< or cert_days>", w);
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
	    c->has_re)) {
		pm_err_set(e, "'%s': a TCP check has no status or body",
		    c->target);
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
