/* Unit tests for lib/pm_sysfile: the scanners and the file readers. */
#include "pm_test.h"

#include <math.h>

#include "pm_sysfile.h"

static void
u64_ok(const char *s, uint64_t want, const char *rest)
{
	const char *p = s;
	uint64_t v = 7;

	if (pm_scan_u64(&p, &v) != 0)
		fail_msg("pm_scan_u64(\"%s\") failed", s);
	assert_true(v == want);
	assert_string_equal(p, rest);
}

static void
u64_bad(const char *s)
{
	const char *p = s;
	uint64_t v = 7;

	if (pm_scan_u64(&p, &v) == 0)
		fail_msg("pm_scan_u64(\"%s\") accepted", s);
	assert_true(v == 7);
	assert_ptr_equal(p, s);	/* nothing consumed */
}

static void
test_scan_u64(void **state)
{
	(void)state;
	u64_ok("0", 0, "");
	u64_ok("123", 123, "");
	u64_ok("  \t42 rest", 42, " rest");
	u64_ok("12\n34", 12, "\n34");
	u64_ok("007", 7, "");
	u64_ok("18446744073709551615", UINT64_MAX, "");
	u64_ok("18446744073709551610 ", UINT64_C(18446744073709551610), " ");
	u64_bad("18446744073709551616");
	u64_bad("18446744073709551620");
	u64_bad("99999999999999999999");
	u64_bad("184467440737095516150");
	u64_bad("");
	u64_bad("   ");
	u64_bad("-1");
	u64_bad("+1");
	u64_bad("abc");
	u64_bad("12abc");
	u64_bad("12.5");
	u64_bad("12,5");
	u64_bad("0x10");
	u64_bad("\n12");
}

static void
test_scan_sequence(void **state)
{
	const char *p = "cpu  10 20 30\nintr 5 eth0:\tx\n\nlast 1";
	char word[16];
	uint64_t a, b, c;

	(void)state;
	assert_int_equal(pm_scan_word(&p, word, sizeof(word)), 0);
	assert_string_equal(word, "cpu");
	assert_int_equal(pm_scan_u64(&p, &a), 0);
	assert_int_equal(pm_scan_u64(&p, &b), 0);
	assert_int_equal(pm_scan_u64(&p, &c), 0);
	assert_true(a == 10 && b == 20 && c == 30);
	/* Numbers end at a newline, and so does a line. */
	assert_int_equal(pm_scan_u64(&p, &a), -1);
	pm_scan_next_line(&p);
	assert_int_equal(pm_scan_word(&p, word, sizeof(word)), 0);
	assert_string_equal(word, "intr");
	assert_int_equal(pm_scan_u64(&p, &a), 0);
	assert_true(a == 5);
	assert_int_equal(pm_scan_word(&p, word, sizeof(word)), 0);
	assert_string_equal(word, "eth0:");
	assert_int_equal(pm_scan_word(&p, word, sizeof(word)), 0);
	assert_string_equal(word, "x");
	assert_int_equal(pm_scan_word(&p, word, sizeof(word)), -1);
	assert_string_equal(word, "");
	pm_scan_next_line(&p);
	assert_string_equal(p, "\nlast 1");
	pm_scan_next_line(&p);
	assert_string_equal(p, "last 1");
	pm_scan_next_line(&p);
	assert_string_equal(p, "");
	pm_scan_next_line(&p);
	assert_string_equal(p, "");
}

static void
dbl_ok(const char *s, double want, const char *rest)
{
	const char *p = s;
	double v = 7;

	if (pm_scan_double(&p, &v) != 0)
		fail_msg("pm_scan_double(\"%s\") failed", s);
	if (v != want)
		fail_msg("pm_scan_double(\"%s\") = %.17g, want %.17g", s, v,
		    want);
	assert_string_equal(p, rest);
}

static void
dbl_bad(const char *s)
{
	const char *p = s;
	double v = 7;

	if (pm_scan_double(&p, &v) == 0)
		fail_msg("pm_scan_double(\"%s\") accepted: %g", s, v);
	assert_true(v == 7);
	assert_ptr_equal(p, s);
}

