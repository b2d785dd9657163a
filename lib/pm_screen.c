/* A view redrawn in place through curses (see pm_screen.h). */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pm_screen.h"

enum { PAIR_WARNING = 1, PAIR_CRITICAL = 2 };

/* Views are UTF-8: curses must think so too, or it shows their bars and
 * arrows as M-x escapes. */
static void
utf8_ctype(void)
{
	const char *cs;

	if (setlocale(LC_CTYPE, "") != NULL &&
	    (cs = nl_langinfo(CODESET)) != NULL && strcmp(cs, "UTF-8") == 0)
		return;
	setlocale(LC_CTYPE, "C.UTF-8");
}

int
pm_screen_init(struct pm_screen *s, int colour, struct pm_err *e)
{
	const char *term = getenv("TERM");
	SCREEN *sp;

	memset(s, 0, sizeof(*s));
	if (term == NULL || *term == '\0')
		return pm_err_set(e, "TERM is not set");
	utf8_ctype();
	fflush(stdout);
	if ((sp = newterm(NULL, stdout, stdin)) == NULL)
		return pm_err_set(e, "TERM=%s: unknown to terminfo", term);
	s->sp = sp;
	s->keys = isatty(STDIN_FILENO);
	cbreak();		/* keys one at a time; Ctrl-C still a SIGINT */
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	curs_set(0);
	if (colour && has_colors() && start_color() == OK) {
		short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;

		init_pair(PAIR_WARNING, COLOR_YELLOW, bg);
		init_pair(PAIR_CRITICAL, COLOR_RED, bg);
		s->colour = 1;
	}
	return 0;
}

int
pm_screen_cols(const struct pm_screen *s)
{
	(void)s;
	return COLS;
}

/* The escape at p ("\033[...m"), as attributes: its length. */
static size_t
sgr(const struct pm_screen *s, const char *p, const char *end, attr_t *attr,
    short *pair)
{
	const char *q = p + 1, *r;
	char *next;
	long n;

	if (q >= end || *q != '[')
		return 1;
	for (q++; q < end && (*q == ';' || (*q >= '0' && *q <= '9')); q++)
		;
	if (q >= end || *q != 'm')
		return (size_t)(q - p) + (q < end);	/* not a colour: dropped */
	for (r = p + 2; r <= q; r = next + 1) {
		n = strtol(r, &next, 10);
		if (n == 0) {
			*attr = A_NORMAL;
			*pair = 0;
		} else if (n == 1) {
			*attr |= A_BOLD;
		} else if (n == 31) {
			*pair = PAIR_CRITICAL;
		} else if (n == 33) {
			*pair = PAIR_WARNING;
		}
	}
	attrset(*attr | (s->colour ? COLOR_PAIR(*pair) : 0));
	return (size_t)(q - p) + 1;
}

/* Line y: the text from p to end, cut at the screen's width. */
static void
line(const struct pm_screen *s, int y, const char *p, const char *end)
{
	attr_t attr = A_NORMAL;
	short pair = 0;
	const char *c;
	int x = 0;

	move(y, 0);
	attrset(A_NORMAL);
	while (p < end && x < COLS) {
		if (*p == '\033') {
			p += sgr(s, p, end, &attr, &pair);
			continue;
		}
		c = p++;
		while (p < end && ((unsigned char)*p & 0xc0) == 0x80)
			p++;
		if (*c != '\r')
			addnstr(c, (int)(p - c));
		x++;
	}
	attrset(A_NORMAL);
}

void
pm_screen_draw(struct pm_screen *s, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	int y;

	/* erase() only clears curses' copy: refresh() then sends what
	 * differs from the screen, so nothing flickers. */
	erase();
	for (y = 0; p < end && y < LINES; y++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line(s, y, p, nl);
		p = nl + 1;
	}
	refresh();
}

/* Real time, even when pm_clock is pinned: the terminal is real. */
static int64_t
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* What the keys pressed (and resizes, which curses turns into a key) ask
 * for; PM_SCREEN_TIMEOUT when nothing. */
static enum pm_screen_event
keys(void)
{
	int ch;

	while ((ch = getch()) != ERR) {
		if (ch == KEY_RESIZE)
			return PM_SCREEN_RESIZED;
		if (ch == 'q' || ch == 'Q')
			return PM_SCREEN_QUIT;
		if (ch == ' ')
			return PM_SCREEN_NOW;
		if (ch == ('L' & 0x1f)) {	/* Ctrl-L: draw all anew */
			clearok(curscr, TRUE);
			return PM_SCREEN_RESIZED;
		}
	}
	return PM_SCREEN_TIMEOUT;
}

enum pm_screen_event
pm_screen_wait(struct pm_screen *s, int64_t ns, volatile sig_atomic_t *stop)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	enum pm_screen_event ev = PM_SCREEN_TIMEOUT;
	sigset_t block, old;
	struct timespec ts;
	int64_t end = mono() + ns, left;

	/* The signals that end or resize the wait are let in only while
	 * ppoll sleeps, so none comes between the look and the sleep. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (;;) {
		if ((ev = keys()) != PM_SCREEN_TIMEOUT)
			break;
		if (*stop) {
			ev = PM_SCREEN_QUIT;
			break;
		}
		if ((left = end - mono()) <= 0)
			break;
		ts.tv_sec = left / 1000000000;
		ts.tv_nsec = left % 1000000000;
		pfd.revents = 0;
		if (ppoll(&pfd, s->keys ? 1 : 0, &ts, &old) > 0 &&
		    (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))) {
			ev = PM_SCREEN_QUIT;	/* the terminal went away */
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ev;
}

void
pm_screen_release(struct pm_screen *s)
{
	if (s->sp == NULL)
		return;
	endwin();
	delscreen(s->sp);
	s->sp = NULL;
}
