/* pm_err: an error message that lib/ hands back to the command.
 *
 * lib/ never prints or exits; a function that fails fills a caller-owned
 * struct pm_err and returns -1.  The command decides how to report it.
 */
#ifndef PM_ERR_H
#define PM_ERR_H

#include <stddef.h>

#define PM_ERR_MAX 512

struct pm_err {
	char msg[PM_ERR_MAX];
};

/* Format a message into e (when e is not NULL); always returns -1 so that
 * callers can write `return pm_err_set(e, "...")`. */
int pm_err_set(struct pm_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* As pm_err_set, with ": strerror(errno)" appended. */
int pm_err_errno(struct pm_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put "prefix: " in front of the message already in e. */
int pm_err_prefix(struct pm_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The static analyzer (make analyze) sees one file at a time: tell it that
 * these return -1, or it follows `return pm_err_set(...)` as a success. */
#if defined(__clang_analyzer__) && !defined(PM_ERR_IMPL)
#define pm_err_set(...) (pm_err_set(__VA_ARGS__), -1)
#define pm_err_errno(...) (pm_err_errno(__VA_ARGS__), -1)
#define pm_err_prefix(...) (pm_err_prefix(__VA_ARGS__), -1)
#endif

#endif
