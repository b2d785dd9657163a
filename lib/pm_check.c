/* Service health checks through libcurl (see pm_check.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pm_check.h"
#include "pm_curl.h"

const char *const pm_check_phase_names[PM_PHASES] = {
	"dns", "connect", "tls", "first_byte", "total",
};

/* Enough of a body to find what is expected near its start. */
#define BODY_MAX (1 << 20)

int
pm_check_init(struct pm_check *c, const char *target, struct pm_err *e)
{
	const char *port;
	char *end;
	long n;

	memset(c, 0, sizeof(*c));
	c->target = target;
	c->name = target;
	c->latency = NAN;
	c->cert_days = NAN;
	if (strncmp(target, "tcp:", 4) == 0) {
		/* tcp:HOST:PORT, the host maybe an [IPv6] address */
		port = strrchr(target + 4, ':');
		if (port == NULL || port == target + 4)
			return pm_err_set(e, "'%s' is not tcp:HOST:PORT",
			    target);
		n = strtol(port + 1, &end, 10);
		if (end == port + 1 || *end != '\0' || n < 1 || n > 65535)
			return pm_err_set(e, "'%s': bad port", target);
		c->tcp = 1;
		snprintf(c->url, sizeof(c->url), "http://%s", target + 4);
	} else if (strncmp(target, "http://", 7) == 0 ||
	    strncmp(target, "https://", 8) == 0) {
		snprintf(c->url, sizeof(c->url), "%s", target);
	} else {
		return pm_err_set(e, "'%s' is not an http(s) URL or "
		    "tcp:HOST:PORT", target);
	}
	if (strlen(target) >= sizeof(c->url) - 8)
		return pm_err_set(e, "'%.40s...': too long", target);
	return 0;
}

/* Keep the body, when it is looked at, up to BODY_MAX. */
static size_t
keep_body(char *p, size_t size, size_t n, void *arg)
{
	struct pm_check *c = arg;
	size_t len = size * n, cap;
	char *b;

	if (c->body_len + len + 1 > c->body_cap && c->body_len < BODY_MAX) {
		cap = c->body_len + len + 1 > BODY_MAX ? BODY_MAX :
		    (c->body_len + len + 1) * 2;
		if (cap > BODY_MAX)
			cap = BODY_MAX;
		if ((b = realloc(c->body, cap)) == NULL)
			return 0;
		c->body = b;
		c->body_cap = cap;
	}
	if (len > c->body_cap - c->body_len - 1)
		len = c->body_cap - c->body_len - 1;
	memcpy(c->body + c->body_len, p, len);
	c->body_len += len;
	c->body[c->body_len] = '\0';
	return size * n;
}

static CURL *
start(const struct pm_curl *cu, struct pm_check *c, long timeout_ms)
{
	CURL *h;

	if ((h = cu->easy_init()) == NULL)
		return NULL;
	cu->easy_setopt(h, CURLOPT_URL, c->url);
	cu->easy_setopt(h, CURLOPT_ERRORBUFFER, c->error);
	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	cu->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	cu->easy_setopt(h, CURLOPT_PROXY, "");
	cu->easy_setopt(h, CURLOPT_PRIVATE, c);
	if (c->tcp) {
		cu->easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
	} else {
		if (c->want_body != NULL || c->has_re) {
			cu->easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
			cu->easy_setopt(h, CURLOPT_WRITEDATA, c);
		} else {
			cu->easy_setopt(h, CURLOPT_WRITEFUNCTION,
			    pm_curl_discard);
		}
		if (strncmp(c->url, "https:", 6) == 0)
			cu->easy_setopt(h, CURLOPT_CERTINFO, 1L);
		if (c->cacert != NULL)
			cu->easy_setopt(h, CURLOPT_CAINFO, c->cacert);
		cu->easy_setopt(h, CURLOPT_USERAGENT, "pm-status/" PM_VERSION);
		cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	}
	return h;
}

/* Why the server's certificate was refused, from OpenSSL's verify result
 * (X509_V_ERR_*); NULL when it says nothing known (curl's own host name
 * check, another TLS library): curl's words then. */
static const char *
refused(const struct pm_curl *cu, CURL *h)
{
	long v = 0;

	if (cu->easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &v) != CURLE_OK)
		return NULL;
	switch (v) {
	case 9:
		return "certificate not valid yet";
	case 10:
		return "certificate expired";
	case 18:
	case 19:
		return "self-signed certificate not trusted";
	case 2:
	case 20:
	case 21:
		return "certificate issuer not trusted";
	case 62:
		return "certificate not for this host";
	default:
		return v == 0 ? NULL : "certificate not trusted";
	}
}

