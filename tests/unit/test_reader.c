/* Unit tests for lib/pm_reader: lines, bad lines, files, buffer growth. */
#include "pm_test.h"

#include "pm_reader.h"

static const char *
rc_name(int rc)
{
	switch (rc) {
	case PM_READ_ERROR: return "PM_READ_ERROR";
	case PM_READ_BAD: return "PM_READ_BAD";
	case PM_READ_EOF: return "PM_READ_EOF";
	case PM_READ_POINT: return "PM_READ_POINT";
	}
	return "?";
}

static void
want_point(struct pm_reader *r, const char *metric, double value,
    unsigned long lineno)
{
	struct pm_point p;
	struct pm_err e = { "" };
	int rc;

	rc = pm_reader_next(r, &p, &e);
	if (rc != PM_READ_POINT)
		fail_msg("want a point (%s line %lu), got %s: %s", metric,
		    lineno, rc_name(rc), e.msg);
	assert_string_equal(p.metric, metric);
	if (p.value != value)
		fail_msg("%s: value %.17g, want %.17g", metric, p.value, value);
	assert_int_equal(r->lineno, lineno);
	assert_non_null(pm_reader_json(r));
}

/* A skipped line; msg is the whole message ("FILE:LINE: reason"). */
static void
want_bad(struct pm_reader *r, const char *msg)
{
	struct pm_point p;
	struct pm_err e = { "" };
	int rc;

	rc = pm_reader_next(r, &p, &e);
	if (rc != PM_READ_BAD)
		fail_msg("want PM_READ_BAD \"%s\", got %s", msg, rc_name(rc));
	assert_string_equal(e.msg, msg);
}

/* A file that could not be read; msg is the whole message. */
static void
want_error(struct pm_reader *r, const char *msg)
{
	struct pm_point p;
	struct pm_err e = { "" };
	int rc;

	rc = pm_reader_next(r, &p, &e);
	if (rc != PM_READ_ERROR)
		fail_msg("want PM_READ_ERROR \"%s\", got %s", msg, rc_name(rc));
	assert_string_equal(e.msg, msg);
}

static void
want_eof(struct pm_reader *r)
{
	struct pm_point p;
	struct pm_err e = { "" };
	int rc, i;

	/* And it stays at the end. */
	for (i = 0; i < 2; i++) {
		rc = pm_reader_next(r, &p, &e);
		if (rc != PM_READ_EOF)
			fail_msg("want PM_READ_EOF, got %s: %s", rc_name(rc),
			    e.msg);
	}
}

/* "NAME:LINE: reason" with NAME the full path of a scratch file. */
static const char *
at(const char *name, unsigned long line, const char *reason)
{
	static char buf[4][PATH_MAX + 128];
	static unsigned n;
	char *b = buf[n++ % 4];

	/* Not t_path: its few buffers hold the paths the reader is reading. */
	snprintf(b, PATH_MAX + 128, "%s/%s:%lu: %s", t_dir, name, line, reason);
	return b;
}

static void
test_good_lines(void **state)
{
	char *paths[1];
	struct pm_reader r;

	(void)state;
	paths[0] = (char *)t_write_str("good",
	    "{\"metric\":\"a\",\"value\":1}\n"
	    "{\"ts\":\"2026-11-22T15:30:00Z\",\"host\":\"h\",\"metric\":\"b\","
	    "\"value\":2.5,\"unit\":\"s\",\"labels\":{\"k\":\"v\"}}\n"
	    "{\"metric\":\"c\",\"value\":-3,\"run\":\"x\"}\n");
	pm_reader_init(&r, paths, 1);
	assert_int_equal(r.max_line, PM_LINE_MAX_DEFAULT);
	want_point(&r, "a", 1, 1);
	assert_string_equal(r.name, paths[0]);
	want_point(&r, "b", 2.5, 2);
	want_point(&r, "c", -3, 3);
	/* The whole record, extras included. */
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
	    pm_reader_json(&r), "run")->valuestring, "x");
	want_eof(&r);
	pm_reader_release(&r);
}

