#include "pm_opt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef PM_VERSION
#define PM_VERSION "0.0.0"
#endif

enum {
	COMMON_HELP = 'h',
	COMMON_VERSION = PM_OPT_LONG + 200,
	COMMON_COMPLETION,
};

static const struct pm_opt common_opts[] = {
	{ COMMON_HELP, "help", NULL, "show this help and exit", 0, NULL },
	{ COMMON_VERSION, "version", NULL, "show the version and exit", 0, NULL },
	{ COMMON_COMPLETION, "completion", "shell",
	  "print the completion script for bash, zsh or fish", 0, "bash zsh fish" },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

const struct pm_opt *const *
pm_opt_all(const struct pm_cmd *cmd)
{
	/* Commands are single-threaded and have one table each. */
	static const struct pm_opt *all[PM_OPT_MAX + 1];
	const struct pm_opt *o;
	size_t n = 0;

	for (o = cmd->opts; o->name != NULL && n < PM_OPT_MAX - 3; o++)
		all[n++] = o;
	for (o = common_opts; o->name != NULL; o++)
		all[n++] = o;
	all[n] = NULL;
	return all;
}

static int
is_short(int key)
{
	return key > 0 && key < PM_OPT_LONG;
}

static void
add_opts(struct pm_opt_parser *ps, const struct pm_opt *o, size_t *nl,
    size_t *ns)
{
	for (; o->name != NULL && *nl < PM_OPT_MAX - 1; o++) {
		struct option *lo = &ps->longopts[(*nl)++];

		lo->name = o->name;
		lo->has_arg = o->arg ? required_argument : no_argument;
		lo->flag = NULL;
		lo->val = o->key;
		if (is_short(o->key)) {
			ps->shortopts[(*ns)++] = (char)o->key;
			if (o->arg)
				ps->shortopts[(*ns)++] = ':';
		}
	}
}

void
pm_opt_init(struct pm_opt_parser *ps, const struct pm_cmd *cmd, int argc,
    char **argv)
{
	size_t nl = 0, ns = 0;

	memset(ps, 0, sizeof(*ps));
	ps->cmd = cmd;
	ps->argc = argc;
	ps->argv = argv;
	/* '+': stop at the first operand, so "pm-bench -- cmd -x" works and
	 * operands that start with '-' need no quoting after "--". ':' first
	 * lets us word the errors ourselves. */
	ps->shortopts[ns++] = '+';
	ps->shortopts[ns++] = ':';
	add_opts(ps, cmd->opts, &nl, &ns);
	add_opts(ps, common_opts, &nl, &ns);
	ps->shortopts[ns] = '\0';
	/* 0, not 1: glibc then also forgets a previous scan, such as the
	 * rest of a "-xyz" it stopped in. */
	optind = 0;
	opterr = 0;
}

static const struct pm_opt *
find_key(const struct pm_cmd *cmd, int key)
{
	const struct pm_opt *o;

	for (o = cmd->opts; o->name != NULL; o++)
		if (o->key == key)
			return o;
	for (o = common_opts; o->name != NULL; o++)
		if (o->key == key)
			return o;
	return NULL;
}

int
pm_usage_error(const struct pm_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", cmd->name);
	return 2;
}

int
pm_opt_next(struct pm_opt_parser *ps, int *status)
{
	const struct pm_cmd *cmd = ps->cmd;
	const struct pm_opt *o;
	const char *word = NULL;
	int prev = optind > 0 ? optind : 1, key, dashdash = 0;

	key = getopt_long(ps->argc, ps->argv, ps->shortopts, ps->longopts, NULL);
	if (key == '?' || key == ':') {
		/* The word the error is about, to name the option as it was
		 * typed: optopt is the key even when the long name was used. */
		word = ps->argv[prev < ps->argc ? prev : ps->argc - 1];
		dashdash = strncmp(word, "--", 2) == 0;
	}
	switch (key) {
	case -1:
		return PM_OPT_END;
	case '?':
		o = optopt != 0 ? find_key(cmd, optopt) : NULL;
		if (dashdash && o != NULL)
			*status = pm_usage_error(cmd, "option '--%s' takes no "
			    "argument", o->name);
		else if (!dashdash && optopt != 0 && is_short(optopt))
			*status = pm_usage_error(cmd, "unknown option '-%c'", optopt);
		else
			*status = pm_usage_error(cmd, "unknown option '%s'", word);
		return PM_OPT_STOP;
	case ':':
		o = find_key(cmd, optopt);
		if (o != NULL && is_short(optopt) && !dashdash)
			*status = pm_usage_error(cmd, "option '-%c' needs an "
			    "argument (%s)", optopt, o->arg);
		else if (o != NULL)
			*status = pm_usage_error(cmd, "option '--%s' needs an "
			    "argument (%s)", o->name, o->arg);
		else
			*status = pm_usage_error(cmd, "option '%s' needs an argument",
			    word);
		return PM_OPT_STOP;
	case COMMON_HELP:
		pm_opt_help(stdout, cmd);
		*status = 0;
		return PM_OPT_STOP;
	case COMMON_VERSION:
		printf("%s %s\n", cmd->name, PM_VERSION);
		*status = 0;
		return PM_OPT_STOP;
	case COMMON_COMPLETION:
		if (pm_opt_completion(stdout, cmd, optarg) != 0)
			*status = pm_usage_error(cmd, "unknown shell '%s' (bash, "
			    "zsh or fish)", optarg);
		else
			*status = 0;
		return PM_OPT_STOP;
	default:
		return key;
	}
}

void
pm_opt_usage(FILE *fp, const struct pm_cmd *cmd)
{
	const struct pm_opt *o;
	size_t col, indent, len;
	char item[160];

	fprintf(fp, "usage: %s", cmd->name);
	indent = col = strlen("usage: ") + strlen(cmd->name);
	for (o = cmd->opts; ; o++) {
		if (o->name == NULL) {
			if (cmd->operands == NULL)
				break;
			snprintf(item, sizeof(item), "%s", cmd->operands);
		} else if (is_short(o->key)) {
			snprintf(item, sizeof(item), "[-%c%s%s]", o->key,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		} else {
			snprintf(item, sizeof(item), "[--%s%s%s]", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		}
		len = strlen(item);
		if (col + 1 + len > 78) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		}
		fprintf(fp, " %s", item);
		col += 1 + len;
		if (o->name == NULL)
			break;
	}
	fputc('\n', fp);
}

static void
help_line(FILE *fp, const struct pm_opt *o)
{
	char left[96];
	int n;

	if (is_short(o->key))
		n = snprintf(left, sizeof(left), "-%c, --%s", o->key, o->name);
	else
		n = snprintf(left, sizeof(left), "    --%s", o->name);
	if (o->arg && n > 0 && (size_t)n < sizeof(left))
		snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->arg);
	if (strlen(left) > 26)
		fprintf(fp, "  %s\n%30s%s\n", left, "", o->help);
	else
		fprintf(fp, "  %-26s  %s\n", left, o->help);
}

void
pm_opt_help(FILE *fp, const struct pm_cmd *cmd)
{
	const struct pm_opt *o;

	pm_opt_usage(fp, cmd);
	fprintf(fp, "\n%s\n\nOptions:\n", cmd->summary);
	for (o = cmd->opts; o->name != NULL; o++)
		help_line(fp, o);
	for (o = common_opts; o->name != NULL; o++)
		help_line(fp, o);
	fprintf(fp, "\nSee %s(1) for details.\n", cmd->name);
}
