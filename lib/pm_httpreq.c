/* pm_httpreq: one HTTP request on a libcurl easy handle (see
 * pm_httpreq.h). */
#include "pm_httpreq.h"

#include <stdlib.h>
#include <string.h>

#include "pm_slurp.h"

static const char *const kinds[PM_HTTP_NKINDS] = {
	"ok", "connect", "timeout", "read", "write", "http_4xx", "http_5xx",
	"other",
};

const char *
pm_http_kind_name(enum pm_http_kind k)
{
	return kinds[k];
}

/* A body file up to 64 MiB, like curl -d @FILE (as text). */
#define BODY_MAX (64 << 20)

int
pm_httpreq_prepare(const struct pm_curl *cu, struct pm_httpreq *r,
    struct pm_err *e)
{
	struct curl_slist *l;
	size_t i;

	r->body = r->data;
	if (r->data != NULL && r->data[0] == '@' &&
	    (r->body = r->file = pm_slurp(r->data + 1, BODY_MAX, e)) == NULL)
		return -1;
	r->body_len = r->body ? strlen(r->body) : 0;
	for (i = 0; i < r->nheaders; i++) {
		if ((l = cu->slist_append(r->list, r->headers[i])) == NULL)
			return pm_err_set(e, "out of memory");
		r->list = l;
	}
	return 0;
}

/* Whether the environment names a proxy, as libcurl reads it. */
static int
proxy_env(void)
{
	static const char *const names[] = {
		"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
		"ALL_PROXY",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (getenv(names[i]) != NULL)
			return 1;
	return 0;
}

int
pm_httpreq_setup(const struct pm_curl *cu, const struct pm_httpreq *r,
    CURL *h, struct pm_err *e)
{
	CURLcode rc = CURLE_OK;

#define SET(opt, v) if (rc == CURLE_OK) rc = cu->easy_setopt(h, opt, v)
	SET(CURLOPT_URL, r->url);
	SET(CURLOPT_WRITEFUNCTION, pm_curl_discard);
	SET(CURLOPT_NOSIGNAL, 1L);
	/* Resolve once: a benchmark measures the server, not DNS. */
	SET(CURLOPT_DNS_CACHE_TIMEOUT, -1L);
	SET(CURLOPT_TCP_NODELAY, 1L);
	SET(CURLOPT_USERAGENT, "pm-bench");
	/* Without a proxy, say so once: else libcurl looks for one in the
	 * environment again for every request. */
	if (!proxy_env()) {
		SET(CURLOPT_NOPROXY, "*");
	}
	if (r->timeout > 0) {
		SET(CURLOPT_TIMEOUT_MS, (long)((r->timeout + 999999) / 1000000));
	}
	if (r->body != NULL) {
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
		SET(CURLOPT_POSTFIELDS, r->body);
	}
	if (r->method != NULL) {
		SET(CURLOPT_CUSTOMREQUEST, r->method);
		if (r->body == NULL && strcmp(r->method, "HEAD") == 0) {
			SET(CURLOPT_NOBODY, 1L);
		}
	}
	if (r->list != NULL) {
		SET(CURLOPT_HTTPHEADER, r->list);
	}
#undef SET
	if (rc != CURLE_OK)
		return pm_err_set(e, "%s: %s", r->url, cu->easy_strerror(rc));
	return 0;
}

enum pm_http_kind
pm_httpreq_kind(const struct pm_curl *cu, CURL *h, CURLcode rc,
    uint64_t *bytes)
{
	curl_off_t body = 0;
	long code = 0, head = 0;

	cu->easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &body);
	cu->easy_getinfo(h, CURLINFO_HEADER_SIZE, &head);
	*bytes = (uint64_t)body + (uint64_t)head;
	switch (rc) {
	case CURLE_OK:
		cu->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		return code >= 500 ? PM_HTTP_5XX : code >= 400 ? PM_HTTP_4XX :
		    PM_HTTP_OK;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return PM_HTTP_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return PM_HTTP_TIMEOUT;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
		return PM_HTTP_READ;
	case CURLE_SEND_ERROR:
		return PM_HTTP_WRITE;
	default:
		return PM_HTTP_OTHER;
	}
}

void
pm_httpreq_release(const struct pm_curl *cu, struct pm_httpreq *r)
{
	if (r->list != NULL)
		cu->slist_free_all(r->list);
	r->list = NULL;
	free(r->file);
	r->file = NULL;
}
