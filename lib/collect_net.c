/* net: /proc/net/dev — bytes, packets, errors and drops per second, received
 * and sent, of each interface (lo only with -a). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_collect.h"
#include "pm_sysfile.h"

/* 8 receive counters, then 8 transmit counters, as in the header. */
#define NSTATS 16
#define TX 8
enum { BYTES, PACKETS, ERRS, DROP };

static const struct {
	const char *metric, *unit;
	int i;
} net_metric[] = {
	{ "net.rx.bytes", "bytes/s", BYTES },
	{ "net.tx.bytes", "bytes/s", TX + BYTES },
	{ "net.rx.packets", "1/s", PACKETS },
	{ "net.tx.packets", "1/s", TX + PACKETS },
	{ "net.rx.errors", "1/s", ERRS },
	{ "net.tx.errors", "1/s", TX + ERRS },
	{ "net.rx.drops", "1/s", DROP },
	{ "net.tx.drops", "1/s", TX + DROP },
};

struct net_if {
	char name[32];		/* IFNAMSIZ is 16 */
	uint64_t s[NSTATS];
};

struct net_reading {
	struct net_if *ifs;
	size_t n, cap;
	int64_t mono;
};

struct net_state {
	struct pm_buf buf;
	struct net_reading prev, cur;
	int primed;
};

static int
net_available(const struct pm_sysroot *root)
{
	return pm_sysfile_exists(root->procfs, "net/dev");
}

static void
net_release(void *state)
{
	struct net_state *st = state;

	pm_buf_release(&st->buf);
	free(st->prev.ifs);
	free(st->cur.ifs);
}

static int
if_slot(struct net_reading *r)
{
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		struct net_if *ni = realloc(r->ifs, ncap * sizeof(*ni));

		if (ni == NULL)
			return -1;
		r->ifs = ni;
		r->cap = ncap;
	}
	return 0;
}

/* "  eth0: 1234 ..." or, once the byte counter fills its column,
 * "  eth0:12345678901 ...": the name ends at the colon. */
static int
parse_dev(const char *data, struct net_reading *r, const char *path,
    int all, struct pm_err *e)
{
	const char *p = data, *line, *colon, *why;
	unsigned long lineno = 0;
	size_t len;
	int i;

	r->n = 0;
	for (; *p != '\0'; pm_scan_next_line(&p)) {
		struct net_if *ni;

		if (++lineno <= 2)
			continue;	/* the two header lines */
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || *p == '\0')
			continue;
		line = p;
		colon = p + strcspn(p, ":\n");
		why = "expected \"interface:\"";
		if (*colon != ':' || colon == p)
			goto bad;
		why = "interface name too long";
		if ((len = (size_t)(colon - p)) >= sizeof(ni->name))
			goto bad;
		if (if_slot(r) != 0)
			return pm_err_set(e, "out of memory");
		ni = &r->ifs[r->n];
		memcpy(ni->name, p, len);
		ni->name[len] = '\0';
		p = colon + 1;
		why = "expected 16 counters";
		for (i = 0; i < NSTATS; i++)
			if (pm_scan_u64(&p, &ni->s[i]) != 0)
				goto bad;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\n' && *p != '\0')
			goto bad;
		if (all || strcmp(ni->name, "lo") != 0)
			r->n++;
		continue;
bad:
		return pm_sysfile_bad_line(e, path, lineno, line, why);
	}
	return 0;
}

/* The interface called name in r, trying index hint first. */
static const struct net_if *
find_if(const struct net_reading *r, const char *name, size_t hint)
{
	size_t i;

	if (hint < r->n && strcmp(r->ifs[hint].name, name) == 0)
		return &r->ifs[hint];
	for (i = 0; i < r->n; i++)
		if (strcmp(r->ifs[i].name, name) == 0)
			return &r->ifs[i];
	return NULL;
}

static int
net_read(void *state, const struct pm_collect_ctx *ctx, struct pm_err *e)
{
	struct net_state *st = state;
	struct net_reading tmp;
	const struct net_if *a, *b;
	char path[4096];
	double dt;
	size_t i, m;

	if (pm_sysfile_read(&st->buf, ctx->root->procfs, "net/dev", e) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/net/dev", ctx->root->procfs);
	if (parse_dev(st->buf.data, &st->cur, path, ctx->all_devices, e) != 0)
		return -1;
	st->cur.mono = ctx->mono;
	dt = pm_elapsed(st->prev.mono, st->cur.mono);
	/* Only interfaces in both readings: one may come or go. */
	for (i = 0; ctx->emit != NULL && st->primed && i < st->cur.n; i++) {
		struct pm_label label = { "interface", st->cur.ifs[i].name };

		b = &st->cur.ifs[i];
		if ((a = find_if(&st->prev, b->name, i)) == NULL)
			continue;
		for (m = 0; m < sizeof(net_metric) / sizeof(net_metric[0]); m++)
			pm_emit(ctx->emit, net_metric[m].metric,
			    pm_rate3(a->s[net_metric[m].i], b->s[net_metric[m].i],
			    dt), net_metric[m].unit, &label, 1);
	}
	/* The current reading becomes the previous one; keep both buffers. */
	tmp = st->prev;
	st->prev = st->cur;
	st->cur = tmp;
	st->primed = 1;
	return 0;
}

const struct pm_collector pm_collector_net = {
	.name = "net",
	.what = "network traffic, packets, errors and drops per interface "
	    "from /proc/net/dev",
	.available = net_available,
	.state_size = sizeof(struct net_state),
	.read = net_read,
	.release = net_release,
};
