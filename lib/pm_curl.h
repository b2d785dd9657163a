/* pm_curl: libcurl, loaded when a tool first needs it.
 *
 * Linking libcurl brings some thirty shared libraries (TLS, HTTP/2, LDAP,
 * Kerberos, ...) into every run: pm-sample's peak RSS would grow from about
 * 2 MiB to 7.5 MiB and its start-up would slow down even when it scrapes
 * nothing.  So a tool that needs HTTP only now and then loads libcurl
 * with dlopen(3) when it does, and calls it through this table.  The
 * types are curl.h's, so a mismatch is a compile error.
 *
 * Ownership: the library stays loaded, initialised once, for the rest of
 * the process; the table is static.
 */
#ifndef PM_CURL_H
#define PM_CURL_H

#include <curl/curl.h>

#include "pm_err.h"

/* a declaration: the name cannot be parenthesized */
/* NOLINTNEXTLINE(bugprone-macro-parentheses) */
#define PM_CURL_FN(name) __typeof__(curl_##name) *name

struct pm_curl {
	PM_CURL_FN(global_init);
	PM_CURL_FN(easy_init);
	PM_CURL_FN(easy_setopt);
	PM_CURL_FN(easy_getinfo);
	PM_CURL_FN(easy_strerror);
	PM_CURL_FN(easy_cleanup);
	PM_CURL_FN(multi_init);
	PM_CURL_FN(multi_setopt);
	PM_CURL_FN(multi_add_handle);
	PM_CURL_FN(multi_remove_handle);
	PM_CURL_FN(multi_perform);
	PM_CURL_FN(multi_poll);
	PM_CURL_FN(multi_socket_action);
	PM_CURL_FN(multi_info_read);
	PM_CURL_FN(multi_strerror);
	PM_CURL_FN(multi_cleanup);
	PM_CURL_FN(slist_append);
	PM_CURL_FN(slist_free_all);
};

/* libcurl's functions, loaded and initialised on the first call; NULL with
 * a reason in e when it cannot be. */
const struct pm_curl *pm_curl_load(struct pm_err *e);

/* A CURLOPT_WRITEFUNCTION that takes everything and keeps nothing, for
 * transfers whose answer only has to come. */
size_t pm_curl_discard(char *p, size_t size, size_t n, void *arg);

/* Why a transfer failed, in words: curl's error buffer when it has
 * something (it names the cause: "Failed to connect to HOST port N after
 * 0 ms: Connection refused", "Operation timed out after 1000 milliseconds
 * with 0 bytes received"), else the code's text.  A peer that answered
 * bytes that are not HTTP is said to be so: curl calls that HTTP/0.9 or a
 * weird reply.  For URLs already checked to be http(s). */
const char *pm_curl_why(const struct pm_curl *c, CURLcode rc,
    const char *errbuf);

/* Run h's transfer to its end through a multi handle (the table has no
 * easy_perform); the curl result. */
CURLcode pm_curl_perform(const struct pm_curl *c, CURL *h);

#endif
