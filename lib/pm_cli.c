#include "pm_cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm_time.h"

extern char *program_invocation_short_name;

/* A write error on stdout is said once, by whichever of pm_cli_close_out
 * and pm_cli_finish sees it first. */
static int stdout_reported;

int
pm_cli_label(char *s, struct pm_label *l, struct pm_err *e)
{
	char *eq = strchr(s, '=');

	if (eq == NULL || eq == s)
		return pm_err_set(e, "'%s' is not key=value", s);
	*eq = '\0';
	if (!pm_metric_name_valid(s) || strchr(s, '.') != NULL ||
	    strchr(s, ':') != NULL) {
		*eq = '=';
		return pm_err_set(e, "bad label name in '%s' (letters, digits "
		    "and _)", s);
	}
	l->key = s;
	l->value = eq + 1;
	return 0;
}

int
pm_cli_count(const char *s, long long *n, struct pm_err *e)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0)
		return pm_err_set(e, "'%s' is not a count", s);
	*n = v;
	return 0;
}

int
pm_cli_duration(const char *s, int64_t *ns, struct pm_err *e)
{
	if (pm_duration_parse(s, ns, e) != 0 || *ns <= 0)
		return pm_err_set(e, "'%s' is not a duration above 0 (500ms, "
		    "30s, 5m)", s);
	return 0;
}

int
pm_cli_percent(const char *s, int zero, double *v, struct pm_err *e)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (end != s && (strcmp(end, "%") == 0 || *end == '\0') && errno == 0) {
		if (*end == '%' || *v >= 1)
			*v /= 100;
		if ((zero ? *v >= 0 : *v > 0) && *v < 1)
			return 0;
	}
	return pm_err_set(e, "'%s' is not a percentage below 100%%", s);
}

int
pm_cli_words(const char *s, const char *const *words, size_t n,
    unsigned *set, struct pm_err *e)
{
	const char *p = s, *c;
	char list[256];
	size_t i, len, at;

	for (*set = 0;; p = c + 1) {
		c = strchr(p, ',');
		len = c ? (size_t)(c - p) : strlen(p);
		for (i = 0; i < n; i++)
			if (strlen(words[i]) == len &&
			    strncmp(p, words[i], len) == 0)
				break;
		if (i == n) {	/* "'x' is not a, b or c" */
			for (at = 0, list[0] = '\0', i = 0; i < n &&
			    at < sizeof(list); i++)
				at += (size_t)snprintf(list + at, sizeof(list) -
				    at, "%s%s", i == 0 ? "" : i + 1 < n ?
				    ", " : " or ", words[i]);
			return pm_err_set(e, "'%.*s' is not %s", (int)len, p,
			    list);
		}
		*set |= 1u << i;
		if (c == NULL)
			return 0;
	}
}

const char *
pm_cli_hostname(char *buf, size_t size)
{
	if (gethostname(buf, size) != 0)
		snprintf(buf, size, "localhost");
	return buf;
}

static void
quiet_sigpipe(void)
{
	/* Behave as if SIGPIPE had been left at its default. */
	signal(SIGPIPE, SIG_DFL);
	raise(SIGPIPE);
}

int
pm_cli_close_out(struct pm_out *o)
{
	if (pm_out_finish(o) == 0)
		return 0;
	if (errno == EPIPE)
		quiet_sigpipe();
	fprintf(stderr, "%s: write error on %s: %s\n",
	    program_invocation_short_name, o->name, strerror(errno));
	if (o->fp == stdout)
		stdout_reported = 1;
	return 1;
}

int
pm_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int saved = errno ? errno : EIO;

		if (saved == EPIPE)
			quiet_sigpipe();
		if (!stdout_reported)
			fprintf(stderr, "%s: write error on <stdout>: %s\n",
			    program_invocation_short_name, strerror(saved));
		return status ? status : 1;
	}
	return status;
}