static void
test_scan_double(void **state)
{
	(void)state;
	dbl_ok("0.52", 0.52, "");
	dbl_ok("12", 12, "");
	dbl_ok("-1.5", -1.5, "");
	dbl_ok(".5", 0.5, "");
	dbl_ok("0", 0, "");
	dbl_ok(" \t3.25 next", 3.25, " next");
	dbl_ok("1.00\n", 1, "\n");
	dbl_ok("1e3", 1000, "");
	dbl_bad("");
	dbl_bad(" ");
	dbl_bad("abc");
	dbl_bad("nan");
	dbl_bad("inf");
	dbl_bad("-inf");
	dbl_bad("-nan");
	dbl_bad("1e999");
	dbl_bad("-");
	dbl_bad(".");
	dbl_bad("1.5x");
	dbl_bad("1,5");
	dbl_bad("+1");
}

static void
test_scan_word(void **state)
{
	const char *p;
	char buf[8];

	(void)state;
	p = "  eth0: 123";
	assert_int_equal(pm_scan_word(&p, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "eth0:");
	assert_string_equal(p, " 123");
	p = "\tword\nnext";
	assert_int_equal(pm_scan_word(&p, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "word");
	assert_string_equal(p, "\nnext");
	/* A long word is cut to fit, and skipped whole. */
	p = "abcdefghijkl rest";
	assert_int_equal(pm_scan_word(&p, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "abcdefg");
	assert_string_equal(p, " rest");
	p = "abcdefghijkl";
	assert_int_equal(pm_scan_word(&p, buf, 1), 0);
	assert_string_equal(buf, "");
	assert_string_equal(p, "");
	/* Nothing there. */
	p = "   ";
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(pm_scan_word(&p, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	p = "";
	assert_int_equal(pm_scan_word(&p, buf, sizeof(buf)), -1);
	p = "\n";
	assert_int_equal(pm_scan_word(&p, buf, sizeof(buf)), -1);
	assert_string_equal(p, "\n");
}

static void
test_sysfile_read(void **state)
{
	static const size_t sizes[] = { 0, 1, 4094, 4095, 4096, 4097, 8191,
	    8192, 8193, 100000 };
	struct pm_buf b = { 0 };
	struct pm_err e = { "" };
	char *data, want[PATH_MAX + 64];
	size_t i, k, n;

	(void)state;
	assert_int_equal(mkdir(t_path("root"), 0700), 0);
	data = malloc(100001);
	assert_non_null(data);
	for (k = 0; k < 100000; k++)
		data[k] = k % 100 == 99 ? '\n' : (char)('a' + k % 26);

	/* One buffer, reused for sizes around the growth points, bigger
	 * and smaller again. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]) * 2; i++) {
		n = sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];
		t_write("root/file", data, n);
		if (pm_sysfile_read(&b, t_path("root"), "file", &e) != 0)
			fail_msg("%zu bytes: %s", n, e.msg);
		assert_int_equal(b.len, n);
		assert_non_null(b.data);
		assert_true(b.cap > b.len);
		assert_memory_equal(b.data, data, n);
		assert_int_equal(b.data[n], '\0');
	}
	pm_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len + b.cap, 0);

	/* A kernel file reads the same way (its size says 0). */
	if (pm_sysfile_read(&b, "/proc/self", "status", &e) != 0)
		fail_msg("/proc/self/status: %s", e.msg);
	assert_true(b.len > 0 && strlen(b.data) == b.len);
	assert_non_null(strstr(b.data, "Name:"));
	pm_buf_release(&b);

	/* A missing file names the whole path. */
	assert_int_equal(pm_sysfile_read(&b, t_path("root"), "nope/stat", &e),
	    -1);
	snprintf(want, sizeof(want), "%s/nope/stat: No such file or directory",
	    t_path("root"));
	assert_string_equal(e.msg, want);
	assert_int_equal(pm_sysfile_read(&b, t_path("root"), "nope", NULL), -1);
	/* A directory cannot be read. */
	assert_int_equal(pm_sysfile_read(&b, t_dir, "root", &e), -1);
	assert_non_null(strstr(e.msg, "root: Is a directory"));
	pm_buf_release(&b);
	free(data);
}

static void
test_sysfile_small(void **state)
{
	struct pm_err e = { "" };
	char buf[16], want[PATH_MAX + 64], root[PATH_MAX];
	uint64_t u;
	int64_t i;

	(void)state;
	snprintf(root, sizeof(root), "%s", t_path("small"));
	assert_int_equal(mkdir(root, 0700), 0);
	t_write_str("small/u", "12345\n");
	t_write_str("small/umax", "18446744073709551615\n");
	t_write_str("small/ubig", "18446744073709551616\n");
	t_write_str("small/neg", "-42\n");
	t_write_str("small/text", "hello world\nsecond\n");
	t_write_str("small/bad", "abc\n");
	t_write_str("small/empty", "");

	assert_int_equal(pm_sysfile_u64(root, "u", &u, &e), 0);
	assert_true(u == 12345);
	assert_int_equal(pm_sysfile_u64(root, "umax", &u, &e), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(pm_sysfile_u64(root, "ubig", &u, &e), -1);
	assert_non_null(strstr(e.msg, "ubig: not a number"));
	assert_int_equal(pm_sysfile_u64(root, "neg", &u, &e), -1);
	assert_int_equal(pm_sysfile_u64(root, "bad", &u, &e), -1);
	snprintf(want, sizeof(want), "%s/bad: not a number: \"abc\"", root);
	assert_string_equal(e.msg, want);
	assert_int_equal(pm_sysfile_u64(root, "empty", &u, &e), -1);
	assert_int_equal(pm_sysfile_u64(root, "missing", &u, &e), -1);
	snprintf(want, sizeof(want), "%s/missing: No such file or directory",
	    root);
	assert_string_equal(e.msg, want);

	assert_int_equal(pm_sysfile_i64(root, "neg", &i, &e), 0);
	assert_int_equal(i, -42);
	assert_int_equal(pm_sysfile_i64(root, "u", &i, &e), 0);
	assert_int_equal(i, 12345);
	assert_int_equal(pm_sysfile_i64(root, "umax", &i, &e), -1);
	assert_int_equal(pm_sysfile_i64(root, "bad", &i, &e), -1);
	assert_non_null(strstr(e.msg, "bad: not a number"));
	assert_int_equal(pm_sysfile_i64(root, "empty", &i, &e), -1);

	assert_int_equal(pm_sysfile_line(root, "text", buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "hello world");
	assert_int_equal(pm_sysfile_line(root, "text", buf, 6, &e), 0);
	assert_string_equal(buf, "hello");
	assert_int_equal(pm_sysfile_line(root, "empty", buf, sizeof(buf), &e),
	    0);
	assert_string_equal(buf, "");
	assert_int_equal(pm_sysfile_line(root, "missing", buf, sizeof(buf),
	    &e), -1);
	assert_string_equal(e.msg, want);

	assert_true(pm_sysfile_exists(root, "u"));
	assert_false(pm_sysfile_exists(root, "missing"));
	assert_true(pm_sysfile_exists(t_dir, "small"));
}

static void
test_err(void **state)
{
	struct pm_err e;
	char longs[PM_ERR_MAX * 2];

	(void)state;
	assert_int_equal(pm_err_set(&e, "bad %s %d", "x", 3), -1);
	assert_string_equal(e.msg, "bad x 3");
	assert_int_equal(pm_err_set(NULL, "ignored"), -1);

	errno = ENOENT;
	assert_int_equal(pm_err_errno(&e, "/proc/%s", "stat"), -1);
	assert_string_equal(e.msg, "/proc/stat: No such file or directory");
	assert_int_equal(errno, ENOENT);	/* kept for the caller */
	assert_int_equal(pm_err_errno(NULL, "x"), -1);

	assert_int_equal(pm_err_prefix(&e, "%s:%d", "file", 7), -1);
	assert_string_equal(e.msg,
	    "file:7: /proc/stat: No such file or directory");
	assert_int_equal(pm_err_prefix(NULL, "x"), -1);

	/* Long messages are cut, never overrun. */
	memset(longs, 'x', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	pm_err_set(&e, "%s", longs);
	assert_int_equal(strlen(e.msg), PM_ERR_MAX - 1);
	errno = EIO;
	pm_err_errno(&e, "%s", longs);
	assert_int_equal(strlen(e.msg), PM_ERR_MAX - 1);
	pm_err_set(&e, "tail");
	pm_err_prefix(&e, "%s", longs);
	assert_int_equal(strlen(e.msg), PM_ERR_MAX - 1);
	pm_err_set(&e, "%s", longs);
	pm_err_prefix(&e, "head");
	assert_int_equal(strlen(e.msg), PM_ERR_MAX - 1);
	assert_memory_equal(e.msg, "head: xxx", 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_u64),
		cmocka_unit_test(test_scan_sequence),
		cmocka_unit_test(test_scan_double),
		cmocka_unit_test(test_scan_word),
		cmocka_unit_test(test_sysfile_read),
		cmocka_unit_test(test_sysfile_small),
		cmocka_unit_test(test_err),
	};

	return cmocka_run_group_tests_name("pm_sysfile", tests, t_setup,
	    t_teardown);
}
