/* Unit tests for lib/pm_proc: parsing a process's files, and the table of
 * processes from one reading to the next. */
#include "pm_test.h"

#include <sys/stat.h>

#include "pm_proc.h"

#define STAT_TAIL " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"

static void
test_parse_stat(void **state)
{
	struct pm_proc_stat st;

	(void)state;
	assert_int_equal(pm_proc_parse_stat("42 (bash) S 7 42 42 34816 -1 "
	    "4194560 900 0 3 0 120 30 5 6 20 -5 3 0 9999 1000000 250 "
	    "18446744073709551615" STAT_TAIL, &st), 0);
	assert_int_equal(st.pid, 42);
	assert_int_equal(st.ppid, 7);
	assert_int_equal(st.state, 'S');
	assert_string_equal(st.comm, "bash");
	assert_true(st.ticks == 150 && st.child_ticks == 11);
	assert_true(st.threads == 3 && st.start == 9999 && st.rss_pages == 250);

	/* The comm ends at the last ')': blanks and parentheses inside. */
	assert_int_equal(pm_proc_parse_stat("9 (a) b (c)) Z 1 9 9 0 -1 0 0 0 0 0 "
	    "1 2 0 0 20 0 1 0 77 0 0 0" STAT_TAIL, &st), 0);
	assert_string_equal(st.comm, "a) b (c)");
	assert_int_equal(st.state, 'Z');
	assert_true(st.ticks == 3 && st.start == 77);

	/* A long kworker name is kept (63 bytes at most). */
	assert_int_equal(pm_proc_parse_stat("5 (kworker/u8:2-events_unbound) I "
	    "2 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0 0" STAT_TAIL, &st), 0);
	assert_string_equal(st.comm, "kworker/u8:2-events_unbound");

	/* Not stat lines. */
	assert_int_equal(pm_proc_parse_stat("", &st), -1);
	assert_int_equal(pm_proc_parse_stat("42 bash S 7", &st), -1);
	assert_int_equal(pm_proc_parse_stat("42 (bash) S 7 42 42", &st), -1);
	assert_int_equal(pm_proc_parse_stat("x (bash) S 7 42 42 0 -1 0 0 0 0 0 "
	    "1 2 0 0 20 0 1 0 3 0 0 0" STAT_TAIL, &st), -1);
	assert_int_equal(pm_proc_parse_stat("0 (bash) S 7 42 42 0 -1 0 0 0 0 0 "
	    "1 2 0 0 20 0 1 0 3 0 0 0" STAT_TAIL, &st), -1);
	assert_int_equal(pm_proc_parse_stat("42 (bash) S 7 42 42 0 -1 0 0 0 0 0 "
	    "1 x2 0 0 20 0 1 0 3 0 0 0" STAT_TAIL, &st), -1);
	assert_int_equal(pm_proc_parse_stat("42 (bash)S 7 42 42 0 -1 0 0 0 0 0 "
	    "1 2 0 0 20 0 1 0 3 0 0 0" STAT_TAIL, &st), -1);
}

static void
test_parse_status_io(void **state)
{
	uint64_t v, r, w;

	(void)state;
	assert_int_equal(pm_proc_parse_rss("Name:\tx\nVmHWM:\t  9 kB\n"
	    "VmRSS:\t    1234 kB\nRssAnon:\t 5 kB\n", &v), 0);
	assert_true(v == 1234 * 1024);
	assert_int_equal(pm_proc_parse_rss("Name:\tkthreadd\nThreads:\t1\n", &v),
	    -1);
	assert_int_equal(pm_proc_parse_io("rchar: 1\nwchar: 2\nsyscr: 3\n"
	    "syscw: 4\nread_bytes: 4096\nwrite_bytes: 8192\n"
	    "cancelled_write_bytes: 0\n", &r, &w), 0);
	assert_true(r == 4096 && w == 8192);
	assert_int_equal(pm_proc_parse_io("rchar: 1\nread_bytes: 4096\n", &r,
	    &w), -1);
}

/* A process directory under root: stat (ticks, start) and 'nfds' fds. */
static void
mkproc(const char *root, int pid, int ppid, const char *comm, int ticks,
    int start, int nfds, const char *cmdline, size_t cmdlen)
{
	char name[256], text[512];
	int i;

	snprintf(name, sizeof(name), "%s/%d", root, pid);
	mkdir(t_path(name), 0755);
	snprintf(name, sizeof(name), "%s/%d/stat", root, pid);
	snprintf(text, sizeof(text), "%d (%s) S %d 1 1 0 -1 0 0 0 0 0 %d 0 0 0 "
	    "20 0 1 0 %d 0 10" STAT_TAIL, pid, comm, ppid, ticks, start);
	t_write_str(name, text);
	snprintf(name, sizeof(name), "%s/%d/status", root, pid);
	t_write_str(name, "Name:\tx\nVmRSS:\t  8 kB\n");
	snprintf(name, sizeof(name), "%s/%d/io", root, pid);
	t_write_str(name, "read_bytes: 100\nwrite_bytes: 200\n");
	snprintf(name, sizeof(name), "%s/%d/cmdline", root, pid);
	t_write(name, cmdline, cmdlen);
	snprintf(name, sizeof(name), "%s/%d/fd", root, pid);
	mkdir(t_path(name), 0755);
	for (i = 0; i < nfds; i++) {
		snprintf(name, sizeof(name), "%s/%d/fd/%d", root, pid, i);
		t_write_str(name, "");
	}
}

