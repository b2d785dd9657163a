/* Send with bounded retries (see pm_http_post.h). */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <time.h>

#include "pm_curl.h"
#include "pm_http_post.h"
#include "pm_time.h"

#define BACKOFF_FIRST (100 * PM_NS_PER_MS)
#define BACKOFF_MAX (5 * PM_NS_PER_S)
#define ANSWER_MAX 300
#define RETRY_AFTER_MAX 60	/* s: a longer wait is the server saying no */

/* The start of the answer, for the error message. */
struct answer {
	char text[ANSWER_MAX + 1];
	size_t len;
};

/* How one try ended, for the loop and the message. */
struct try {
	CURLcode rc;
	long status;
	curl_off_t retry_after;	/* s the server asked to wait, or 0 */
	char errbuf[CURL_ERROR_SIZE];
	struct answer a;
};

static size_t
keep(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t k = size * n;

	if (k > ANSWER_MAX - a->len)
		k = ANSWER_MAX - a->len;
	memcpy(a->text + a->len, p, k);
	a->len += k;
	return size * n;
}

/* One try: the curl result and the HTTP status in t. */
static void
attempt(const struct pm_curl *c, CURL *h, struct try *t)
{
	t->a.len = 0;
	t->errbuf[0] = '\0';
	t->retry_after = 0;
	t->rc = pm_curl_perform(c, h);
	t->status = 0;
	if (t->rc == CURLE_OK)
		c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &t->status);
}

