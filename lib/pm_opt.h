/* pm_opt: one option table per command feeds getopt_long, --help, the usage
 * line (which mirrors the man page SYNOPSIS) and the shell completions, so
 * none of them can drift from the others.
 *
 * Every command also gets -h/--help, --version and --completion=SHELL
 * (bash, zsh or fish), which prints the completion script that the build
 * writes under completions/.
 */
#ifndef PM_OPT_H
#define PM_OPT_H

#include <getopt.h>
#include <stdio.h>

/* Keys for long-only options start here, above any short option char. */
#define PM_OPT_LONG 256

enum pm_opt_flags {
	PM_OPT_REPEAT = 1 << 0,	/* may be given more than once */
	PM_OPT_LIST = 1 << 1,	/* argument is a comma-separated list of words */
	PM_OPT_DIR = 1 << 2,	/* argument is a directory */
	PM_OPT_FILE = 1 << 3,	/* argument is a file */
	PM_OPT_METRICS = 1 << 4, /* a metric name: complete from the store */
	PM_OPT_HOSTS = 1 << 5,	/* a host name: complete from the store */
};

struct pm_opt {
	int key;		/* short option char, or PM_OPT_LONG + n */
	const char *name;	/* long name without the dashes */
	const char *arg;	/* argument name as in the man page; NULL: none */
	const char *help;	/* one line for --help */
	unsigned flags;
	const char *words;	/* completion candidates, space separated */
};

struct pm_cmd {
	const char *name;	/* "pm-sample" */
	const char *summary;	/* what it does, one line */
	const char *operands;	/* after the options in the usage: "[file ...]" */
	int operand_files;	/* complete operands as file names */
	const struct pm_opt *opts; /* ends with an entry whose name is NULL */
};

enum {
	PM_OPT_END = -1,	/* no more options: argv[optind] is the first operand */
	PM_OPT_STOP = -2,	/* help, version, completion or a usage error was
				 * printed: exit with *status */
};

#define PM_OPT_MAX 64

struct pm_opt_parser {
	const struct pm_cmd *cmd;
	int argc;
	char **argv;
	struct option longopts[PM_OPT_MAX];
	char shortopts[PM_OPT_MAX * 2 + 4];
};

/* Prepare to parse argv against cmd's table (plus the common options). */
void pm_opt_init(struct pm_opt_parser *ps, const struct pm_cmd *cmd,
    int argc, char **argv);

/* The next option's key, with its argument in optarg; PM_OPT_END or
 * PM_OPT_STOP as above.  Prints only what was asked for (--help, ...) or
 * a usage error on stderr. */
int pm_opt_next(struct pm_opt_parser *ps, int *status);

/* "pm-x: message" and a hint on stderr; returns 2, the usage exit status. */
int pm_usage_error(const struct pm_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The usage lines ("usage: pm-x [-a arg] ...") as in the SYNOPSIS. */
void pm_opt_usage(FILE *fp, const struct pm_cmd *cmd);

/* --help: usage, summary and one line per option. */
void pm_opt_help(FILE *fp, const struct pm_cmd *cmd);

/* The command's options followed by the common ones, NULL-terminated. */
const struct pm_opt *const *pm_opt_all(const struct pm_cmd *cmd);

/* Completion script for shell ("bash", "zsh", "fish"); -1 if unknown. */
int pm_opt_completion(FILE *fp, const struct pm_cmd *cmd, const char *shell);

#endif