static void
test_bad_lines(void **state)
{
	char *paths[1];
	struct pm_reader r;

	(void)state;
	paths[0] = (char *)t_write_str("bad",
	    "{\"metric\":\"a\",\"value\":1}\n"
	    "not json\n"
	    "{\"metric\":\"b\"}\n"
	    "{\"metric\":\"9b\",\"value\":1}\n"
	    "{\"metric\":\"a\",\"value\":1} x\n"
	    "{\"metric\":\"a\",\"value\":1}{}\n"
	    "{\"metric\":\"a\",\"value\":1\n"
	    "[1,2]\n"
	    "{\"metric\":\"c\",\"value\":3}   \t\n"
	    "\"just a string\"\n"
	    "{\"metric\":\"d\",\"value\":4}\n");
	pm_reader_init(&r, paths, 1);
	want_point(&r, "a", 1, 1);
	want_bad(&r, at("bad", 2, "not valid JSON"));
	want_bad(&r, at("bad", 3, "no value"));
	want_bad(&r, at("bad", 4, "bad metric name \"9b\""));
	want_bad(&r, at("bad", 5, "not valid JSON"));
	want_bad(&r, at("bad", 6, "not valid JSON"));
	want_bad(&r, at("bad", 7, "not valid JSON"));
	want_bad(&r, at("bad", 8, "not a JSON object"));
	want_point(&r, "c", 3, 9);
	want_bad(&r, at("bad", 10, "not a JSON object"));
	want_point(&r, "d", 4, 11);
	want_eof(&r);
	pm_reader_release(&r);
}

static void
test_blank_crlf_last_line(void **state)
{
	char *paths[1];
	struct pm_reader r;

	(void)state;
	paths[0] = (char *)t_write_str("blank",
	    "\n"
	    "   \n"
	    "\t\r\n"
	    "{\"metric\":\"a\",\"value\":1}\r\n"
	    "\r\n"
	    "{\"metric\":\"b\",\"value\":2}\r\n"
	    "oops\r\n"
	    "{\"metric\":\"c\",\"value\":3}");
	pm_reader_init(&r, paths, 1);
	want_point(&r, "a", 1, 4);
	want_point(&r, "b", 2, 6);
	want_bad(&r, at("blank", 7, "not valid JSON"));
	want_point(&r, "c", 3, 8);	/* no newline at the end */
	want_eof(&r);
	pm_reader_release(&r);

	/* Nothing but blanks, and an empty file. */
	paths[0] = (char *)t_write_str("blanks", "\n\n  \n \t");
	pm_reader_init(&r, paths, 1);
	want_eof(&r);
	pm_reader_release(&r);
	paths[0] = (char *)t_write_str("empty", "");
	pm_reader_init(&r, paths, 1);
	want_eof(&r);
	pm_reader_release(&r);

	/* A bad last line without a newline. */
	paths[0] = (char *)t_write_str("badlast",
	    "{\"metric\":\"a\",\"value\":1}\n{\"metric\":");
	pm_reader_init(&r, paths, 1);
	want_point(&r, "a", 1, 1);
	want_bad(&r, at("badlast", 2, "not valid JSON"));
	want_eof(&r);
	pm_reader_release(&r);
}

static void
test_long_line(void **state)
{
	/* 26 bytes: {"metric":"a","value":1} */
	const char *line = "{\"metric\":\"a\",\"value\":1}\n";
	char big[200], *paths[1];
	struct pm_reader r;
	size_t n;

	(void)state;
	n = (size_t)snprintf(big, sizeof(big), "{\"metric\":\"long\",\"value\":1,"
	    "\"pad\":\"%090d\"}", 0);
	assert_true(n > 100);
	/* Long lines first, in the middle, twice in a row and last without
	 * a newline: each is one message and the count goes on. */
	{
		char text[2048];

		snprintf(text, sizeof(text), "%s\n%s%s\n%s\n%s%s",
		    big, line, big, big, line, big);
		paths[0] = (char *)t_write_str("long", text);
	}
	pm_reader_init(&r, paths, 1);
	r.max_line = 40;
	want_bad(&r, at("long", 1, "line longer than 40 bytes"));
	want_point(&r, "a", 1, 2);
	want_bad(&r, at("long", 3, "line longer than 40 bytes"));
	want_bad(&r, at("long", 4, "line longer than 40 bytes"));
	want_point(&r, "a", 1, 5);
	want_bad(&r, at("long", 6, "line longer than 40 bytes"));
	want_eof(&r);
	pm_reader_release(&r);

	/* A line of exactly max_line bytes is read, one more is not. */
	paths[0] = (char *)t_write_str("exact",
	    "{\"metric\":\"a\",\"value\":1}\n"
	    "{\"metric\":\"a\",\"value\":12}\n"
	    "{\"metric\":\"a\",\"value\":1}");
	pm_reader_init(&r, paths, 1);
	r.max_line = 24;
	want_point(&r, "a", 1, 1);
	want_bad(&r, at("exact", 2, "line longer than 24 bytes"));
	want_point(&r, "a", 1, 3);
	want_eof(&r);
	pm_reader_release(&r);
}

