/* Unit tests for lib/pm_opt and lib/pm_completion: parsing, usage errors,
 * --help, the usage line and the completion scripts. */
#include "pm_test.h"

#include "pm_opt.h"

enum {
	OPT_COLOR = PM_OPT_LONG,
	OPT_PROCFS,
};

static const struct pm_opt opts[] = {
	{ 'n', "count", "n", "stop after n samples", 0, NULL },
	{ 'i', "interval", "duration", "time between samples", 0, NULL },
	{ 'c', "collector", "name", "collectors to run [list]",
	  PM_OPT_LIST | PM_OPT_REPEAT, "cpu load mem" },
	{ 'a', "all", NULL, "include every device", 0, NULL },
	{ OPT_COLOR, "color", "when", "colour: it's auto by default", 0,
	  "auto always never" },
	{ OPT_PROCFS, "procfs", "dir", "where proc is mounted", PM_OPT_DIR,
	  NULL },
	{ 'o', "output", "file", "write to file", PM_OPT_FILE, NULL },
	{ 0, NULL, NULL, NULL, 0, NULL },
};

static const struct pm_cmd cmd = {
	"pm-test", "Test the option parser.", "[file ...]", 1, opts,
};

struct parsed {
	int rc, status, optind;
	char log[1024];		/* options seen, then "| operands" */
	/* What it printed; copies, so a failed assertion leaks nothing. */
	char out[16384], err[1024];
};

static void
keep(char *dst, size_t size, char *text)
{
	assert_true(strlen(text) < size);
	snprintf(dst, size, "%s", text);
	free(text);
}

/* Run the parser over args (NULL-terminated, args[0] the program). */
static void
parse(struct parsed *r, const struct pm_cmd *c, const char *const *args)
{
	struct pm_opt_parser ps;
	struct t_capture co, ce;
	char *argv[32];
	size_t n = 0;
	int argc = 0, key, i;

	while (argc < 31 && args[argc] != NULL) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	memset(r, 0, sizeof(*r));
	r->status = -1;
	t_capture(&co, STDOUT_FILENO);
	t_capture(&ce, STDERR_FILENO);
	pm_opt_init(&ps, c, argc, argv);
	while ((key = pm_opt_next(&ps, &r->status)) >= 0) {
		const struct pm_opt *o, *found = NULL;

		for (o = c->opts; o->name != NULL; o++)
			if (o->key == key)
				found = o;
		n += (size_t)snprintf(r->log + n, sizeof(r->log) - n, "%s%s%s%s",
		    n ? " " : "", found ? found->name : "?",
		    found && found->arg ? "=" : "",
		    found && found->arg ? optarg : "");
		if (n >= sizeof(r->log))
			break;
	}
	r->rc = key;
	r->optind = optind;
	if (key == PM_OPT_END) {
		n += (size_t)snprintf(r->log + n, sizeof(r->log) - n, "%s|",
		    n ? " " : "");
		for (i = optind; i < argc && n < sizeof(r->log); i++)
			n += (size_t)snprintf(r->log + n, sizeof(r->log) - n,
			    " %s", argv[i]);
	}
	keep(r->err, sizeof(r->err), t_release(&ce));
	keep(r->out, sizeof(r->out), t_release(&co));
}

/* Parsing ends normally with log; nothing printed. */
static void
want_parse(const char *const *args, const char *log)
{
	struct parsed r;

	parse(&r, &cmd, args);
	if (r.rc != PM_OPT_END)
		fail_msg("rc %d status %d, want PM_OPT_END; stderr: %s", r.rc,
		    r.status, r.err);
	assert_string_equal(r.log, log);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "");
}

/* A usage error: status 2, the message on stderr, nothing on stdout. */
static void
want_usage_error(const char *const *args, const char *msg)
{
	struct parsed r;
	char want[512];

	parse(&r, &cmd, args);
	assert_int_equal(r.rc, PM_OPT_STOP);
	assert_int_equal(r.status, 2);
	snprintf(want, sizeof(want), "pm-test: %s\n"
	    "Try 'pm-test --help' for more information.\n", msg);
	assert_string_equal(r.err, want);
	assert_string_equal(r.out, "");
}

