/* pm_rules_file: alerting rules from a JSON file.
 *
 *   {"rules": [{"alert": "HighCPU",
 *               "expr": "avg(cpu.usage{cpu=\"total\"}[5m]) > 90",
 *               "for": "2m", "keep_firing_for": "1m",
 *               "severity": "critical",
 *               "warning": "80", "critical": "90",
 *               "labels": {"team": "ops"},
 *               "annotations": {"summary": "{{host}} CPU at {{value}}%"}},
 *              ...]}
 *
 * (a bare array of rules is taken too).  expr is the rule's text
 * (pm_rule.h); alert names it; for and keep_firing_for, when given, replace
 * the expression's; severity says which threshold a comparison in expr
 * sets (default critical); warning and critical are thresholds of their
 * own, comparisons ("> 80") or Nagios ranges ("80", "@10:20").  Unknown
 * members are errors, so a typo is not silently ignored.
 *
 * Ownership: the rules appended to the caller's array are the caller's.
 */
#ifndef PM_RULES_FILE_H
#define PM_RULES_FILE_H

#include <stddef.h>

#include <cJSON.h>

#include "pm_rule.h"

/* Append the rules of path to rules[*n..max); on failure e says
 * "path: rule N: ..." (N from 1 in the file) or "path: ...", and the rules
 * appended so far stay in the array. */
int pm_rules_file_load(const char *path, struct pm_rule *rules, size_t *n,
    size_t max, struct pm_err *e);

/* The same for a JSON array of rules (path for messages). */
int pm_rules_file_list(const cJSON *list, const char *path,
    struct pm_rule *rules, size_t *n, size_t max, struct pm_err *e);

#endif