/* Lines far longer than one read, so the reader must drop what it has of
 * a line and skip to its end across many reads. */
static void
test_long_line_across_reads(void **state)
{
	const char *line = "{\"metric\":\"a\",\"value\":1}\n";
	size_t big = 3 * 1024 * 1024 + 17, len = 0, cap = 2 * big + 4096;
	char *text, *paths[1];
	struct pm_reader r;

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "%s", line);
	memset(text + len, 'x', big);
	len += big;
	text[len++] = '\n';
	len += (size_t)snprintf(text + len, cap - len, "%s%s", line, line);
	memset(text + len, 'y', big);
	len += big;
	len += (size_t)snprintf(text + len, cap - len, "\n%s", line);
	paths[0] = (char *)t_write("huge", text, len);
	free(text);

	/* With the default limit of 1 MiB. */
	pm_reader_init(&r, paths, 1);
	want_point(&r, "a", 1, 1);
	want_bad(&r, at("huge", 2, "line longer than 1048576 bytes"));
	want_point(&r, "a", 1, 3);
	want_point(&r, "a", 1, 4);
	want_bad(&r, at("huge", 5, "line longer than 1048576 bytes"));
	want_point(&r, "a", 1, 6);
	want_eof(&r);
	pm_reader_release(&r);

	/* With a small one. */
	pm_reader_init(&r, paths, 1);
	r.max_line = 100;
	want_point(&r, "a", 1, 1);
	want_bad(&r, at("huge", 2, "line longer than 100 bytes"));
	want_point(&r, "a", 1, 3);
	want_point(&r, "a", 1, 4);
	want_bad(&r, at("huge", 5, "line longer than 100 bytes"));
	want_point(&r, "a", 1, 6);
	want_eof(&r);
	pm_reader_release(&r);
}

static void
test_files(void **state)
{
	char *paths[5];
	struct pm_reader r;
	char missing[PATH_MAX + 64];

	(void)state;
	paths[0] = (char *)t_write_str("f1",
	    "{\"metric\":\"f1a\",\"value\":1}\nbad\n");
	paths[1] = (char *)t_path("missing");
	paths[2] = (char *)t_write_str("f2",
	    "bad\n\n{\"metric\":\"f2a\",\"value\":2}");
	paths[3] = (char *)t_write_str("f3", "");
	paths[4] = (char *)t_write_str("f4",
	    "{\"metric\":\"f4a\",\"value\":4}\n");
	snprintf(missing, sizeof(missing), "%s: No such file or directory",
	    paths[1]);

	pm_reader_init(&r, paths, 5);
	want_point(&r, "f1a", 1, 1);
	assert_string_equal(r.name, paths[0]);
	want_bad(&r, at("f1", 2, "not valid JSON"));
	want_error(&r, missing);
	want_bad(&r, at("f2", 1, "not valid JSON"));	/* numbering restarts */
	want_point(&r, "f2a", 2, 3);
	assert_string_equal(r.name, paths[2]);
	want_point(&r, "f4a", 4, 1);
	assert_string_equal(r.name, paths[4]);
	want_eof(&r);
	pm_reader_release(&r);

	/* A missing file last, and alone. */
	pm_reader_init(&r, paths, 2);
	want_point(&r, "f1a", 1, 1);
	want_bad(&r, at("f1", 2, "not valid JSON"));
	want_error(&r, missing);
	want_eof(&r);
	pm_reader_release(&r);
	pm_reader_init(&r, paths + 1, 1);
	want_error(&r, missing);
	want_eof(&r);
	pm_reader_release(&r);

	/* Released before the first read. */
	pm_reader_init(&r, paths, 5);
	pm_reader_release(&r);
}