static void
test_parse(void **state)
{
	(void)state;
	want_parse((const char *[]){ "pm-test", NULL }, "|");
	want_parse((const char *[]){ "pm-test", "-n", "5", "--interval", "1s",
	    "-c", "cpu", "-cload,mem", "--collector=disk", "-a",
	    "--color", "never", "--procfs=/p", "-o", "out", "f1", "f2", NULL },
	    "count=5 interval=1s collector=cpu collector=load,mem "
	    "collector=disk all color=never procfs=/p output=out | f1 f2");
	/* Clusters, attached arguments, unique abbreviations. */
	want_parse((const char *[]){ "pm-test", "-an5", "-i2s", "--inter",
	    "3s", "--proc", "/x", NULL },
	    "all count=5 interval=2s interval=3s procfs=/x |");
	/* "--" ends the options; what follows is an operand even with a
	 * dash, and so is "-" alone. */
	want_parse((const char *[]){ "pm-test", "-a", "--", "-n", "--all",
	    NULL }, "all | -n --all");
	want_parse((const char *[]){ "pm-test", "-", "-a", NULL }, "| - -a");
	/* The first operand ends the options. */
	want_parse((const char *[]){ "pm-test", "-a", "file", "-n", "5", NULL },
	    "all | file -n 5");
	/* An argument may start with a dash or be empty. */
	want_parse((const char *[]){ "pm-test", "-n", "-5", "--color", "",
	    NULL }, "count=-5 color= |");
}

static void
test_usage_errors(void **state)
{
	(void)state;
	want_usage_error((const char *[]){ "pm-test", "-z", NULL },
	    "unknown option '-z'");
	want_usage_error((const char *[]){ "pm-test", "-a", "-z", "f", NULL },
	    "unknown option '-z'");
	want_usage_error((const char *[]){ "pm-test", "--zzz", NULL },
	    "unknown option '--zzz'");
	want_usage_error((const char *[]){ "pm-test", "--zzz=1", "-a", NULL },
	    "unknown option '--zzz=1'");
	/* Ambiguous: count, collector, color, completion. */
	want_usage_error((const char *[]){ "pm-test", "--co", NULL },
	    "unknown option '--co'");
	want_usage_error((const char *[]){ "pm-test", "-n", NULL },
	    "option '-n' needs an argument (n)");
	want_usage_error((const char *[]){ "pm-test", "-a", "-i", NULL },
	    "option '-i' needs an argument (duration)");
	want_usage_error((const char *[]){ "pm-test", "--color", NULL },
	    "option '--color' needs an argument (when)");
	want_usage_error((const char *[]){ "pm-test", "--completion", NULL },
	    "option '--completion' needs an argument (shell)");
	want_usage_error((const char *[]){ "pm-test", "--completion", "tcsh",
	    NULL }, "unknown shell 'tcsh' (bash, zsh or fish)");
}

/* The message names the option as it was typed. */
static void
test_long_messages(void **state)
{
	(void)state;
	want_usage_error((const char *[]){ "pm-test", "--count", NULL },
	    "option '--count' needs an argument (n)");
	want_usage_error((const char *[]){ "pm-test", "-a", "--coun", NULL },
	    "option '--count' needs an argument (n)");
	want_usage_error((const char *[]){ "pm-test", "--all=x", NULL },
	    "option '--all' takes no argument");
	want_usage_error((const char *[]){ "pm-test", "--help=x", NULL },
	    "option '--help' takes no argument");
	want_usage_error((const char *[]){ "pm-test", "-n", NULL },
	    "option '-n' needs an argument (n)");
}

