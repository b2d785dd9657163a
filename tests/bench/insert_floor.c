/* insert_floor: the plain way to store NDJSON points in SQLite, for scale:
 * each line parsed by cJSON (as pm-query parses it), its five fields bound
 * to one prepared INSERT into a single table, 50,000 rows a transaction
 * (pm-query's batch), WAL and synchronous=NORMAL as pm-query's store.  No
 * validation, no series table, no duplicate handling: what pm-query does
 * beyond this is its own cost.
 * usage: insert_floor DB < points.ndjson   (prints the rows stored) */
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 50000

static const char *
text(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "insert_floor: %s: %s\n", sql, msg);
	sqlite3_free(msg);
	return -1;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *ins;
	char *line = NULL, *labels;
	size_t cap = 0;
	long rows = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: insert_floor DB < points.ndjson\n");
		return 2;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    "CREATE TABLE p(ts TEXT, host TEXT, metric TEXT, value REAL,"
	    " labels TEXT); BEGIN") != 0 ||
	    sqlite3_prepare_v2(db, "INSERT INTO p VALUES (?, ?, ?, ?, ?)", -1,
	    &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "insert_floor: %s: %s\n", argv[1],
		    sqlite3_errmsg(db));
		return 1;
	}
	while (getline(&line, &cap, stdin) > 0) {
		cJSON *o = cJSON_Parse(line);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value");

		if (!cJSON_IsNumber(v)) {
			cJSON_Delete(o);
			continue;
		}
		labels = cJSON_PrintUnformatted(
		    cJSON_GetObjectItemCaseSensitive(o, "labels"));
		sqlite3_bind_text(ins, 1, text(o, "ts"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, text(o, "host"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, text(o, "metric"), -1, SQLITE_STATIC);
		sqlite3_bind_double(ins, 4, v->valuedouble);
		sqlite3_bind_text(ins, 5, labels, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "insert_floor: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(ins);
		cJSON_free(labels);
		cJSON_Delete(o);
		if (++rows % BATCH == 0 && exec(db, "COMMIT; BEGIN") != 0)
			return 1;
	}
	if (exec(db, "COMMIT") != 0)
		return 1;
	sqlite3_finalize(ins);
	sqlite3_close(db);
	free(line);
	printf("%ld\n", rows);
	return 0;
}
