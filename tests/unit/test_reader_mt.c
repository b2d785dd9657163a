/* Unit tests for the threaded reader (pm_reader threads > 1) and for the
 * arena under threads: whatever the input, every call gives what the
 * serial reader gives (result, message, name, line, point, record). */
#include "pm_test.h"

#include <pthread.h>

#include "pm_reader.h"

/* One call of pm_reader_next, as a line of text. */
static void
describe(struct pm_reader *r, char *out, size_t size, int *rc)
{
	struct pm_point p;
	struct pm_err e = { "" };
	char *json = NULL;
	size_t n, i;

	*rc = pm_reader_next(r, &p, &e);
	if (*rc == PM_READ_BAD || *rc == PM_READ_ERROR) {
		snprintf(out, size, "%d %s", *rc, e.msg);
		return;
	}
	if (*rc != PM_READ_POINT) {
		snprintf(out, size, "%d", *rc);
		return;
	}
	if (pm_reader_json(r) != NULL)
		json = cJSON_PrintUnformatted(pm_reader_json(r));
	n = (size_t)snprintf(out, size, "%s:%lu %s %.17g %lld %s %s", r->name,
	    r->lineno, p.metric, p.value, (long long)p.ts,
	    p.host ? p.host : "-", p.unit ? p.unit : "-");
	for (i = 0; i < p.nlabels && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, " %s=%s",
		    p.labels[i].key, p.labels[i].value);
	if (n < size)
		snprintf(out + n, size - n, " %s", json ? json : "(no json)");
	cJSON_free(json);
}

/* How many times before_read was called. */
static void
count_call(void *arg)
{
	(*(int *)arg)++;
}

static int
want_no_skip(void *arg, const char *line, size_t len)
{
	(void)arg;
	return memmem(line, len, "skipme", 6) == NULL;
}

struct setup {
	size_t max_line;
	int filter;
	void (*stdin_setup)(void);	/* before each run */
};

/* Read paths serially, then with each number of threads, side by side:
 * every call the same.  Returns the number of calls. */
static size_t
same_as_serial(char **paths, size_t n, const struct setup *s)
{
	static char want[1 << 16], got[1 << 16];
	static const int threads[] = { 2, 3, 4, 64 };
	char **results = NULL;
	size_t ncalls = 0, cap = 0, i, k;
	struct pm_reader r;
	int rc, calls;

	if (s->stdin_setup != NULL)
		s->stdin_setup();
	pm_reader_init(&r, paths, n);
	if (s->max_line)
		r.max_line = s->max_line;
	if (s->filter)
		r.want_line = want_no_skip;
	do {
		describe(&r, want, sizeof(want), &rc);
		if (ncalls == cap) {
			cap = cap ? 2 * cap : 1024;
			char **more = realloc(results, cap * sizeof(*results));

			assert_non_null(more);
			results = more;
		}
		results[ncalls] = strdup(want);
		assert_non_null(results[ncalls++]);
	} while (rc != PM_READ_EOF);
	pm_reader_release(&r);

	for (k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
		if (s->stdin_setup != NULL)
			s->stdin_setup();
		pm_reader_init(&r, paths, n);
		r.threads = threads[k];
		calls = 0;
		r.before_read = count_call;
		r.before_read_arg = &calls;
		if (s->max_line)
			r.max_line = s->max_line;
		if (s->filter)
			r.want_line = want_no_skip;
		for (i = 0; i < ncalls; i++) {
			describe(&r, got, sizeof(got), &rc);
			if (strcmp(got, results[i]) != 0)
				fail_msg("threads %d, call %zu:\n got %s\nwant %s",
				    threads[k], i, got, results[i]);
		}
		describe(&r, got, sizeof(got), &rc);	/* it stays at the end */
		assert_int_equal(rc, PM_READ_EOF);
		assert_non_null(r.mt);
		if (ncalls > 2)	/* something was read */
			assert_true(calls > 0);
		pm_reader_release(&r);
	}
	for (i = 0; i < ncalls; i++)
		free(results[i]);
	free(results);
	return ncalls;
}