static void
test_directory(void **state)
{
	char *paths[2], msg[PATH_MAX + 64];
	struct pm_reader r;

	(void)state;
	/* A directory opens but cannot be read. */
	paths[0] = t_dir;
	paths[1] = (char *)t_write_str("afterdir",
	    "{\"metric\":\"a\",\"value\":1}\n");
	snprintf(msg, sizeof(msg), "%s: Is a directory", t_dir);
	pm_reader_init(&r, paths, 2);
	want_error(&r, msg);
	want_point(&r, "a", 1, 1);
	want_eof(&r);
	pm_reader_release(&r);
}

static void
count_call(void *arg)
{
	(*(int *)arg)++;
}

/* Many lines: the buffer is refilled, moved and grown, and lines cross
 * the edges of reads. */
static void
test_big_file(void **state)
{
	const size_t nlines = 40000;
	size_t i, len = 0, cap = nlines * 128;
	char *text, *paths[2];
	struct pm_reader r;
	int calls = 0;

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	for (i = 0; i < nlines; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "{\"metric\":\"m%zu\",\"value\":%zu,\"labels\":"
		    "{\"pad\":\"%.*s\"}}\n", i % 7, i, (int)(i % 61),
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_true(len > 64 * 1024 * 40);
	paths[0] = (char *)t_write("big", text, len);
	paths[1] = paths[0];
	free(text);

	pm_reader_init(&r, paths, 2);
	r.before_read = count_call;
	r.before_read_arg = &calls;
	for (i = 0; i < 2 * nlines; i++) {
		char metric[16];

		snprintf(metric, sizeof(metric), "m%zu", i % nlines % 7);
		want_point(&r, metric, (double)(i % nlines), i % nlines + 1);
	}
	want_eof(&r);
	assert_true(calls > 2);
	pm_reader_release(&r);
}

static void
test_stdin(void **state)
{
	char *paths[3];
	struct pm_reader r;
	int saved, fd;

	(void)state;
	/* With no paths, and as "-", standard input is read. */
	t_write_str("stdin", "{\"metric\":\"in\",\"value\":7}\nbad\n");
	paths[0] = (char *)t_write_str("before",
	    "{\"metric\":\"before\",\"value\":1}\n");
	paths[1] = "-";
	paths[2] = paths[0];
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);

	fd = open(t_path("stdin"), O_RDONLY);
	assert_true(fd >= 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	close(fd);
	pm_reader_init(&r, NULL, 0);
	want_point(&r, "in", 7, 1);
	assert_string_equal(r.name, "<stdin>");
	want_bad(&r, "<stdin>:2: not valid JSON");
	want_eof(&r);
	pm_reader_release(&r);
	/* The reader leaves standard input open. */
	assert_true(fcntl(STDIN_FILENO, F_GETFD) >= 0);

	fd = open(t_path("stdin"), O_RDONLY);
	assert_true(fd >= 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	close(fd);
	pm_reader_init(&r, paths, 3);
	want_point(&r, "before", 1, 1);
	want_point(&r, "in", 7, 1);
	want_bad(&r, "<stdin>:2: not valid JSON");
	want_point(&r, "before", 1, 1);
	want_eof(&r);
	pm_reader_release(&r);

	assert_true(dup2(saved, STDIN_FILENO) == STDIN_FILENO);
	close(saved);
}

/* Releasing in the middle of a file closes it and frees everything (the
 * sanitizer build checks for leaks). */
static void
test_release_early(void **state)
{
	char *paths[2];
	struct pm_reader r;

	(void)state;
	paths[0] = (char *)t_write_str("early",
	    "{\"metric\":\"a\",\"value\":1}\n{\"metric\":\"b\",\"value\":2}\n");
	paths[1] = paths[0];
	pm_reader_init(&r, paths, 2);
	want_point(&r, "a", 1, 1);
	pm_reader_release(&r);

	pm_reader_init(&r, paths, 2);
	want_point(&r, "a", 1, 1);
	want_point(&r, "b", 2, 2);
	want_point(&r, "a", 1, 1);	/* the second file */
	pm_reader_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_lines),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_blank_crlf_last_line),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_long_line_across_reads),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_big_file),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_release_early),
	};

	return cmocka_run_group_tests_name("pm_reader", tests, t_setup,
	    t_teardown);
}
