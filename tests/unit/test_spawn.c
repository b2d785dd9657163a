/* Unit tests for lib/pm_spawn (running nvidia-smi and the like) and the
 * small sysfs helpers of lib/pm_sysdev. */
#include "pm_test.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "pm_spawn.h"
#include "pm_sysdev.h"
#include "pm_time.h"

static void
test_run(void **state)
{
	char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	struct pm_spawn_result r = { 0 };
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_spawn_run(argv, 10 * PM_NS_PER_S, &r, &e), 0);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out.data, "out\n");
	assert_string_equal(r.err.data, "err\n");
	/* The result is reused: nothing of the first run stays. */
	argv[2] = "kill -TERM $$";
	assert_int_equal(pm_spawn_run(argv, 10 * PM_NS_PER_S, &r, &e), 0);
	assert_int_equal(r.status, 128 + SIGTERM);
	assert_string_equal(r.out.data, "");
	pm_spawn_result_release(&r);
}

static void
test_big_output(void **state)
{
	/* More than a pipe holds, on both pipes at once. */
	char *argv[] = { "sh", "-c",
	    "i=0; while [ $i -lt 3000 ]; do echo 0123456789012345678901234567890123456789;"
	    " echo e >&2; i=$((i + 1)); done", NULL };
	struct pm_spawn_result r = { 0 };
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_spawn_run(argv, 30 * PM_NS_PER_S, &r, &e), 0);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out.len, 3000 * 41);
	assert_int_equal(r.err.len, 3000 * 2);
	pm_spawn_result_release(&r);
}

static void
test_missing(void **state)
{
	char *argv[] = { "pm-no-such-program-here", NULL };
	char *abs[] = { "/nonexistent/pm-no-such-program", NULL };
	struct pm_spawn_result r = { 0 };
	struct pm_err e;

	(void)state;
	assert_int_equal(pm_spawn_run(argv, PM_NS_PER_S, &r, &e), 1);
	assert_int_equal(pm_spawn_run(abs, PM_NS_PER_S, &r, &e), 1);
	pm_spawn_result_release(&r);
}

static void
test_timeout(void **state)
{
	char *argv[] = { "sleep", "30", NULL };
	struct pm_spawn_result r = { 0 };
	struct pm_err e;
	int64_t t0 = pm_clock_mono();

	(void)state;
	assert_int_equal(pm_spawn_run(argv, 100 * PM_NS_PER_MS, &r, &e), -1);
	assert_string_equal(e.msg, "sleep: no answer in time");
	assert_true(pm_clock_mono() - t0 < 10 * PM_NS_PER_S);
	/* Killed and reaped: no child is left. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(r.status, 128 + SIGKILL);
	pm_spawn_result_release(&r);
}

static void
test_sysdev(void **state)
{
	char root[PATH_MAX], path[PATH_MAX + 32];
	const char *dirs[] = { "card10", "card2", "card0-DP-1", "card", "cardx",
	    "card0", "renderD128" };
	struct pm_buf b = { 0 };
	struct pm_err e;
	unsigned *n;
	uint64_t v;
	size_t i;

	(void)state;
	snprintf(root, sizeof(root), "%s/sysdev", t_dir);
	snprintf(path, sizeof(path), "%s/drm", root);
	assert_int_equal(mkdir(root, 0755) | mkdir(path, 0755), 0);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/drm/%s", root, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	assert_int_equal(pm_sysdev_numbered(root, "drm", "card", &n, &e), 3);
	assert_int_equal(n[0], 0);
	assert_int_equal(n[1], 2);
	assert_int_equal(n[2], 10);
	free(n);
	assert_int_equal(pm_sysdev_numbered(root, "none", "card", &n, &e), 0);
	assert_null(n);

	t_write_str("sysdev/busy", "87\n");
	assert_int_equal(pm_sysdev_number(&b, root, "busy", &v, &e), 1);
	assert_true(v == 87);
	assert_int_equal(pm_sysdev_number(&b, root, "missing", &v, &e), 0);
	t_write_str("sysdev/busy", "87 %\n");
	assert_int_equal(pm_sysdev_number(&b, root, "busy", &v, &e), -1);
	assert_non_null(strstr(e.msg, "/busy: not a number: \"87 %\""));
	pm_buf_release(&b);

	t_write_str("sysdev/uevent",
	    "DRIVER=intel_vpu\nPCI_ID=8086:7D1D\nPCI_SLOT_NAME=0000:00:0b.0\n");
	pm_sysdev_uevent(root, "uevent", "PCI_ID", path, sizeof(path));
	assert_string_equal(path, "8086:7D1D");
	pm_sysdev_uevent(root, "uevent", "PCI", path, sizeof(path));
	assert_string_equal(path, "");
	pm_sysdev_uevent(root, "nofile", "DRIVER", path, sizeof(path));
	assert_string_equal(path, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_big_output),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_sysdev),
	};

	return cmocka_run_group_tests_name("pm_spawn", tests, t_setup,
	    t_teardown);
}
