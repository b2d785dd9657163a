/* pm_alert_rules: pm-alert's rules as its command line gives them.
 *
 * The rules are the -r texts (pm_rule.h), then those of a rules file
 * (pm_rules_file.h).  A rule with no threshold of its own takes the
 * default ones (-w, -c); one with none even then is refused.  Every rule
 * gets the extra labels and annotations (-l, -a).  Messages name the rule
 * as the user counts them ("rule 2: ...", "rule 2 (HighCPU): ...") and
 * the option at fault.
 *
 * Ownership: the spec is borrowed; the rules made are the caller's
 * (pm_rule_release each of rules[0..*n), also after a failure).
 */
#ifndef PM_ALERT_RULES_H
#define PM_ALERT_RULES_H

#include <stddef.h>

#include "pm_point.h"
#include "pm_rule.h"

struct pm_alert_rules_spec {
	const char *const *texts;	/* -r */
	size_t ntexts;
	const char *file;	/* --rules, or NULL */
	const char *warn, *crit;	/* thresholds (valid), or NULL */
	const struct pm_label *labels, *annotations;	/* key=template */
	size_t nlabels, nannotations;
};

/* Make the rules of spec into rules[*n..max): 0, or -1 with e. */
int pm_alert_rules_make(const struct pm_alert_rules_spec *spec,
    struct pm_rule *rules, size_t *n, size_t max, struct pm_err *e);

#endif
