/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest-info publisher (see publish.h). */
#include "tools/agent/publish.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void publish_init(struct publish *p, struct xsc *xs, const char *root,
		  unsigned interval_s)
{
	memset(p, 0, sizeof(*p));
	p->xs = xs;
	p->root = root;
	p->interval_ms = (int64_t)interval_s * 1000;
}

static void put(struct publish *p, const char *path, const char *val)
{
	xsc_write(p->xs, path, val, NULL, NULL);
}

static void put_num(struct publish *p, const char *path, long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", v);
	put(p, path, s);
}

static void put_opt(struct publish *p, const char *path, const char *val)
{
	if (*val)
		put(p, path, val);
}

static void publish_static(struct publish *p)
{
	struct guestinfo_os os;
	long long total, avail;

	guestinfo_os(p->root, &os);
	put(p, "data/os_name", os.name);
	put_opt(p, "data/os_distro", os.distro);
	put_opt(p, "data/os_majorver", os.major);
	put_opt(p, "data/os_minorver", os.minor);
	put_opt(p, "data/os_uname", os.uname);
	guestinfo_meminfo(p->root, &total, &avail);
	if (total >= 0)
		put_num(p, "data/meminfo_total", total);
	if (guestinfo_balloon(p->root))
		put(p, "control/feature-balloon", "1");
}

static bool same_addrs(const struct guestinfo_addrs *a, const struct guestinfo_addrs *b)
{
	if (a->n4 != b->n4 || a->n6 != b->n6)
		return false;
	for (unsigned i = 0; i < a->n4; i++)
		if (strcmp(a->v4[i], b->v4[i]))
			return false;
	for (unsigned i = 0; i < a->n6; i++)
		if (strcmp(a->v6[i], b->v6[i]))
			return false;
	return true;
}

static const struct publish_vif *shown(const struct publish *p, unsigned devid)
{
	for (unsigned i = 0; i < p->nshown; i++)
		if (p->shown[i].devid == devid)
			return &p->shown[i];
	return NULL;
}

static void put_family(struct publish *p, unsigned devid, const char *fam,
		       unsigned n, const char *addr, size_t stride)
{
	char path[64];

	for (unsigned i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "attr/vif/%u/%s/%u", devid, fam, i);
		put(p, path, addr + i * stride);
	}
}

/*
 * A vif's addresses, rewritten whole when they changed (or may be stale from
 * an earlier session): a NIC whose address went away loses its entry.
 */
static void publish_vif(struct publish *p, struct publish_vif *v,
			const struct ifaddrs *ifa)
{
	const struct publish_vif *old = shown(p, v->devid);
	char ifname[IF_NAMESIZE], path[64];

	memset(&v->a, 0, sizeof(v->a));
	if (*v->mac && guestinfo_nic_by_mac(p->root, v->mac, ifname))
		guestinfo_addrs(ifa, ifname, &v->a);
	if (!p->fresh && old && same_addrs(&old->a, &v->a))
		return;
	if (p->fresh || old) {
		snprintf(path, sizeof(path), "attr/vif/%u", v->devid);
		xsc_rm(p->xs, path);
	}
	put_family(p, v->devid, "ipv4", v->a.n4, v->a.v4[0], sizeof(v->a.v4[0]));
	put_family(p, v->devid, "ipv6", v->a.n6, v->a.v6[0], sizeof(v->a.v6[0]));
}

/* Every MAC is in (or none could be read): addresses, then the kick. */
static void finish_round(struct publish *p)
{
	struct ifaddrs *ifa = NULL;
	char path[64];

	if (p->nvif && getifaddrs(&ifa) < 0)
		fprintf(stderr, "xen-kvm-agent: getifaddrs: %s\n", strerror(errno));
	for (unsigned i = 0; i < p->nvif; i++)
		publish_vif(p, &p->vif[i], ifa);
	for (unsigned i = 0; i < p->nshown; i++) {
		unsigned j = 0;

		while (j < p->nvif && p->vif[j].devid != p->shown[i].devid)
			j++;
		if (j == p->nvif) {	/* the vif itself went away */
			snprintf(path, sizeof(path), "attr/vif/%u", p->shown[i].devid);
			xsc_rm(p->xs, path);
		}
	}
	if (ifa)
		freeifaddrs(ifa);
	memcpy(p->shown, p->vif, sizeof(p->shown));
	p->nshown = p->nvif;
	p->fresh = false;
	p->busy = false;
	put(p, "data/updated", "1");
}

static void on_mac(void *ctx, uint32_t type, const char *body, size_t len)
{
	struct publish_vif *v = ctx;

	if (type == XS_READ && len < sizeof(v->mac)) {
		memcpy(v->mac, body, len);
		v->mac[len] = '\0';
	}
	if (!--v->owner->waiting)
		finish_round(v->owner);
}

static void on_dir(void *ctx, uint32_t type, const char *body, size_t len)
{
	struct publish *p = ctx;
	char path[64];

	p->nvif = 0;
	if (type == XS_ERROR && !(len >= 6 && !memcmp(body, "ENOENT", 6)))
		fprintf(stderr, "xen-kvm-agent: XenStore directory device/vif: %.*s\n",
			(int)len, body);
	/* the names, each with its NUL */
	for (size_t off = 0, n; type == XS_DIRECTORY && off < len; off += n + 1) {
		char *end;
		unsigned long devid;

		n = strnlen(body + off, len - off);
		if (n == len - off)
			break;
		devid = strtoul(body + off, &end, 10);
		if (end == body + off || *end || p->nvif == PUBLISH_MAX_VIFS)
			continue;
		p->vif[p->nvif++] = (struct publish_vif){ .owner = p, .devid = (unsigned)devid };
	}
	for (unsigned i = 0; i < p->nvif; i++) {
		snprintf(path, sizeof(path), "device/vif/%u/mac", p->vif[i].devid);
		if (xsc_read(p->xs, path, on_mac, &p->vif[i]))
			p->waiting++;
	}
	if (!p->waiting)
		finish_round(p);
}

static void round_start(struct publish *p, int64_t now_ms)
{
	long long total, avail;

	p->due_ms = now_ms + p->interval_ms;
	if (p->busy)
		return;		/* the last round still waits for its MACs */
	guestinfo_meminfo(p->root, &total, &avail);
	if (avail >= 0)
		put_num(p, "data/meminfo_free", avail);
	p->busy = true;
	if (!xsc_directory(p->xs, "device/vif", on_dir, p))
		finish_round(p);
}

void publish_start(struct publish *p, int64_t now_ms)
{
	p->busy = false;
	p->fresh = true;
	p->waiting = p->nvif = p->nshown = 0;
	publish_static(p);
	round_start(p, now_ms);
}

int publish_timeout(const struct publish *p, int64_t now_ms)
{
	if (!xsc_ready(p->xs))
		return -1;
	return p->due_ms > now_ms ? (int)(p->due_ms - now_ms) : 0;
}

void publish_tick(struct publish *p, int64_t now_ms)
{
	if (xsc_ready(p->xs) && now_ms >= p->due_ms)
		round_start(p, now_ms);
}
