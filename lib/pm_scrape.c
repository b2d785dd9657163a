#include "pm_scrape.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pm_curl.h"
#include "pm_promset.h"

/* A body larger than this is a runaway endpoint, not metrics. */
#define BODY_MAX (64u << 20)
#define REDIRECTS_MAX 5L

/* A target: a collector of the sampler, which owns it. */
struct pm_scrape {
	struct pm_collector col; /* named "scrape URL" */
	struct pm_scraper *owner;
	const char *url;
	char *name;
	char instance[256];
	CURL *h;
	char errbuf[CURL_ERROR_SIZE];
	struct pm_promset sets[2]; /* this scrape and, for rates, the last */
	int cur;
	int primed;		/* sets[!cur] holds a good scrape */
	int too_big, done, dropped;
	int fetched;		/* by this reading's first target */
	CURLcode result;
};

void
pm_scraper_init(struct pm_scraper *s)
{
	memset(s, 0, sizeof(*s));
	s->timeout = PM_SCRAPE_TIMEOUT;
}

/* instance: the URL's host and port ("127.0.0.1:9100", "[::1]:80"), the
 * scheme's port when it has none, without any user:password@. */
static int
instance_of(const char *url, char *buf, size_t size)
{
	const char *host, *end, *at, *port;
	int https = strncasecmp(url, "https://", 8) == 0;

	if (!https && strncasecmp(url, "http://", 7) != 0)
		return -1;
	host = url + (https ? 8 : 7);
	end = host + strcspn(host, "/?#");
	for (at = host; at < end; at++)
		if (*at == '@')
			host = at + 1;
	if (host == end || end - host > 200)
		return -1;
	port = *host == '[' ? memchr(host, ']', (size_t)(end - host)) : host;
	if (port == NULL)
		return -1;
	port = memchr(port, ':', (size_t)(end - port));
	snprintf(buf, size, "%.*s%s", (int)(end - host), host,
	    port != NULL ? "" : https ? ":443" : ":80");
	return 0;
}

int
pm_scraper_add(struct pm_scraper *s, const char *url, struct pm_err *e)
{
	char buf[256];

	if (instance_of(url, buf, sizeof(buf)) != 0)
		return pm_err_set(e, "'%s' is not an http:// or https:// URL "
		    "with a host", url);
	if (s->n == PM_SCRAPE_MAX)
		return pm_err_set(e, "too many URLs (at most %d)", PM_SCRAPE_MAX);
	s->urls[s->n++] = url;
	return 0;
}

int
pm_scraper_match_valid(const char *pattern, struct pm_err *e)
{
	regex_t re;
	char why[256];
	int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);

	if (rc == 0) {
		regfree(&re);
		return 0;
	}
	regerror(rc, &re, why, sizeof(why));
	return pm_err_set(e, "bad regular expression '%s': %s", pattern, why);
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct pm_scrape *t = arg;

	if (pm_promset_append(&t->sets[t->cur], data, size * n, BODY_MAX) != 0) {
		t->too_big = 1;
		return 0;
	}
	return size * n;
}

static int
setup(const struct pm_curl *c, struct pm_scrape *t, long timeout_ms,
    struct curl_slist *headers, struct pm_err *e)
{
	CURL *h;

	if ((t->h = h = c->easy_init()) == NULL)
		return pm_err_set(e, "%s: cannot make a curl handle", t->name);
	c->easy_setopt(h, CURLOPT_URL, t->url);
	c->easy_setopt(h, CURLOPT_ERRORBUFFER, t->errbuf);
	c->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	c->easy_setopt(h, CURLOPT_WRITEDATA, t);
	c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	c->easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	c->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
	c->easy_setopt(h, CURLOPT_USERAGENT, "pm/" PM_VERSION);
	/* As Prometheus: a few redirects, http and https only, and no proxy
	 * from the environment (an exporter is usually close by). */
	c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	c->easy_setopt(h, CURLOPT_MAXREDIRS, REDIRECTS_MAX);
	c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	c->easy_setopt(h, CURLOPT_PROXY, "");
	return 0;
}

static int scrape_read(void *, const struct pm_collect_ctx *, struct pm_err *);
static void scrape_release(void *);

static int
always(const struct pm_sysroot *root)
{
	(void)root;
	return 1;
}

/* Target i, handed to the sampler. */
static int
start_one(struct pm_scraper *s, const struct pm_curl *c, size_t i, long ms,
    struct pm_sampler *sampler, struct pm_err *e)
{
	struct pm_scrape *t = calloc(1, sizeof(*t));
	size_t len = strlen(s->urls[i]) + sizeof("scrape ");