/* Lines of every kind, and bad lines of every kind. */
static const char mixed[] =
    "{\"metric\":\"a\",\"value\":1}\n"
    "\n"
    "not json\n"
    "{\"metric\":\"b\"}\n"
    "{\"value\":2}\n"
    "{\"metric\":\"9b\",\"value\":1}\n"
    "   \t\r\n"
    "{\"metric\":\"a\",\"value\":1} x\n"
    "{\"metric\":\"u\",\"value\":1,\"host\":\"\xff\"}\n"
    "{\"metric\":\"u\",\"value\":1,\"host\":\"\xed\xa0\x80\"}\n"
    "{\"metric\":\"n\",\"value\":1,\"host\":\"a\\u0000b\"}\n"
    "{\"metric\":\"n\",\"value\":1,\"host\":\"a\0b\"}\n"
    "{\"ts\":\"2026-11-22T15:30:00Z\",\"host\":\"h\xc3\xa9\",\"metric\":\"c\","
    "\"value\":2.5,\"unit\":\"s\",\"labels\":{\"k\":\"v\",\"x\":\"y\"},"
    "\"run\":\"r1\"}\r\n"
    "{\"metric\":\"skipme\",\"value\":3}\n"
    "{\"metric\":\"long\",\"value\":1,\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"
    "[1,2]\n"
    "{\"metric\":\"last\",\"value\":-0.5}";

/* A file of nlines lines, a bad one now and then. */
static const char *
big_file(const char *name, size_t nlines)
{
	size_t i, len = 0, cap = nlines * 160;
	char *text = malloc(cap);
	const char *path;

	assert_non_null(text);
	for (i = 0; i < nlines; i++) {
		if (i % 997 == 5)
			len += (size_t)snprintf(text + len, cap - len, "bad %zu\n", i);
		else if (i % 1999 == 7)
			len += (size_t)snprintf(text + len, cap - len, "\n");
		else
			len += (size_t)snprintf(text + len, cap - len,
			    "{\"metric\":\"m%zu\",\"value\":%zu,\"labels\":"
			    "{\"pad\":\"%.*s\"}}\n", i % 7, i, (int)(i % 61),
			    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	}
	path = t_write(name, text, len);
	free(text);
	return path;
}

static void
test_files(void **state)
{
	char *paths[8];
	struct setup s = { 0, 0, NULL };

	(void)state;
	paths[0] = (char *)t_write("mixed", mixed, sizeof(mixed) - 1);
	paths[1] = (char *)t_path("missing");
	paths[2] = (char *)t_write_str("empty", "");
	paths[3] = t_dir;	/* opens, but read fails */
	paths[4] = (char *)big_file("big", 20000);
	paths[5] = (char *)t_write_str("blanks", "\n\n \n");
	paths[6] = paths[0];
	paths[7] = (char *)t_write_str("badlast", "{\"metric\":");
	assert_true(same_as_serial(paths, 8, &s) > 20000);

	/* A small max_line, and a prefilter. */
	s.max_line = 100;
	s.filter = 1;
	assert_true(same_as_serial(paths, 8, &s) > 20000);
	s.max_line = 0;
	s.filter = 0;

	/* Alone: an empty file, a missing one. */
	assert_int_equal(same_as_serial(paths + 2, 1, &s), 1);
	assert_int_equal(same_as_serial(paths + 1, 1, &s), 2);
}

/* Lines far longer than a read, and than a batch. */
static void
test_huge_lines(void **state)
{
	const char *line = "{\"metric\":\"a\",\"value\":1}\n";
	size_t big = 3 * 1024 * 1024 + 17, len = 0, cap = 2 * big + 4096;
	char *text, *paths[1];
	struct setup s = { 0, 0, NULL };

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "%s", line);
	memset(text + len, 'x', big);
	len += big;
	text[len++] = '\n';
	/* Long but under the limit: a batch grows for it. */
	len += (size_t)snprintf(text + len, cap - len,
	    "%s{\"metric\":\"b\",\"value\":2,\"pad\":\"", line);
	memset(text + len, 'y', 200000);
	len += 200000;
	len += (size_t)snprintf(text + len, cap - len, "\"}\n%s", line);
	paths[0] = (char *)t_write("huge", text, len);
	free(text);
	assert_int_equal(same_as_serial(paths, 1, &s), 6);
	/* Under the limit, the 3 MiB line fills the read-ahead alone. */
	s.max_line = 8 * 1024 * 1024;
	assert_int_equal(same_as_serial(paths, 1, &s), 6);
}

static const char *stdin_file;

