/* POST with bounded retries (see pm_http_post.h). */
#include <string.h>
#include <time.h>

#include "pm_curl.h"
#include "pm_http_post.h"
#include "pm_time.h"

#define BACKOFF_FIRST (100 * PM_NS_PER_MS)

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* One try: the curl result, and the HTTP status in *status. */
static CURLcode
attempt(const struct pm_curl *c, CURL *h, long *status)
{
	CURLM *m = c->multi_init();
	CURLcode rc = CURLE_FAILED_INIT;
	struct CURLMsg *msg;
	int running = 1, left;

	*status = 0;
	if (m == NULL || c->multi_add_handle(m, h) != CURLM_OK) {
		if (m != NULL)
			c->multi_cleanup(m);
		return rc;
	}
	while (running > 0) {
		if (c->multi_perform(m, &running) != CURLM_OK)
			break;
		if (running > 0 && c->multi_poll(m, NULL, 0, 100, NULL) !=
		    CURLM_OK)
			break;
	}
	while ((msg = c->multi_info_read(m, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE)
			rc = msg->data.result;
	if (rc == CURLE_OK)
		c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	c->multi_remove_handle(m, h);
	c->multi_cleanup(m);
	return rc;
}

static void
nap(int64_t ns)
{
	struct timespec ts = { ns / PM_NS_PER_S, ns % PM_NS_PER_S };

	while (nanosleep(&ts, &ts) != 0)
		;
}

int
pm_http_post_json(const char *url, const char *body, size_t len,
    int64_t timeout_ns, struct pm_err *e)
{
	const struct pm_curl *c = pm_curl_load(e);
	int64_t deadline = pm_clock_mono() + timeout_ns, left,
	    backoff = BACKOFF_FIRST;
	struct curl_slist *hdr;
	CURLcode rc;
	CURL *h;
	long status = 0;
	int tries = 0;

	if (c == NULL)
		return pm_err_prefix(e, "%s", url);
	if ((h = c->easy_init()) == NULL)
		return pm_err_set(e, "%s: cannot start libcurl", url);
	if ((hdr = c->slist_append(NULL, "Content-Type: application/json")) ==
	    NULL) {
		c->easy_cleanup(h);
		return pm_err_set(e, "out of memory");
	}
	c->easy_setopt(h, CURLOPT_URL, url);
	c->easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	c->easy_setopt(h, CURLOPT_POSTFIELDS, body);
	c->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	c->easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c->easy_setopt(h, CURLOPT_USERAGENT, "pm/" PM_VERSION);
	c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c->easy_setopt(h, CURLOPT_PROXY, "");
	for (;;) {
		left = deadline - pm_clock_mono();
		c->easy_setopt(h, CURLOPT_TIMEOUT_MS,
		    (long)(left / PM_NS_PER_MS) + 1);
		tries++;
		rc = attempt(c, h, &status);
		if (rc == CURLE_OK && (status / 100 == 2 || (status / 100 != 5 &&
		    status != 429)))
			break;
		left = deadline - pm_clock_mono();
		if (left <= backoff)
			break;
		nap(backoff);
		backoff *= 2;
	}
	c->slist_free_all(hdr);
	c->easy_cleanup(h);
	if (rc != CURLE_OK)
		return pm_err_set(e, "%s: %s (%d %s)", url, c->easy_strerror(rc),
		    tries, tries == 1 ? "try" : "tries");
	if (status / 100 != 2)
		return pm_err_set(e, "%s: HTTP %ld (%d %s)", url, status, tries,
		    tries == 1 ? "try" : "tries");
	return 0;
}