static void
test_help(void **state)
{
	const char *const *args;
	struct parsed r;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		args = i == 0 ? (const char *[]){ "pm-test", "--help", NULL } :
		    i == 1 ? (const char *[]){ "pm-test", "-a", "-h", "-z",
		    NULL } : (const char *[]){ "pm-test", "--he", NULL };
		parse(&r, &cmd, args);
		assert_int_equal(r.rc, PM_OPT_STOP);
		assert_int_equal(r.status, 0);
		assert_string_equal(r.err, "");
		assert_string_equal(r.out,
		    "usage: pm-test [-n n] [-i duration] [-c name] [-a] "
		    "[--color when]\n"
		    "               [--procfs dir] [-o file] [file ...]\n"
		    "\n"
		    "Test the option parser.\n"
		    "\n"
		    "Options:\n"
		    "  -n, --count n               stop after n samples\n"
		    "  -i, --interval duration     time between samples\n"
		    "  -c, --collector name        collectors to run [list]\n"
		    "  -a, --all                   include every device\n"
		    "      --color when            colour: it's auto by default\n"
		    "      --procfs dir            where proc is mounted\n"
		    "  -o, --output file           write to file\n"
		    "  -h, --help                  show this help and exit\n"
		    "      --version               show the version and exit\n"
		    "      --completion shell      print the completion script "
		    "for bash, zsh or fish\n"
		    "\n"
		    "See pm-test(1) for details.\n");
	}

	parse(&r, &cmd, (const char *[]){ "pm-test", "--version", NULL });
	assert_int_equal(r.rc, PM_OPT_STOP);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "pm-test " PM_VERSION "\n");
	assert_string_equal(r.err, "");

	parse(&r, &cmd, (const char *[]){ "pm-test", "--completion=fish",
	    NULL });
	assert_int_equal(r.rc, PM_OPT_STOP);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "complete -c pm-test"));
	assert_string_equal(r.err, "");
}

/* Every line of the usage fits in 80 columns, and the items stay whole
 * and in order. */
static void
test_usage_wrap(void **state)
{
	static struct pm_opt many[40];
	static char names[40][32], argn[40][32];
	struct pm_cmd big = { "pm-long-command-name", "Many options.",
	    "[file ...]", 0, many };
	struct t_capture c;
	char *text, *line, *save, want[4096];
	size_t i, n = 0, lines = 0, fn = 0, len;
	char *flat;

	(void)state;
	for (i = 0; i < 39; i++) {
		snprintf(names[i], sizeof(names[i]), "option-%zu", i);
		snprintf(argn[i], sizeof(argn[i]), "value%zu", i);
		many[i].key = i < 26 ? (int)('a' + i) : PM_OPT_LONG + (int)i;
		many[i].name = names[i];
		many[i].arg = i % 3 ? argn[i] : NULL;
		many[i].help = "help";
	}
	memset(&many[39], 0, sizeof(many[39]));

	/* The items as they must appear, one space apart. */
	n += (size_t)snprintf(want + n, sizeof(want) - n, "usage: %s",
	    big.name);
	for (i = 0; i < 39; i++) {
		if (i < 26)
			n += (size_t)snprintf(want + n, sizeof(want) - n,
			    " [-%c%s%s]", (char)('a' + i), i % 3 ? " " : "",
			    i % 3 ? argn[i] : "");
		else
			n += (size_t)snprintf(want + n, sizeof(want) - n,
			    " [--%s%s%s]", names[i], i % 3 ? " " : "",
			    i % 3 ? argn[i] : "");
	}
	snprintf(want + n, sizeof(want) - n, " [file ...]");

	t_capture(&c, STDOUT_FILENO);
	pm_opt_usage(stdout, &big);
	text = t_release(&c);
	assert_true(strlen(text) > 0 && text[strlen(text) - 1] == '\n');
	flat = calloc(1, strlen(text) + 1);
	assert_non_null(flat);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), lines++) {
		len = strlen(line);
		if (len >= 80)
			fail_msg("line of %zu columns: %s", len, line);
		if (lines == 0) {
			assert_memory_equal(line, "usage: pm-long-command-name [",
			    29);
		} else {
			/* Continuations line up under the first item. */
			assert_int_equal(strspn(line, " "), 28);
			assert_int_equal(line[28], '[');
			line += 27;
			len -= 27;
		}
		memcpy(flat + fn, line, len + 1);
		fn += len;
	}
	assert_true(lines >= 4);
	assert_string_equal(flat, want);
	free(flat);
	free(text);

	/* Short enough for one line, and no operands. */
	big.operands = NULL;
	memset(&many[2], 0, sizeof(many[2]));
	t_capture(&c, STDOUT_FILENO);
	pm_opt_usage(stdout, &big);
	text = t_release(&c);
	assert_string_equal(text, "usage: pm-long-command-name [-a] "
	    "[-b value1]\n");
	free(text);
}