static void
test_table(void **state)
{
	struct pm_proc_table t;
	struct pm_proc_entry *en;
	struct pm_err e;
	int pids[] = { 30, 99 };

	(void)state;
	memset(&t, 0, sizeof(t));
	mkdir(t_path("p0"), 0755);
	mkdir(t_path("p1"), 0755);
	/* Reading 0: 30 and 10, and 20, which exits. */
	mkproc("p0", 30, 10, "python3", 100, 500, 3, "/usr/bin/python3\0x", 18);
	mkproc("p0", 10, 1, "sh", 5, 400, 1, "sh", 3);
	mkproc("p0", 20, 10, "gcc", 7, 450, 1, "gcc", 4);
	mkdir(t_path("p0/self"), 0755);	/* not a process */
	assert_int_equal(pm_proc_table_read(&t, t_path("p0"), NULL, 0, &e), 0);
	assert_int_equal(t.n, 3);
	/* By pid, whatever order the directory gave. */
	assert_int_equal(t.cur[0].st.pid, 10);
	assert_int_equal(t.cur[2].st.pid, 30);
	assert_null(pm_proc_table_find(&t, 99));
	en = pm_proc_table_find(&t, 30);
	assert_non_null(en);
	assert_false(en->has_prev);	/* the first reading primes */
	en->chosen = 1;
	pm_proc_table_extra(&t, en);
	assert_true(en->x.have == (PM_PROC_RSS | PM_PROC_FDS | PM_PROC_IO));
	assert_true(en->x.rss == 8192 && en->x.fds == 3);
	assert_true(en->x.read_bytes == 100 && en->x.write_bytes == 200);
	assert_non_null(en->files);
	assert_int_equal(pm_proc_table_match(&t, en, "python3"), 1);
	assert_int_equal(pm_proc_table_match(&t, en, "x"), 0);

	/* Reading 1: 30 went on, 20 exited, 10 is another process now (a
	 * new start), 40 was born. */
	mkproc("p1", 30, 10, "python3", 160, 500, 3, "/usr/bin/python3", 17);
	mkproc("p1", 10, 1, "bash", 2, 900, 1, "bash", 5);
	mkproc("p1", 40, 30, "worker", 9, 950, 1, "/opt/w/worker --x", 18);
	assert_int_equal(pm_proc_table_read(&t, t_path("p1"), NULL, 0, &e), 0);
	assert_int_equal(t.n, 3);
	assert_null(pm_proc_table_find(&t, 20));
	en = pm_proc_table_find(&t, 30);
	assert_true(en->has_prev && en->prev_ticks == 100 && en->st.ticks == 160);
	assert_true(en->prev_x.have & PM_PROC_IO);
	assert_non_null(en->files);	/* chosen: its files went on with it */
	assert_int_equal(t.nfiles, 1);
	en = pm_proc_table_find(&t, 10);
	assert_true(en->has_prev && en->prev_ticks == 0);	/* born since */
	assert_string_equal(en->st.comm, "bash");
	en = pm_proc_table_find(&t, 40);
	assert_true(en->has_prev && en->prev_ticks == 0);
	assert_int_equal(pm_proc_table_match(&t, en, "worker --x"), 0);
	assert_int_equal(pm_proc_table_match(&t, en, "worker"), 1);
	assert_string_equal(en->argv0, "worker");

	/* Only some pids: a missing one is left out.  30 was not chosen at
	 * the last reading, so its kept files are closed. */
	assert_int_equal(pm_proc_table_read(&t, t_path("p1"), pids, 2, &e), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.cur[0].st.pid, 30);
	assert_null(t.cur[0].files);
	assert_int_equal(t.nfiles, 0);

	/* A bad stat file fails the reading, and says which. */
	t_write_str("p1/40/stat", "40 (worker) S 30 x\n");
	assert_int_equal(pm_proc_table_read(&t, t_path("p1"), NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "p1/40/stat: cannot parse"));
	assert_int_equal(pm_proc_table_read(&t, t_path("nowhere"), NULL, 0, &e),
	    -1);
	pm_proc_table_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test(test_parse_status_io),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests_name("pm_proc", tests, t_setup,
	    t_teardown);
}
