/* spawn_floor: the least a command benchmark can measure for a command: N
 * runs of fork+execv (or posix_spawn) and wait4, each timed with
 * CLOCK_MONOTONIC, nothing else.  Prints "fork MEAN MEDIAN" and
 * "spawn MEAN MEDIAN" in microseconds.
 * usage: spawn_floor N PATH [ARG ...] */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report(const char *what, double *t, long n)
{
	double sum = 0;
	long i;

	for (i = 0; i < n; i++)
		sum += t[i];
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%s %.1f %.1f\n", what, sum / (double)n, t[n / 2]);
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	double *t, t0;
	long n, i;
	pid_t pid;
	int st, mode;

	if (argc < 3 || (n = strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: spawn_floor N PATH [ARG ...]\n");
		return 2;
	}
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	for (mode = 0; mode < 2; mode++) {
		for (i = 0; i < n; i++) {
			t0 = now_us();
			if (mode == 0) {
				if ((pid = fork()) == 0) {
					execv(argv[2], argv + 2);
					_exit(127);
				}
			} else if (posix_spawn(&pid, argv[2], NULL, NULL,
			    argv + 2, environ) != 0)
				return 1;
			if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
				return 1;
			t[i] = now_us() - t0;
		}
		report(mode == 0 ? "fork" : "spawn", t, n);
	}
	free(t);
	return 0;
}
