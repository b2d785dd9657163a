/* pm_time: timestamps, durations and the clock, all in nanoseconds.
 *
 * Timestamps are int64 nanoseconds since the Unix epoch (UTC); durations are
 * int64 nanoseconds.  One parser serves every command.
 */
#ifndef PM_TIME_H
#define PM_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

#define PM_NS_PER_MS INT64_C(1000000)
#define PM_NS_PER_S  INT64_C(1000000000)

/* Marks "no timestamp" in a point. */
#define PM_TS_NONE INT64_MIN

/* Length of an RFC 3339 UTC timestamp with milliseconds, without the NUL:
 * 2026-11-22T15:30:00.123Z */
#define PM_TS_LEN 24

/* "500ms", "30s", "5m", "24h", "7d", "1h30m", "1.5s", "250us"; a bare
 * number means seconds.  Negative, empty and out-of-range values fail. */
int pm_duration_parse(const char *s, int64_t *ns, struct pm_err *e);

/* Write d as the shortest exact form ("1h30m", "500ms", "0s"). */
void pm_duration_format(int64_t ns, char *buf, size_t size);

/* RFC 3339 with any offset and optional fraction ('T', 't' or ' ' between
 * date and time), or a date alone (midnight UTC).  len may be less than
 * strlen(s).  */
int pm_rfc3339_parse(const char *s, size_t len, int64_t *ns);

/* Format ns as RFC 3339 UTC with milliseconds; buf must hold PM_TS_LEN + 1. */
void pm_rfc3339_format(int64_t ns, char buf[PM_TS_LEN + 1]);

/* A time given by a user: RFC 3339, epoch seconds ("1763825400.5"),
 * "now", "now-1h", "now+5m" or "-1h" (relative to now). */
int pm_time_parse(const char *s, int64_t now, int64_t *ns, struct pm_err *e);

/* The wall clock, unless the environment pins it: PM_NOW (any form
 * pm_time_parse takes, read once) makes pm_clock_pinned() true, and the
 * tools then use that instant and advance it themselves instead of
 * sleeping, so tests and replays are exact. */
int64_t pm_clock_now(void);
int pm_clock_pinned(void);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t pm_clock_mono(void);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t pm_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