static void
stdin_regular(void)
{
	int fd = open(stdin_file, O_RDONLY);

	assert_true(fd >= 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	close(fd);
}

/* A pipe holding the mixed lines, closed: read by the serial path. */
static void
stdin_pipe(void)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], mixed, sizeof(mixed) - 1),
	    (ssize_t)sizeof(mixed) - 1);
	close(fds[1]);
	assert_true(dup2(fds[0], STDIN_FILENO) == STDIN_FILENO);
	close(fds[0]);
}

static void
test_stdin(void **state)
{
	char *paths[3];
	struct setup s = { 0, 0, stdin_regular };
	int saved = dup(STDIN_FILENO);

	(void)state;
	stdin_file = big_file("stdin", 3000);
	paths[0] = (char *)t_write("mixed", mixed, sizeof(mixed) - 1);
	paths[1] = "-";
	paths[2] = (char *)stdin_file;
	assert_true(same_as_serial(paths, 0, &s) > 2900);
	assert_true(same_as_serial(paths, 3, &s) > 5900);
	/* A pipe between two files: the threaded part drains first. */
	s.stdin_setup = stdin_pipe;
	assert_true(same_as_serial(paths, 3, &s) > 3000);
	assert_true(same_as_serial(paths, 0, &s) > 10);
	s.filter = 1;
	assert_true(same_as_serial(paths, 3, &s) > 3000);
	assert_true(dup2(saved, STDIN_FILENO) == STDIN_FILENO);
	close(saved);
}

/* Released with batches queued and parsed, and before a read. */
static void
test_release_early(void **state)
{
	char *paths[1];
	struct pm_reader r;
	struct pm_point p;
	struct pm_err e;

	(void)state;
	paths[0] = (char *)big_file("early", 5000);
	pm_reader_init(&r, paths, 1);
	r.threads = 4;
	assert_int_equal(pm_reader_next(&r, &p, &e), PM_READ_POINT);
	pm_reader_release(&r);
	pm_reader_init(&r, paths, 1);
	r.threads = 4;
	pm_reader_release(&r);
}

/* Threads parsing at once into arenas of their own, good texts and bad
 * (a failed parse frees into the arena), while trees of malloc'd memory
 * come and go: for the sanitizers, and TSan above all. */
static void *
arena_user(void *arg)
{
	static const char *texts[] = {
		"{\"a\":[1,2,{\"b\":\"cc\"}],\"d\":\"e\"}",
		"{\"a\":[1,2,{\"b\":\"cc\"}],\"d\":",
		"[\"x\",\"y\",\"z\",{\"q\":null}]",
		"{\"s\":\"unterminated",
	};
	struct pm_jsonmem m;
	cJSON *j, *own;
	long i, n = (long)(intptr_t)arg;
	int *ok = malloc(sizeof(*ok));

	if (ok == NULL)
		return NULL;
	*ok = 1;
	pm_jsonmem_init(&m);
	for (i = 0; i < n; i++) {
		const char *t = texts[i % 4];

		j = pm_jsonmem_parse(&m, t, strlen(t), NULL);
		if ((j != NULL) != (i % 2 == 0))
			*ok = 0;
		own = cJSON_CreateObject();
		if (own == NULL || cJSON_AddStringToObject(own, "k", "v") ==
		    NULL)
			*ok = 0;
		cJSON_Delete(own);
		if (j != NULL && i % 8 == 0)	/* listed: harmless */
			cJSON_Delete(j), j = NULL;
	}
	pm_jsonmem_release(&m);
	return ok;
}

static void
test_arena_threads(void **state)
{
	pthread_t tid[4];
	void *ok;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&tid[i], NULL, arena_user,
		    (void *)(intptr_t)20000), 0);
	ok = arena_user((void *)(intptr_t)20000);
	assert_non_null(ok);
	assert_int_equal(*(int *)ok, 1);
	free(ok);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(tid[i], &ok), 0);
		assert_non_null(ok);
		assert_int_equal(*(int *)ok, 1);
		free(ok);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_threads),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_huge_lines),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_release_early),
	};

	/* The hooks go in before any thread parses (see pm_jsonmem.h). */
	struct pm_jsonmem m;

	pm_jsonmem_init(&m);
	pm_jsonmem_release(&m);
	return cmocka_run_group_tests_name("pm_reader threads", tests,
	    t_setup, t_teardown);
}