/* Why a transfer failed, in a few words where they are well known (curl's
 * own messages run past a line), else in curl's. */
static void
reason(const struct pm_curl *cu, CURL *h, struct pm_check *c, CURLcode rc)
{
	const char *w = NULL;

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		w = "connection refused";
		break;
	case CURLE_OPERATION_TIMEDOUT:
		w = "timed out";
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		w = "host not found";
		break;
	case CURLE_GOT_NOTHING:
		w = "closed without an answer";
		break;
	/* The URL is http(s): curl says HTTP/0.9 of bytes not HTTP. */
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_WEIRD_SERVER_REPLY:
		w = "the answer is not HTTP";
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		w = refused(cu, h);
		break;
	case CURLE_SSL_CACERT_BADFILE:
		w = "cannot read the CA file";
		break;
	default:
		break;
	}
	if (w != NULL || c->error[0] == '\0')
		snprintf(c->error, sizeof(c->error), "%s", w ? w :
		    cu->easy_strerror(rc));
}

/* Days until the server certificate's "Expire date" (OpenSSL's "Jan  2
 * 03:04:05 2030 GMT" or GnuTLS's "2030-01-02 03:04:05 GMT"); NAN when
 * the TLS library does not tell. */
static double
cert_days(const struct pm_curl *cu, CURL *h)
{
	struct curl_certinfo *ci = NULL;
	struct curl_slist *l;
	struct tm tm;
	const char *s;

	if (cu->easy_getinfo(h, CURLINFO_CERTINFO, &ci) != CURLE_OK ||
	    ci == NULL || ci->num_of_certs < 1)
		return NAN;
	for (l = ci->certinfo[0]; l != NULL; l = l->next) {
		if (strncmp(l->data, "Expire date:", 12) != 0)
			continue;
		s = l->data + 12;
		memset(&tm, 0, sizeof(tm));
		if (strptime(s, "%b %d %H:%M:%S %Y", &tm) == NULL &&
		    strptime(s, "%Y-%m-%d %H:%M:%S", &tm) == NULL)
			return NAN;
		return difftime(timegm(&tm), time(NULL)) / 86400;
	}
	return NAN;
}

/* The phases' ends, in seconds from the start; those not reached NAN. */
static void
phases(const struct pm_curl *cu, CURL *h, struct pm_check *c)
{
	static const CURLINFO info[PM_PHASES] = {
		CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T,
		CURLINFO_APPCONNECT_TIME_T, CURLINFO_STARTTRANSFER_TIME_T,
		CURLINFO_TOTAL_TIME_T,
	};
	curl_off_t us;
	int i;

	for (i = 0; i < PM_PHASES; i++) {
		us = 0;
		if (cu->easy_getinfo(h, info[i], &us) == CURLE_OK &&
		    (us > 0 || i <= PM_PHASE_CONNECT))
			c->phase[i] = (double)us / 1e6;
	}
	if (c->tcp) {
		/* the connection is all there is */
		c->phase[PM_PHASE_FIRST_BYTE] = NAN;
		c->phase[PM_PHASE_TOTAL] = c->phase[PM_PHASE_CONNECT];
	}
	if (strncmp(c->url, "https:", 6) != 0)
		c->phase[PM_PHASE_TLS] = NAN;
	c->latency = c->phase[PM_PHASE_TOTAL];
}

/* Whether the answer is what was expected; if not, why in c->error. */
static int
as_expected(struct pm_check *c)
{
	const char *body = c->body != NULL ? c->body : "";

	if (c->want_code != 0 && c->code != c->want_code)
		snprintf(c->error, sizeof(c->error), "HTTP status %ld, not "
		    "%ld", c->code, c->want_code);
	else if (c->want_code == 0 && (c->code < 200 || c->code >= 400))
		snprintf(c->error, sizeof(c->error), "HTTP status %ld",
		    c->code);
	else if (c->want_body != NULL && strstr(body, c->want_body) == NULL)
		snprintf(c->error, sizeof(c->error), "body without '%.200s'",
		    c->want_body);
	else if (c->has_re && regexec(&c->want_re, body, 0, NULL, 0) != 0)
		snprintf(c->error, sizeof(c->error), "body does not match");
	else
		return 1;
	/* a plain HTTP error needs no words beyond its code */
	c->unexpected = c->want_code != 0 || c->code < 400;
	return 0;
}

