/* pm_stop: SIGINT and SIGTERM as a request to stop cleanly.
 *
 * pm_stop_catch installs one handler for both, without SA_RESTART (so a
 * blocking poll(2) returns), that sets pm_stop_signal to the signal's
 * number and writes a byte to a pipe: a poll on that pipe wakes even when
 * the signal came between a look at the flag and the poll.  A tool that
 * reads its input then stops reading as at the end of the input, and
 * finishes what it began (writes, commits, state).
 *
 * Ownership: process-wide; the pipe (close-on-exec) lasts as long as the
 * process.
 */
#ifndef PM_STOP_H
#define PM_STOP_H

#include <signal.h>

/* 0 until a stop is asked; then SIGINT or SIGTERM. */
extern volatile sig_atomic_t pm_stop_signal;

/* Catch SIGINT and SIGTERM; 0, or -1 with errno when the pipe could not
 * be made (the handler is installed all the same; only the wake-up of
 * pm_stop_wait is lost). */
int pm_stop_catch(void);

/* Wait until fd has input (or an end, or an error) or a stop is asked;
 * on a stop, fd becomes /dev/null so that the next read(2) sees the end
 * of the file.  1 when stopped, else 0.  fd -1: only the flag is read. */
int pm_stop_wait(int fd);

/* The read end of the wake-up pipe (-1 before pm_stop_catch), for a
 * caller that polls with a timeout of its own: readable once a stop is
 * asked.  Never read it: every waiter shares the byte. */
int pm_stop_fd(void);

#endif