static void
nap(int64_t ns)
{
	struct timespec ts = { ns / PM_NS_PER_S, ns % PM_NS_PER_S };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The answer on one line, control characters as spaces. */
static const char *
answer_text(struct answer *a)
{
	size_t i;

	while (a->len > 0 && (unsigned char)a->text[a->len - 1] <= ' ')
		a->len--;
	a->text[a->len] = '\0';
	for (i = 0; i < a->len; i++)
		if ((unsigned char)a->text[i] < ' ')
			a->text[i] = ' ';
	return a->text;
}

static struct curl_slist *
headers(const struct pm_curl *c, const struct pm_http_send *s)
{
	struct curl_slist *l, *n;
	size_t len;
	char h[256], *auth;

	snprintf(h, sizeof(h), "Content-Type: %s", s->content_type);
	if ((l = c->slist_append(NULL, h)) == NULL || s->token == NULL)
		return l;
	/* A token (a JWT, say) may be long. */
	len = strlen(s->token) + sizeof("Authorization: Bearer ");
	if ((auth = malloc(len)) == NULL) {
		c->slist_free_all(l);
		return NULL;
	}
	snprintf(auth, len, "Authorization: Bearer %s", s->token);
	n = c->slist_append(l, auth);
	free(auth);
	if (n == NULL)
		c->slist_free_all(l);
	return n;
}

static int
fail(struct pm_err *e, const struct pm_curl *c, const struct pm_http_send *s,
    struct try *t, int tries)
{
	char n[80];

	if (t->retry_after > 0)
		snprintf(n, sizeof(n), "%d %s, Retry-After: %lld s", tries,
		    tries == 1 ? "try" : "tries", (long long)t->retry_after);
	else
		snprintf(n, sizeof(n), "%d %s", tries, tries == 1 ? "try" :
		    "tries");
	if (t->rc != CURLE_OK) {
		pm_err_set(e, "%s: %s (%s)", s->url, pm_curl_why(c, t->rc,
		    t->errbuf), n);
		return t->rc == CURLE_URL_MALFORMAT ? PM_HTTP_REFUSED :
		    PM_HTTP_FAILED;
	}
	if (s->show_body && *answer_text(&t->a) != '\0')
		pm_err_set(e, "%s: HTTP %ld: %s (%s)", s->url, t->status,
		    t->a.text, n);
	else
		pm_err_set(e, "%s: HTTP %ld (%s)", s->url, t->status, n);
	return t->status / 100 == 5 || t->status == 429 ? PM_HTTP_FAILED :
	    PM_HTTP_REFUSED;
}

/* The wait before the next try: the backoff, or what a 429 or 503 asked
 * for in Retry-After when longer; -1 when that is too long to wait. */
static int64_t
wait_for(const struct pm_curl *c, CURL *h, struct try *t, int64_t backoff)
{
	t->retry_after = 0;
	if (t->rc != CURLE_OK || (t->status != 429 && t->status != 503) ||
	    c->easy_getinfo(h, CURLINFO_RETRY_AFTER, &t->retry_after) !=
	    CURLE_OK || t->retry_after <= 0) {
		t->retry_after = 0;
		return backoff;
	}
	if (t->retry_after > RETRY_AFTER_MAX)
		return -1;
	return t->retry_after * PM_NS_PER_S > backoff ?
	    t->retry_after * PM_NS_PER_S : backoff;
}

int
pm_http_send(const struct pm_http_send *s, const char *body, size_t len,
    struct pm_err *e)
{
	const struct pm_curl *c = pm_curl_load(e);
	int64_t now = pm_clock_mono(), deadline = now + s->deadline, left,
	    backoff = BACKOFF_FIRST, limit, wait;
	struct curl_slist *hdr;
	struct try t;
	CURL *h;
	int tries = 0, ret;

	if (c == NULL) {
		pm_err_prefix(e, "%s", s->url);
		return PM_HTTP_REFUSED;
	}
	/* Checked here, so that curl's "unsupported protocol" can only mean
	 * a peer that answered something else than HTTP. */
	if (strncasecmp(s->url, "http://", 7) != 0 &&
	    strncasecmp(s->url, "https://", 8) != 0) {
		pm_err_set(e, "%s: not an http:// or https:// URL", s->url);
		return PM_HTTP_REFUSED;
	}
	if ((h = c->easy_init()) == NULL) {
		pm_err_set(e, "%s: cannot start libcurl", s->url);
		return PM_HTTP_REFUSED;
	}
	if ((hdr = headers(c, s)) == NULL) {
		c->easy_cleanup(h);
		pm_err_set(e, "out of memory");
		return PM_HTTP_REFUSED;
	}
	c->easy_setopt(h, CURLOPT_URL, s->url);
	c->easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	c->easy_setopt(h, CURLOPT_POSTFIELDS, body);
	c->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	if (s->method != NULL)
		c->easy_setopt(h, CURLOPT_CUSTOMREQUEST, s->method);
	c->easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
	c->easy_setopt(h, CURLOPT_WRITEDATA, &t.a);
	c->easy_setopt(h, CURLOPT_ERRORBUFFER, t.errbuf);
	c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c->easy_setopt(h, CURLOPT_USERAGENT, "pm/" PM_VERSION);
	c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c->easy_setopt(h, CURLOPT_PROXY, "");
	if (s->netrc)
		c->easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	for (;;) {
		limit = s->try_timeout;
		left = deadline - pm_clock_mono();
		if (s->deadline > 0 && (limit == 0 || left < limit))
			limit = left;
		c->easy_setopt(h, CURLOPT_TIMEOUT_MS, limit > 0 ?
		    (long)(limit / PM_NS_PER_MS) + 1 : 0L);
		tries++;
		attempt(c, h, &t);
		if (t.rc == CURLE_OK && (t.status / 100 == 2 ||
		    (t.status / 100 != 5 && t.status != 429)))
			break;
		if (t.rc == CURLE_URL_MALFORMAT)
			break;
		wait = wait_for(c, h, &t, backoff);
		if (wait < 0 || (s->retries >= 0 && tries > s->retries))
			break;
		if (s->deadline > 0 && deadline - pm_clock_mono() <= wait)
			break;
		nap(wait);
		if ((backoff *= 2) > BACKOFF_MAX)
			backoff = BACKOFF_MAX;
	}
	ret = t.rc == CURLE_OK && t.status / 100 == 2 ? PM_HTTP_SENT :
	    fail(e, c, s, &t, tries);
	c->slist_free_all(hdr);
	c->easy_cleanup(h);
	return ret;
}

int
pm_http_post_json(const char *url, const char *body, size_t len,
    int64_t timeout_ns, struct pm_err *e)
{
	struct pm_http_send s = {
		.url = url,
		.content_type = "application/json",
		.deadline = timeout_ns,
		.retries = -1,
	};

	return pm_http_send(&s, body, len, e) == PM_HTTP_SENT ? 0 : -1;
}
