/* reader_bench: points per second through pm_reader on one thread ("pm"),
 * through it on the threads the commands use for a file ("pm-threads":
 * pm_reader_threads' default), or through cJSON alone on the same lines
 * ("cjson": the floor any cJSON-based reader starts from).  Separate runs,
 * so pm's cJSON hooks don't touch the baseline.
 * usage: reader_bench pm|pm-threads|cjson FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "pm_reader.h"
#include "pm_time.h"

static long
read_pm(char **path, int threads)
{
	struct pm_reader r;
	struct pm_point p;
	struct pm_err e;
	long n = 0;
	int rc;

	pm_reader_init(&r, path, 1);
	r.threads = threads;
	while ((rc = pm_reader_next(&r, &p, &e)) != PM_READ_EOF) {
		if (rc == PM_READ_POINT)
			n++;
		else
			fprintf(stderr, "reader_bench: %s\n", e.msg);
	}
	pm_reader_release(&r);
	return n;
}

static long
read_cjson(const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		cJSON *j = cJSON_ParseWithLength(line, (size_t)len);

		n += j != NULL;
		cJSON_Delete(j);
	}
	free(line);
	fclose(fp);
	return n;
}

int
main(int argc, char **argv)
{
	int64_t t0, t1;
	long n;

	if (argc != 3 || (strcmp(argv[1], "pm") && strcmp(argv[1], "cjson") &&
	    strcmp(argv[1], "pm-threads"))) {
		fprintf(stderr, "usage: reader_bench pm|pm-threads|cjson file\n");
		return 2;
	}
	t0 = pm_clock_mono();
	n = strcmp(argv[1], "cjson") == 0 ? read_cjson(argv[2]) :
	    read_pm(argv + 2, strcmp(argv[1], "pm") == 0 ? 1 :
	    pm_reader_threads(NULL));
	t1 = pm_clock_mono();
	if (n < 0)
		return 1;
	printf("%s %ld %.0f\n", argv[1], n, n / ((double)(t1 - t0) / 1e9));
	return 0;
}
