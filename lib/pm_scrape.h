/* pm_scrape: Prometheus endpoints as a source of points, read by the
 * sampler beside the system collectors: each URL is a collector of its
 * own, named "scrape URL", whose reading fails alone.
 *
 * At each reading every target is fetched with libcurl, all at once (the
 * first target's reading fetches them all), each with its own easy handle
 * kept across readings so connections stay open.  A body is parsed with
 * pm_promtext and turned into points: metric names and labels as served,
 * plus instance="HOST:PORT" (a served instance label becomes
 * exported_instance, as Prometheus does), the sample's own timestamp when
 * it has one.  Then per target scrape.up, scrape.duration, scrape.samples
 * and scrape.skipped.  A target that fails (no connection, timeout, an
 * HTTP status other than 2xx, a bad line) writes none of its samples, as
 * in Prometheus, only its scrape.* points with scrape.up 0, and its
 * reading fails with the reason.
 *
 * With rate set, counters (pm_promtext's sample.counter) become per-second
 * rates between two readings: the priming reading scrapes to remember
 * them, as the collectors' does, and a counter that went down gives 0.
 * Without it the priming reading fetches nothing.
 *
 * Ownership: the urls and the match pattern are borrowed (argv).  Nothing
 * is allocated before pm_scraper_start, so a command may add targets while
 * parsing options and exit on a usage error.  pm_scraper_start hands each
 * target to the sampler, which owns and releases it; pm_scraper_release
 * frees what they share, after or before pm_sampler_release.
 */
#ifndef PM_SCRAPE_H
#define PM_SCRAPE_H

#include <signal.h>
#include <stdint.h>

#include "pm_err.h"
#include "pm_sampler.h"

#define PM_SCRAPE_MAX 16
#define PM_SCRAPE_TIMEOUT (5 * PM_NS_PER_S)

struct pm_scrape;

struct pm_scraper {
	/* Settings, before pm_scraper_start. */
	const char *urls[PM_SCRAPE_MAX];
	size_t n;
	int64_t timeout;	/* per request, connecting included; ns */
	int rate;		/* counters as rates */
	const char *match;	/* POSIX ERE on metric names, or NULL */
	/* Set by a signal handler: requests still running are dropped, and
	 * their targets write nothing and do not fail.  May be NULL. */
	volatile sig_atomic_t *stop;
	/* Private. */
	struct pm_scrape *targets[PM_SCRAPE_MAX]; /* owned by the sampler */
	size_t started;
	void *multi;		/* CURLM *, keeps the connections */
	void *headers;		/* struct curl_slist * */
	void *re;		/* regex_t * of match */
};

/* A scraper with no targets, the default timeout and no rates. */
void pm_scraper_init(struct pm_scraper *s);

/* Add a target: an http:// or https:// URL with a host; -1 with e when
 * it is not one or there are too many. */
int pm_scraper_add(struct pm_scraper *s, const char *url, struct pm_err *e);

/* Check a match pattern; -1 with regcomp's reason in e. */
int pm_scraper_match_valid(const char *pattern, struct pm_err *e);

/* Load libcurl and add every target to sampler (none: nothing is done);
 * -1 with e. */
int pm_scraper_start(struct pm_scraper *s, struct pm_sampler *sampler,
    struct pm_err *e);

void pm_scraper_release(struct pm_scraper *s);

#endif
