#include "pm_curl.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#define SYM(name) { "curl_" #name, offsetof(struct pm_curl, name) }

static const struct {
	const char *name;
	size_t off;
} syms[] = {
	SYM(global_init), SYM(easy_init), SYM(easy_setopt), SYM(easy_getinfo),
	SYM(easy_strerror), SYM(easy_cleanup), SYM(multi_init),
	SYM(multi_setopt), SYM(multi_add_handle), SYM(multi_remove_handle),
	SYM(multi_perform), SYM(multi_poll), SYM(multi_socket_action),
	SYM(multi_info_read),
	SYM(multi_strerror), SYM(multi_cleanup), SYM(slist_append),
	SYM(slist_free_all),
};

/* Debian's OpenSSL build first, then the GnuTLS one. */
static const char *const sonames[] = {
	"libcurl.so.4", "libcurl-gnutls.so.4",
};

const struct pm_curl *
pm_curl_load(struct pm_err *e)
{
	static struct pm_curl curl;
	static int loaded;
	void *dl = NULL, *fn;
	size_t i;

	if (loaded)
		return &curl;
	for (i = 0; dl == NULL && i < sizeof(sonames) / sizeof(sonames[0]); i++)
		dl = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (dl == NULL) {
		pm_err_set(e, "cannot load libcurl: %s", dlerror());
		return NULL;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if ((fn = dlsym(dl, syms[i].name)) == NULL) {
			/* multi_poll came with 7.66: an older curl is too old */
			pm_err_set(e, "libcurl has no %s (7.66 or later needed)",
			    syms[i].name);
			dlclose(dl);
			return NULL;
		}
		memcpy((char *)&curl + syms[i].off, &fn, sizeof(fn));
	}
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		pm_err_set(e, "cannot initialise libcurl");
		dlclose(dl);
		return NULL;
	}
	loaded = 1;
	return &curl;
}

size_t
pm_curl_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

const char *
pm_curl_why(const struct pm_curl *c, CURLcode rc, const char *errbuf)
{
	if (rc == CURLE_WEIRD_SERVER_REPLY || (rc == CURLE_UNSUPPORTED_PROTOCOL &&
	    errbuf != NULL && strstr(errbuf, "HTTP/0.9") != NULL))
		return "the answer is not HTTP";
	return errbuf != NULL && errbuf[0] != '\0' ? errbuf :
	    c->easy_strerror(rc);
}

CURLcode
pm_curl_perform(const struct pm_curl *c, CURL *h)
{
	CURLM *m = c->multi_init();
	CURLcode rc = CURLE_FAILED_INIT;
	struct CURLMsg *msg;
	int running = 1, left;

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
	c->multi_remove_handle(m, h);
	c->multi_cleanup(m);
	return rc;
}
