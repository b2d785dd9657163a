/* Send with bounded retries (see pm_http_post.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pm_curl.h"
#include "pm_http_post.h"
#include "pm_time.h"

#define BACKOFF_FIRST (100 * PM_NS_PER_MS)
#define BACKOFF_MAX (5 * PM_NS_PER_S)
#define ANSWER_MAX 300

/* The start of the answer, for the error message. */
struct answer {
	char text[ANSWER_MAX + 1];
	size_t len;
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

/* One try: the curl result, and the HTTP status in *status. */
static CURLcode
attempt(const struct pm_curl *c, CURL *h, long *status)
{
	CURLcode rc = pm_curl_perform(c, h);

	*status = 0;
	if (rc == CURLE_OK)
		c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	return rc;
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
    CURLcode rc, long status, struct answer *a, int tries)
{
	const char *t = tries == 1 ? "try" : "tries";

	if (rc != CURLE_OK) {
		pm_err_set(e, "%s: %s (%d %s)", s->url, c->easy_strerror(rc),
		    tries, t);
		return rc == CURLE_URL_MALFORMAT ||
		    rc == CURLE_UNSUPPORTED_PROTOCOL ? PM_HTTP_REFUSED :
		    PM_HTTP_FAILED;
	}
	if (s->show_body && *answer_text(a) != '\0')
		pm_err_set(e, "%s: HTTP %ld: %s (%d %s)", s->url, status,
		    a->text, tries, t);
	else
		pm_err_set(e, "%s: HTTP %ld (%d %s)", s->url, status, tries, t);
	return status / 100 == 5 || status == 429 ? PM_HTTP_FAILED :
	    PM_HTTP_REFUSED;
}

int
pm_http_send(const struct pm_http_send *s, const char *body, size_t len,
    struct pm_err *e)
{
	const struct pm_curl *c = pm_curl_load(e);
	int64_t now = pm_clock_mono(), deadline = now + s->deadline, left,
	    backoff = BACKOFF_FIRST, limit;
	struct curl_slist *hdr;
	struct answer a;
	CURLcode rc;
	CURL *h;
	long status = 0;
	int tries = 0, ret;

	if (c == NULL) {
		pm_err_prefix(e, "%s", s->url);
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
	c->easy_setopt(h, CURLOPT_WRITEDATA, &a);
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
		a.len = 0;
		tries++;
		rc = attempt(c, h, &status);
		if (rc == CURLE_OK && (status / 100 == 2 || (status / 100 != 5 &&
		    status != 429)))
			break;
		if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL)
			break;
		if (s->retries >= 0 && tries > s->retries)
			break;
		if (s->deadline > 0 && deadline - pm_clock_mono() <= backoff)
			break;
		nap(backoff);
		if ((backoff *= 2) > BACKOFF_MAX)
			backoff = BACKOFF_MAX;
	}
	ret = rc == CURLE_OK && status / 100 == 2 ? PM_HTTP_SENT :
	    fail(e, c, s, rc, status, &a, tries);
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
