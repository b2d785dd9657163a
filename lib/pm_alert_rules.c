/* pm-alert's rules from its command line (see pm_alert_rules.h). */
#include "pm_alert_rules.h"

#include "pm_rules_file.h"

/* The defaults of spec applied to r, number i from 1. */
static int
defaults(const struct pm_alert_rules_spec *spec, struct pm_rule *r, size_t i,
    struct pm_err *e)
{
	size_t j;

	if (!r->warn.set && !r->crit.set) {
		if (spec->warn != NULL)
			pm_threshold_parse(&r->warn, spec->warn, e);
		if (spec->crit != NULL)
			pm_threshold_parse(&r->crit, spec->crit, e);
	}
	if (!r->warn.set && !r->crit.set)
		return pm_err_set(e, "rule %zu (%s): no threshold: add a "
		    "comparison (> 90), or -w/-c", i, r->name);
	for (j = 0; j < spec->nlabels; j++)
		if (pm_rule_add_label(r, spec->labels[j].key,
		    spec->labels[j].value, e) != 0)
			return pm_err_prefix(e, "-l");
	for (j = 0; j < spec->nannotations; j++)
		if (pm_rule_add_annotation(r, spec->annotations[j].key,
		    spec->annotations[j].value, e) != 0)
			return pm_err_prefix(e, "-a");
	return 0;
}

int
pm_alert_rules_make(const struct pm_alert_rules_spec *spec,
    struct pm_rule *rules, size_t *n, size_t max, struct pm_err *e)
{
	size_t i;

	for (i = 0; i < spec->ntexts; i++, (*n)++)
		if (*n == max)
			return pm_err_set(e, "more than %zu rules", max);
		else if (pm_rule_parse(&rules[*n], spec->texts[i], NULL, e) != 0)
			return pm_err_prefix(e, "rule %zu", i + 1);
	if (spec->file != NULL &&
	    pm_rules_file_load(spec->file, rules, n, max, e) != 0)
		return -1;
	if (*n == 0)
		return pm_err_set(e, "no rules (-r or --rules)");
	for (i = 0; i < *n; i++)
		if (defaults(spec, &rules[i], i + 1, e) != 0)
			return -1;
	return 0;
}
