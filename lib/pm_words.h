/* pm_words: split a command line into words the way sh would, without a
 * shell: blanks separate words; 'single quotes' keep everything; "double
 * quotes" keep everything but \" \\ \$ \` (a backslash before anything
 * else stays); outside quotes a backslash keeps the next character.  No
 * variables, globs, redirections or pipes: a word with them is just a
 * word, which is what a benchmark of the command itself wants.
 *
 * Ownership: a returned array and its strings are one allocation; free()
 * it.
 */
#ifndef PM_WORDS_H
#define PM_WORDS_H

#include <stddef.h>

#include "pm_err.h"

/* The words of s, NULL-terminated, with their count in *n; NULL with e on
 * an unterminated quote, no words or no memory. */
char **pm_words_split(const char *s, size_t *n, struct pm_err *e);

/* The n words w copied into one such allocation, NULL-terminated; NULL
 * with e when memory ran out. */
char **pm_words_pack(const char *const *w, size_t n, struct pm_err *e);

#endif