/* Judge a finished transfer. */
static void
finish(const struct pm_curl *cu, CURL *h, CURLcode rc)
{
	struct pm_check *c = NULL;

	cu->easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
	if (rc != CURLE_OK) {
		reason(cu, h, c, rc);
		/* when the TLS library still tells of a certificate refused */
		if (rc == CURLE_PEER_FAILED_VERIFICATION)
			c->cert_days = cert_days(cu, h);
		return;
	}
	phases(cu, h, c);
	c->error[0] = '\0';
	if (c->tcp) {
		c->up = 1;
		return;
	}
	cu->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &c->code);
	c->up = as_expected(c);
	if (strncmp(c->url, "https:", 6) == 0)
		c->cert_days = cert_days(cu, h);
	if (c->up && c->slow.set &&
	    pm_threshold_alerts(&c->slow, c->latency))
		snprintf(c->error, sizeof(c->error), "slower than %s",
		    c->slow.text + strlen("latency<"));	/* as written */
	else if (c->up && c->expiring.set && !isnan(c->cert_days) &&
	    pm_threshold_alerts(&c->expiring, c->cert_days))
		snprintf(c->error, sizeof(c->error), "certificate expires "
		    "in %.0f days", c->cert_days);
}

int
pm_checks_run(struct pm_check *c, size_t n, int64_t timeout,
    struct pm_err *e)
{
	const struct pm_curl *cu;
	CURL **h;
	CURLM *m;
	CURLMcode mc = CURLM_OK;
	CURLMsg *msg;
	int running = 0, left, k;
	size_t i;

	if (n == 0)
		return 0;
	if ((cu = pm_curl_load(e)) == NULL)
		return -1;
	if ((h = calloc(n, sizeof(*h))) == NULL || (m = cu->multi_init()) ==
	    NULL) {
		free(h);
		return pm_err_set(e, "out of memory");
	}
	for (i = 0; i < n; i++) {
		c[i].up = 0;
		c[i].unexpected = 0;
		c[i].code = 0;
		c[i].latency = NAN;
		c[i].cert_days = NAN;
		for (k = 0; k < PM_PHASES; k++)
			c[i].phase[k] = NAN;
		c[i].error[0] = '\0';
		c[i].body_len = 0;
		if (c[i].body != NULL)
			c[i].body[0] = '\0';
		if ((h[i] = start(cu, &c[i], (long)(timeout / 1000000))) ==
		    NULL)
			snprintf(c[i].error, sizeof(c[i].error),
			    "out of memory");
		else
			cu->multi_add_handle(m, h[i]);
	}
	do {
		mc = cu->multi_perform(m, &running);
		if (mc == CURLM_OK && running > 0)
			mc = cu->multi_poll(m, NULL, 0, 100, NULL);
	} while (mc == CURLM_OK && running > 0);
	while ((msg = cu->multi_info_read(m, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE)
			finish(cu, msg->easy_handle, msg->data.result);
	for (i = 0; i < n; i++) {
		if (h[i] == NULL)
			continue;
		if (mc != CURLM_OK && c[i].error[0] == '\0' && !c[i].up)
			snprintf(c[i].error, sizeof(c[i].error), "%s",
			    cu->multi_strerror(mc));
		cu->multi_remove_handle(m, h[i]);
		cu->easy_cleanup(h[i]);
	}
	cu->multi_cleanup(m);
	free(h);
	return 0;
}

const struct pm_threshold *
pm_check_threshold(const struct pm_check *c, const struct pm_point *p)
{
	const char *phase;

	if (strcmp(p->metric, "service.latency") == 0 && c->slow.set &&
	    (phase = pm_point_label(p, "phase")) != NULL &&
	    strcmp(phase, "total") == 0)
		return &c->slow;
	if (strcmp(p->metric, "service.cert.expiry") == 0 && c->expiring.set)
		return &c->expiring;
	return NULL;
}

int
pm_checks_emit(const struct pm_check *c, size_t n, const struct pm_emit *em)
{
	struct pm_label l[2];
	size_t i;
	int rc, k;

	for (i = 0; i < n; i++) {
		l[0] = (struct pm_label){ "target", c[i].name };
		if ((rc = pm_emit(em, "service.up", c[i].up, NULL, l, 1)) != 0)
			return rc;
		for (k = 0; k < PM_PHASES; k++) {
			l[1] = (struct pm_label){ "phase",
			    pm_check_phase_names[k] };
			if (!isnan(c[i].phase[k]) && (rc = pm_emit(em,
			    "service.latency", c[i].phase[k], "seconds", l,
			    2)) != 0)
				return rc;
		}
		if (c[i].code != 0 && (rc = pm_emit(em, "service.http.code",
		    (double)c[i].code, NULL, l, 1)) != 0)
			return rc;
		if (!isnan(c[i].cert_days) && (rc = pm_emit(em,
		    "service.cert.expiry", c[i].cert_days, "days", l, 1)) != 0)
			return rc;
	}
	return 0;
}