	if (t == NULL || (t->name = malloc(len)) == NULL) {
		free(t);
		return pm_err_set(e, "out of memory");
	}
	t->owner = s;
	t->url = s->urls[i];
	snprintf(t->name, len, "scrape %s", t->url);
	instance_of(t->url, t->instance, sizeof(t->instance));
	t->col.name = t->name;
	t->col.what = "a Prometheus endpoint";
	t->col.available = always;
	t->col.state_size = sizeof(*t);
	t->col.read = scrape_read;
	t->col.release = scrape_release;
	if (setup(c, t, ms, s->headers, e) != 0) {
		scrape_release(t);
		free(t);
		return -1;
	}
	/* The sampler owns t from here, even when it fails. */
	if (pm_sampler_add(sampler, &t->col, t, e) != 0)
		return -1;
	s->targets[s->started++] = t;
	return 0;
}

int
pm_scraper_start(struct pm_scraper *s, struct pm_sampler *sampler,
    struct pm_err *e)
{
	const struct pm_curl *c;
	struct curl_slist *headers;
	char timeout[64];
	long ms = (long)((s->timeout + PM_NS_PER_MS - 1) / PM_NS_PER_MS);
	size_t i;

	if (s->n == 0)
		return 0;
	if ((c = pm_curl_load(e)) == NULL)
		return -1;
	if (s->match != NULL) {
		if ((s->re = malloc(sizeof(regex_t))) == NULL)
			return pm_err_set(e, "out of memory");
		if (regcomp(s->re, s->match, REG_EXTENDED | REG_NOSUB) != 0) {
			free(s->re);
			s->re = NULL;
			return pm_scraper_match_valid(s->match, e);
		}
	}
	if ((s->multi = c->multi_init()) == NULL)
		return pm_err_set(e, "out of memory");
	/* Ask for the text format, and tell the exporter how long we wait. */
	snprintf(timeout, sizeof(timeout),
	    "X-Prometheus-Scrape-Timeout-Seconds: %.3f", (double)ms / 1000);
	headers = c->slist_append(NULL,
	    "Accept: text/plain;version=0.0.4;q=1,*/*;q=0.1");
	if (headers == NULL || (s->headers = c->slist_append(headers,
	    timeout)) == NULL) {
		c->slist_free_all(headers);
		return pm_err_set(e, "out of memory");
	}
	for (i = 0; i < s->n; i++)
		if (start_one(s, c, i, ms, sampler, e) != 0)
			return -1;
	return 0;
}

/* Run every target's request at once; their results in t->result. */
static void
fetch(struct pm_scraper *s, const struct pm_curl *c)
{
	struct pm_scrape *t;
	CURLMcode mc = CURLM_OK;
	CURLMsg *msg;
	int running = 0, left;
	size_t i;

	for (i = 0; i < s->started; i++) {
		t = s->targets[i];
		pm_promset_clear(&t->sets[t->cur]);
		t->errbuf[0] = '\0';
		t->too_big = t->done = t->dropped = 0;
		t->fetched = 1;
		t->result = CURLE_OK;
		c->multi_add_handle(s->multi, t->h);
	}
	/* A signal does not cut the poll short: wake now and then to see
	 * whether one asked to stop. */
	do {
		mc = c->multi_perform(s->multi, &running);
		if (mc == CURLM_OK && running > 0)
			mc = c->multi_poll(s->multi, NULL, 0, 100, NULL);
	} while (mc == CURLM_OK && running > 0 && !(s->stop && *s->stop));
	while ((msg = c->multi_info_read(s->multi, &left)) != NULL)
		for (i = 0; i < s->started && msg->msg == CURLMSG_DONE; i++)
			if (s->targets[i]->h == msg->easy_handle) {
				s->targets[i]->result = msg->data.result;
				s->targets[i]->done = 1;
			}
	for (i = 0; i < s->started; i++) {
		t = s->targets[i];
		c->multi_remove_handle(s->multi, t->h);
		if (!t->done && s->stop && *s->stop)
			t->dropped = 1;
		else if (!t->done) {
			t->result = CURLE_RECV_ERROR;
			snprintf(t->errbuf, sizeof(t->errbuf), "%s",
			    c->multi_strerror(mc));
		}
	}
}

/* Whether t's response is a good body, parsed into sets[cur]; else why
 * not, in e. */
static int
check(struct pm_scraper *s, const struct pm_curl *c, struct pm_scrape *t,
    struct pm_err *e)
{
	const char *type = NULL;
	long status = 0;

