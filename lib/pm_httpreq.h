/* pm_httpreq: the request pm-bench --url sends again and again, set on a
 * libcurl easy handle once, and how each try ended (ok, or the kind of
 * error).
 *
 * Ownership: a pm_httpreq borrows its strings; pm_httpreq_prepare makes
 * the header list and reads a body file, freed with pm_httpreq_release.
 */
#ifndef PM_HTTPREQ_H
#define PM_HTTPREQ_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "pm_curl.h"
#include "pm_err.h"

#define PM_HTTPREQ_HEADERS_MAX 64

enum pm_http_kind {
	PM_HTTP_OK,		/* an answer below 400 */
	PM_HTTP_CONNECT,	/* no connection (refused, unreachable, DNS) */
	PM_HTTP_TIMEOUT,	/* no whole answer within the timeout */
	PM_HTTP_READ,		/* the connection broke or closed while reading */
	PM_HTTP_WRITE,		/* ... while sending */
	PM_HTTP_4XX,
	PM_HTTP_5XX,
	PM_HTTP_OTHER,		/* any other libcurl error */
	PM_HTTP_NKINDS
};

struct pm_httpreq {
	const char *url;
	const char *method;	/* NULL: GET, or POST with a body */
	const char *headers[PM_HTTPREQ_HEADERS_MAX];	/* "Name: value" */
	size_t nheaders;
	const char *data;	/* the body; "@FILE": FILE's; NULL: none */
	int64_t timeout;	/* ns; 0: none */
	/* Made by pm_httpreq_prepare: */
	struct curl_slist *list;
	char *file;		/* the body file's contents */
	const char *body;	/* what is sent, or NULL */
	size_t body_len;
};

/* Make r's header list and read its body file; -1 with e ("FILE:
 * reason", or out of memory). */
int pm_httpreq_prepare(const struct pm_curl *cu, struct pm_httpreq *r,
    struct pm_err *e);

/* Set the request on easy handle h; received bytes are discarded.
 * -1 with e when libcurl refuses an option. */
int pm_httpreq_setup(const struct pm_curl *cu, const struct pm_httpreq *r,
    CURL *h, struct pm_err *e);

/* How a transfer of h that ended with rc went, and the bytes received
 * (headers and body) in *bytes. */
enum pm_http_kind pm_httpreq_kind(const struct pm_curl *cu, CURL *h,
    CURLcode rc, uint64_t *bytes);

/* The kind's name in records and reports ("connect", "http_5xx"). */
const char *pm_http_kind_name(enum pm_http_kind k);

void pm_httpreq_release(const struct pm_curl *cu, struct pm_httpreq *r);

#endif
