/* Service health checks through libcurl (see pm_check.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_check.h"
#include "pm_curl.h"

int
pm_check_init(struct pm_check *c, const char *target, struct pm_err *e)
{
	const char *port;
	char *end;
	long n;

	memset(c, 0, sizeof(*c));
	c->target = target;
	c->latency = NAN;
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
		cu->easy_setopt(h, CURLOPT_WRITEFUNCTION, pm_curl_discard);
		cu->easy_setopt(h, CURLOPT_USERAGENT, "pm-status/" PM_VERSION);
		cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	}
	return h;
}

/* Why a transfer failed, in a few words where they are well known (curl's
 * own messages run past a line), else in curl's. */
static void
reason(const struct pm_curl *cu, struct pm_check *c, CURLcode rc)
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
	case CURLE_PEER_FAILED_VERIFICATION:
		w = "certificate not trusted";
		break;
	default:
		break;
	}
	if (w != NULL || c->error[0] == '\0')
		snprintf(c->error, sizeof(c->error), "%s", w ? w :
		    cu->easy_strerror(rc));
}

/* Judge a finished transfer. */
static void
finish(const struct pm_curl *cu, CURL *h, CURLcode rc)
{
	struct pm_check *c = NULL;
	curl_off_t us = 0;

	cu->easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
	if (rc != CURLE_OK) {
		reason(cu, c, rc);
		return;
	}
	cu->easy_getinfo(h, c->tcp ? CURLINFO_CONNECT_TIME_T :
	    CURLINFO_TOTAL_TIME_T, &us);
	c->latency = (double)us / 1e6;
	if (!c->tcp)
		cu->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &c->code);
	c->up = c->tcp || (c->code >= 200 && c->code < 400);
	if (!c->up)
		snprintf(c->error, sizeof(c->error), "HTTP status %ld",
		    c->code);
	else
		c->error[0] = '\0';
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
	int running = 0, left;
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
		c[i].code = 0;
		c[i].latency = NAN;
		c[i].error[0] = '\0';
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

int
pm_checks_emit(const struct pm_check *c, size_t n, const struct pm_emit *em)
{
	struct pm_label l;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		l = (struct pm_label){ "target", c[i].target };
		if ((rc = pm_emit(em, "service.up", c[i].up, NULL, &l, 1)) != 0)
			return rc;
		if (!isnan(c[i].latency) && (rc = pm_emit(em,
		    "service.latency", c[i].latency, "seconds", &l, 1)) != 0)
			return rc;
		if (c[i].code != 0 && (rc = pm_emit(em, "service.http.code",
		    (double)c[i].code, NULL, &l, 1)) != 0)
			return rc;
	}
	return 0;
}