	if (t->too_big)
		return pm_err_set(e, "response larger than %u MiB",
		    BODY_MAX >> 20);
	if (t->result != CURLE_OK)
		return pm_err_set(e, "%s", pm_curl_why(c, t->result,
		    t->errbuf));
	c->easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299)
		return pm_err_set(e, "HTTP status %ld", status);
	c->easy_getinfo(t->h, CURLINFO_CONTENT_TYPE, &type);
	return pm_promset_parse(&t->sets[t->cur], type != NULL &&
	    strncasecmp(type, "application/openmetrics-text", 28) == 0,
	    s->re, e);
}

/* The sample's point: its labels and the target's instance. */
static int
emit_sample(const struct pm_emit *emit, const struct pm_scrape *t,
    const struct pm_promset *set, const struct pm_promset_sample *v,
    double value)
{
	struct pm_label l[PM_LABELS_MAX];
	const struct pm_label *src = pm_promset_labels(set, v);
	struct pm_emit em = *emit;
	size_t i;

	for (i = 0; i < v->nlabels; i++) {
		l[i] = src[i];
		if (strcmp(l[i].key, "instance") == 0)
			l[i].key = "exported_instance";
	}
	l[i].key = "instance";
	l[i].value = t->instance;
	if (v->ts != PM_TS_NONE)
		em.ts = v->ts;
	return pm_emit(&em, v->name, value, NULL, l, i + 1);
}

/* Emit t's samples, counters as rates over the last scrape; how many. */
static long
emit_samples(const struct pm_scraper *s, struct pm_scrape *t, int64_t mono,
    const struct pm_emit *emit)
{
	const struct pm_promset *set = &t->sets[t->cur], *prev = &t->sets[!t->cur];
	const struct pm_promset_sample *v, *p;
	double dt = pm_elapsed(prev->mono, mono), value;
	size_t i, cursor = 0;
	long n = 0;

	for (i = 0; i < set->n; i++) {
		v = &set->v[i];
		if (!v->finite)
			continue;
		value = v->value;
		if (s->rate && v->counter) {
			if (!t->primed || (p = pm_promset_find(prev, set, v,
			    &cursor)) == NULL || !p->finite)
				continue;
			value = v->value >= p->value && dt > 0 ?
			    pm_round((v->value - p->value) / dt, 1000) : 0;
		}
		emit_sample(emit, t, set, v, value);
		n++;
	}
	return n;
}

/* A target's reading: the first target of a reading fetches them all. */
static int
scrape_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct pm_scrape *t = state;
	struct pm_scraper *s = t->owner;
	const struct pm_curl *c = pm_curl_load(e);
	struct pm_label l = { "instance", t->instance };
	struct pm_promset *set = &t->sets[t->cur];
	const struct pm_emit *emit = ctx->emit;
	curl_off_t us = 0;
	long samples = 0;
	int ok;

	if (c == NULL || (emit == NULL && !s->rate))
		return c == NULL ? -1 : 0;
	if (!t->fetched)
		fetch(s, c);
	t->fetched = 0;
	if (t->dropped)
		return 0;
	ok = check(s, c, t, e) == 0;
	c->easy_getinfo(t->h, CURLINFO_TOTAL_TIME_T, &us);
	if (ok && emit != NULL)
		samples = emit_samples(s, t, ctx->mono, emit);
	if (ok && s->rate && pm_promset_index(set) == 0) {
		set->mono = ctx->mono;
		t->cur = !t->cur;
		t->primed = 1;
	}
	if (emit != NULL) {
		pm_emit(emit, "scrape.up", ok, NULL, &l, 1);
		pm_emit(emit, "scrape.duration", (double)us / 1e6, "seconds",
		    &l, 1);
		pm_emit(emit, "scrape.samples", (double)samples, "count", &l, 1);
		pm_emit(emit, "scrape.skipped", ok ? (double)set->nonfinite : 0,
		    "count", &l, 1);
	}
	return ok ? 0 : -1;
}

static void
scrape_release(void *state)
{
	struct pm_scrape *t = state;
	const struct pm_curl *c = pm_curl_load(NULL);

	if (t->h != NULL && c != NULL)
		c->easy_cleanup(t->h);
	pm_promset_release(&t->sets[0]);
	pm_promset_release(&t->sets[1]);
	free(t->name);
}

void
pm_scraper_release(struct pm_scraper *s)
{
	const struct pm_curl *c = s->multi != NULL || s->headers != NULL ?
	    pm_curl_load(NULL) : NULL;

	if (s->multi != NULL)
		c->multi_cleanup(s->multi);
	if (s->headers != NULL)
		c->slist_free_all(s->headers);
	if (s->re != NULL)
		regfree(s->re);
	free(s->re);
	s->multi = s->headers = s->re = NULL;
	s->started = 0;
}