static void
test_completion(void **state)
{
	static const char *shells[] = { "bash", "zsh", "fish" };
	const struct pm_opt *const *all;
	struct t_capture c;
	char *text;
	size_t i, k;
	int rc;

	(void)state;
	all = pm_opt_all(&cmd);
	for (k = 0; opts[k].name != NULL; k++)
		assert_ptr_equal(all[k], &opts[k]);
	assert_string_equal(all[k]->name, "help");
	assert_string_equal(all[k + 1]->name, "version");
	assert_string_equal(all[k + 2]->name, "completion");
	assert_null(all[k + 3]);

	for (i = 0; i < 3; i++) {
		t_capture(&c, STDOUT_FILENO);
		rc = pm_opt_completion(stdout, &cmd, shells[i]);
		text = t_release(&c);
		assert_int_equal(rc, 0);
		assert_true(strlen(text) > 200);
		assert_non_null(strstr(text, "pm-test"));
		assert_int_equal(text[strlen(text) - 1], '\n');
		/* Every option, the common ones too, and the word lists. */
		for (k = 0; all[k] != NULL; k++)
			if (strstr(text, all[k]->name) == NULL)
				fail_msg("%s: no %s", shells[i], all[k]->name);
		assert_non_null(strstr(text, "auto always never"));
		assert_non_null(strstr(text, "cpu load mem"));
		free(text);
	}

	t_capture(&c, STDOUT_FILENO);
	rc = pm_opt_completion(stdout, &cmd, "tcsh");
	text = t_release(&c);
	assert_int_equal(rc, -1);
	assert_string_equal(text, "");
	free(text);
	t_capture(&c, STDOUT_FILENO);
	rc = pm_opt_completion(stdout, &cmd, "");
	text = t_release(&c);
	assert_int_equal(rc, -1);
	assert_string_equal(text, "");
	free(text);

	/* The shapes each shell needs. */
	t_capture(&c, STDOUT_FILENO);
	pm_opt_completion(stdout, &cmd, "bash");
	text = t_release(&c);
	assert_non_null(strstr(text, "complete -F _pm_test pm-test\n"));
	assert_non_null(strstr(text, "-n|--count)"));
	assert_non_null(strstr(text, "--color)"));
	free(text);
	t_capture(&c, STDOUT_FILENO);
	pm_opt_completion(stdout, &cmd, "zsh");
	text = t_release(&c);
	assert_memory_equal(text, "#compdef pm-test\n", 17);
	/* zsh specials in help text are escaped, quotes closed and
	 * reopened. */
	assert_non_null(strstr(text, "colour\\: it'\\''s auto by default"));
	assert_non_null(strstr(text, "collectors to run \\[list\\]"));
	free(text);
	t_capture(&c, STDOUT_FILENO);
	pm_opt_completion(stdout, &cmd, "fish");
	text = t_release(&c);
	assert_non_null(strstr(text, "complete -c pm-test -s n -l count"));
	assert_non_null(strstr(text, "complete -c pm-test -l color"));
	assert_non_null(strstr(text, "-d 'colour: it\\'s auto by default'"));
	free(text);
}

/* A second parse in the same process starts afresh even when the first
 * stopped in the middle of "-zn": optind = 1 would keep glibc's place in
 * the old argv. */
static void
test_reparse(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, &cmd, (const char *[]){ "pm-test", "-zn", "5", NULL });
	assert_int_equal(r.rc, PM_OPT_STOP);
	assert_int_equal(r.status, 2);
	parse(&r, &cmd, (const char *[]){ "pm-test", "file", NULL });
	assert_int_equal(r.rc, PM_OPT_END);
	assert_string_equal(r.log, "| file");
	assert_string_equal(r.err, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_long_messages),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_usage_wrap),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_reparse),
	};

	return cmocka_run_group_tests_name("pm_opt", tests, t_setup,
	    t_teardown);
}
