/* pm_screen: a view redrawn in place on the terminal, through curses
 * (terminfo), as top and htop do: the alternate screen while it lasts,
 * only what changed sent at each redraw, the size followed when the
 * terminal is resized, and the terminal as it was when it ends.
 *
 * A view is text as pm_tline writes it: lines of UTF-8, each maybe with
 * the colour escapes of a severity ("\033[33m", "\033[1;31m", "\033[m"),
 * which become curses colours (or none, when colour is off).  Since views
 * are UTF-8 whatever the locale, the screen sets LC_CTYPE to the
 * environment's, or to C.UTF-8 when that one is not UTF-8.
 *
 * Signals: the caller's SIGINT and SIGTERM handlers must be in place
 * before pm_screen_init (curses then leaves them alone) and set the stop
 * flag given to pm_screen_wait; curses handles SIGWINCH (a resize) and
 * SIGTSTP (it gives the terminal back while stopped).
 *
 * Ownership: the screen owns its curses SCREEN; pm_screen_release leaves
 * the alternate screen, restores the terminal's modes and frees it.
 */
#ifndef PM_SCREEN_H
#define PM_SCREEN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "pm_err.h"

struct pm_screen {
	void *sp;		/* curses' SCREEN, NULL when not started */
	int colour;
	int keys;		/* stdin is a terminal: read keys from it */
};

enum pm_screen_event {
	PM_SCREEN_TIMEOUT,	/* the time given passed */
	PM_SCREEN_RESIZED,	/* draw again, pm_screen_cols wide */
	PM_SCREEN_QUIT,		/* q pressed, or the stop flag set */
	PM_SCREEN_NOW,		/* space pressed: a new view now */
};

/* Start curses on the terminal of stdout (and its keys on stdin, when a
 * terminal): -1 with e when the terminal cannot be used (no TERM, or
 * one terminfo does not know). */
int pm_screen_init(struct pm_screen *s, int colour, struct pm_err *e);

/* The terminal's width now. */
int pm_screen_cols(const struct pm_screen *s);

/* Show the view text (len bytes) in place of the last one; lines past
 * the bottom are left out. */
void pm_screen_draw(struct pm_screen *s, const char *text, size_t len);

/* Wait at most ns for a key, a resize or *stop. */
enum pm_screen_event pm_screen_wait(struct pm_screen *s, int64_t ns,
    volatile sig_atomic_t *stop);

void pm_screen_release(struct pm_screen *s);

#endif
