/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing and removing a domain's XenStore layout (xs_layout.h): the nodes,
 * values and permissions libxl's domain creation and device code write.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#include "domain.h"
#include "pci.h"
#include "memlayout.h"
#include "paths.h"
#include "serial.h"
#include "usb.h"
#include "vif.h"
#include "xs_layout.h"
#include "xs_path.h"

/* One transaction's worth of writes; the first failure sticks. */
struct tx {
	struct xs_handle *xs;
	xs_transaction_t t;
	int err;
	const char *what;
	char path[1024];
};

static const char *pathf(struct tx *tx, const char *fmt, va_list ap)
{
	if (vsnprintf(tx->path, sizeof(tx->path), fmt, ap) >=
	    (int)sizeof(tx->path) && !tx->err)
		tx->err = ENAMETOOLONG;
	return tx->path;
}

static void fail(struct tx *tx, const char *what)
{
	if (!tx->err) {
		tx->err = errno ? errno : EIO;
		tx->what = what;
	}
}

static void wr(struct tx *tx, const char *val, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void wr(struct tx *tx, const char *val, const char *fmt, ...)
{
	va_list ap;

	if (tx->err)
		return;
	va_start(ap, fmt);
	pathf(tx, fmt, ap);
	va_end(ap);
	if (!tx->err && !xs_write(tx->xs, tx->t, tx->path, val, strlen(val)))
		fail(tx, tx->path);
}

/* mkdir path with [n<owner>, r<reader>] (reader < 0: owner only). */
static void node(struct tx *tx, unsigned int owner, int reader,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void node(struct tx *tx, unsigned int owner, int reader,
		 const char *fmt, ...)
{
	struct xs_permissions p[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = (unsigned int)reader, .perms = XS_PERM_READ },
	};
	va_list ap;

	if (tx->err)
		return;
	va_start(ap, fmt);
	pathf(tx, fmt, ap);
	va_end(ap);
	if (tx->err)
		return;
	if (!xs_mkdir(tx->xs, tx->t, tx->path) ||
	    !xs_set_permissions(tx->xs, tx->t, tx->path, p, reader < 0 ? 1 : 2))
		fail(tx, tx->path);
}

int xlrt_disk_devid(const char *vdev)
{
	unsigned int disk = 0, part = 0, major;
	const char *p;
	char *end;
	int n = 0;

	if (!vdev || !*vdev)
		return -1;
	if (!strncmp(vdev, "xvd", 3))
		p = vdev + 3;
	else if (!strncmp(vdev, "hd", 2) || !strncmp(vdev, "sd", 2))
		p = vdev + 2;
	else {
		unsigned long v = strtoul(vdev, &end, 0);
		return *end || v > 0x7fffffff ? -1 : (int)v;
	}
	for (; *p >= 'a' && *p <= 'z'; p++, n++)
		disk = (n ? (disk + 1) * 26 : 0) + (unsigned int)(*p - 'a');
	if (!n || disk > (1U << 20))
		return -1;
	if (*p) {
		part = (unsigned int)strtoul(p, &end, 10);
		if (*end || part > 255)
			return -1;
	}
	if (vdev[0] == 'x') {
		if (disk < 16 && part < 16)
			return (202 << 8) | (int)(disk << 4) | (int)part;
		return (1 << 28) | (int)(disk << 8) | (int)part;
	}
	if (vdev[0] == 'h') {
		if (disk >= 4 || part >= 64)
			return -1;
		major = disk < 2 ? 3 : 22;
		return (int)((major << 8) | ((disk & 1) << 6) | part);
	}
	if (disk >= 16 || part >= 16)
		return -1;
	return (8 << 8) | (int)(disk << 4) | (int)part;
}

static const char *type_name(enum xlm_domain_type t)
{
	return t == XLM_TYPE_HVM ? "hvm" : t == XLM_TYPE_PV ? "pv" : "pvh";
}

/* Frontend and backend of one device, pointing at each other; the backend
 * lives in domain bedom's tree, owned by it and readable by the frontend's
 * domain, whose frontend bedom may read (libxl's device perms). */
static void device(struct tx *tx, unsigned int domid, unsigned int bedom,
		   const char *fe_kind, const char *be_kind, int devid,
		   char *fe, char *be)
{
	char id[16], beid[16];

	xlrt_xs_dom_path(fe, 256, domid, "device/%s/%d", fe_kind, devid);
	xlrt_xs_backend_path(be, 256, bedom, be_kind, domid, devid);
	snprintf(id, sizeof(id), "%u", domid);
	snprintf(beid, sizeof(beid), "%u", bedom);
	node(tx, domid, (int)bedom, "%s", fe);
	node(tx, bedom, (int)domid, "%s", be);
	if (bedom)	/* for remove_backends */
		node(tx, 0, -1, "/libxl/%u/backends/%u", domid, bedom);
	wr(tx, be, "%s/backend", fe);
	wr(tx, beid, "%s/backend-id", fe);
	wr(tx, "1", "%s/state", fe);
	wr(tx, fe, "%s/frontend", be);
	wr(tx, id, "%s/frontend-id", be);
	wr(tx, "1", "%s/online", be);
	wr(tx, "1", "%s/state", be);
}

/* One disk's frontend and backend; fe and be get their paths. */
static void disk(struct tx *tx, unsigned int domid, const struct xlm_disk *k,
		 char *fe, char *be)
{
	char v[32];
	int devid = xlrt_disk_devid(k->vdev);

	if (devid < 0) {
		tx->err = EINVAL;
		tx->what = k->vdev ? k->vdev : "disk without vdev";
		return;
	}
	device(tx, domid, 0, "vbd", "qdisk", devid, fe, be);
	snprintf(v, sizeof(v), "%d", devid);
	wr(tx, v, "%s/virtual-device", fe);
	wr(tx, k->is_cdrom ? "cdrom" : "disk", "%s/device-type", fe);
	wr(tx, k->pdev_path ? k->pdev_path : "", "%s/params", be);
	wr(tx, "qdisk", "%s/type", be);
	wr(tx, k->readwrite ? "w" : "r", "%s/mode", be);
	wr(tx, k->vdev, "%s/dev", be);
	wr(tx, k->removable ? "1" : "0", "%s/removable", be);
	wr(tx, "1", "%s/bootable", be);
	wr(tx, k->is_cdrom ? "cdrom" : "disk", "%s/device-type", be);
}

static void disks(struct tx *tx, unsigned int domid,
		  const struct xlm_domain *d)
{
	char fe[256], be[256];
	int i;

	for (i = 0; i < d->num_disks && !tx->err; i++)
		disk(tx, domid, &d->disks[i], fe, be);
}

/* One vif's frontend and backend, with the nodes libxl writes; its
 * hotplug-status is empty until its script has run. */
static void nic(struct tx *tx, unsigned int domid, const struct xlm_nic *n,
		int devid)
{
	char fe[256], be[256], v[64], mac[18];

	device(tx, domid, 0, "vif", "vif", devid, fe, be);
	snprintf(v, sizeof(v), "%d", devid);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		 n->mac[0], n->mac[1], n->mac[2], n->mac[3], n->mac[4],
		 n->mac[5]);
	wr(tx, v, "%s/handle", fe);
	wr(tx, mac, "%s/mac", fe);
	wr(tx, n->trusted == XLM_FALSE ? "0" : "1", "%s/trusted", fe);
	snprintf(v, sizeof(v), "%d", n->mtu ? n->mtu : 1500);
	wr(tx, v, "%s/mtu", fe);
	node(tx, 0, (int)domid, "%s/mtu", fe);	/* the guest only reads it */
	if (n->mtu && n->mtu != 1500)
		wr(tx, v, "%s/mtu", be);
	snprintf(v, sizeof(v), "%d", devid);
	wr(tx, v, "%s/handle", be);
	wr(tx, mac, "%s/mac", be);
	wr(tx, n->bridge ? n->bridge : "", "%s/bridge", be);
	/* libxl writes the script's absolute path in its script dir */
	if (n->script && *n->script && n->script[0] != '/') {
		char abs[512];

		snprintf(abs, sizeof(abs), "%s/%s", XLRT_XEN_SCRIPT_DIR,
			 n->script);
		wr(tx, abs, "%s/script", be);
	} else {
		wr(tx, n->script ? n->script : "", "%s/script", be);
	}
	if (n->ifname)
		wr(tx, n->ifname, "%s/vifname", be);
	if (n->ip)
		wr(tx, n->ip, "%s/ip", be);
	if (n->gatewaydev)
		wr(tx, n->gatewaydev, "%s/gatewaydev", be);
	if (n->rate_interval_usecs) {
		snprintf(v, sizeof(v), "%llu,%u", (unsigned long long)
			 n->rate_bytes_per_interval, n->rate_interval_usecs);
		wr(tx, v, "%s/rate", be);
	}
	wr(tx, n->nictype == XLM_NIC_VIF ? "vif" : "vif_ioemu", "%s/type", be);
	wr(tx, "", "%s/hotplug-status", be);
}

static void nics(struct tx *tx, unsigned int domid, const struct xlm_domain *d)
{
	int i;

	for (i = 0; i < d->num_nics && !tx->err; i++)
		nic(tx, domid, &d->nics[i], xlrt_vif_devid(&d->nics[i], i));
}

/* The domid of a channel's backend=: dom0 without one, and also while the
 * named domain is not running (README.channels). */
static unsigned int chan_backend(struct tx *tx, const struct xlm_channel *c)
{
	unsigned int be;

	if (!c->backend_domname || !*c->backend_domname ||
	    xlrt_domain_lookup(tx->xs, c->backend_domname, &be, NULL, 0))
		return 0;
	return be;
}

/* Channel i's frontend ~/device/console/<i+1> and its backend in bedom's
 * tree; fe and be get their paths. */
static void channel(struct tx *tx, unsigned int domid, unsigned int bedom,
		    int i, const struct xlm_channel *c, char *fe, char *be)
{
	device(tx, domid, bedom, "console", "console", i + 1, fe, be);
	wr(tx, "1048576", "%s/limit", fe);
	wr(tx, "ioemu", "%s/type", fe);
	wr(tx, c->name ? c->name : "", "%s/name", fe);
	wr(tx, "vt100", "%s/protocol", be);
	wr(tx, c->name ? c->name : "", "%s/name", be);
	wr(tx, c->connection == XLM_CHAN_SOCKET ? "socket" : "pty",
	   "%s/connection", be);
	if (c->connection == XLM_CHAN_SOCKET)
		wr(tx, c->socket_path ? c->socket_path : "", "%s/path", be);
}

/* Console 0 at ~/console, channel i at ~/device/console/<i+1>. */
static void consoles(struct tx *tx, unsigned int domid,
		     const struct xlm_domain *d, const char *tty)
{
	char fe[256], be[256], id[16];
	int i;

	xlrt_xs_dom_path(fe, sizeof(fe), domid, "console");
	xlrt_xs_backend_path(be, sizeof(be), 0, "console", domid, 0);
	snprintf(id, sizeof(id), "%u", domid);
	/* dom0's, read-only to the guest, as libxl has it: its tty and
	 * backend are what xl console trusts */
	node(tx, 0, (int)domid, "%s", fe);
	node(tx, 0, (int)domid, "%s", be);
	wr(tx, be, "%s/backend", fe);
	wr(tx, "0", "%s/backend-id", fe);
	wr(tx, "1048576", "%s/limit", fe);
	wr(tx, "ioemu", "%s/type", fe);
	wr(tx, "pty", "%s/output", fe);
	wr(tx, tty ? tty : "", "%s/tty", fe);
	wr(tx, fe, "%s/frontend", be);
	wr(tx, id, "%s/frontend-id", be);
	wr(tx, "1", "%s/online", be);
	wr(tx, "1", "%s/state", be);
	wr(tx, "vt100", "%s/protocol", be);
	for (i = 0; i < d->num_channels && !tx->err; i++)
		channel(tx, domid, chan_backend(tx, &d->channels[i]), i,
			&d->channels[i], fe, be);
}

/* ~/serial/<i>/tty of each pty serial port: the socket `xl console -t
 * serial' uses, as ~/console/tty is console 0's (serial.h) */
static void serials(struct tx *tx, unsigned int domid,
		    const struct xlm_domain *d)
{
	char tty[4096], dir[256];
	int i;

	xlrt_xs_dom_path(dir, sizeof(dir), domid, "serial");
	for (i = 0; i < xlrt_serial_count(d) && !tx->err; i++) {
		if (!xlrt_serial_relayed(d, i))
			continue;
		if (xlrt_path_serial_xl(tty, sizeof(tty), domid, (unsigned)i)) {
			tx->err = ENAMETOOLONG;
			tx->what = "the serial console's path";
			return;
		}
		node(tx, 0, (int)domid, "%s", dir);
		wr(tx, tty, "%s/%d/tty", dir, i);
	}
}

static void p9s(struct tx *tx, unsigned int domid, const struct xlm_domain *d)
{
	char fe[256], be[256];
	int i;

	for (i = 0; i < d->num_p9s && !tx->err; i++) {
		const struct xlm_p9 *p = &d->p9s[i];

		device(tx, domid, 0, "9pfs", "9pfs",
		       p->devid >= 0 ? p->devid : i, fe, be);
		wr(tx, p->tag, "%s/tag", fe);
		wr(tx, p->tag, "%s/tag", be);
		wr(tx, p->path, "%s/path", be);
		wr(tx, p->security_model, "%s/security_model", be);
	}
}

/* libxl's opts-N of a passed-through device */
static void pci_opts(const struct xlm_pci *p, char *buf, size_t len)
{
	snprintf(buf, len, "msitranslate=%d,power_mgmt=%d,permissive=%d,"
		 "rdm_policy=%s", p->msitranslate > 0, p->power_mgmt > 0,
		 p->permissive > 0,
		 p->rdm_policy == XLM_RDM_RELAXED ? "relaxed" : "strict");
}

/* Device n of the pci backend be (key-, dev-, vdevfn-, name-, opts-,
 * state-N as libxl writes them) and the claim /libxl/pci/BDF/domid. */
static void pci_dev(struct tx *tx, unsigned int domid, const char *be, int n,
		    const struct xlm_pci *p, const char *state)
{
	struct xlrt_bdf b = xlrt_bdf_of(p);
	char bdf[XLRT_BDF_LEN], v[128], claim[128];

	xlrt_bdf_str(&b, bdf);
	wr(tx, bdf, "%s/key-%d", be, n);
	wr(tx, bdf, "%s/dev-%d", be, n);
	if (p->vdevfn) {
		snprintf(v, sizeof(v), "%x", p->vdevfn);
		wr(tx, v, "%s/vdevfn-%d", be, n);
	}
	if (p->name)
		wr(tx, p->name, "%s/name-%d", be, n);
	pci_opts(p, v, sizeof(v));
	wr(tx, v, "%s/opts-%d", be, n);
	wr(tx, state, "%s/state-%d", be, n);
	snprintf(v, sizeof(v), "%u", domid);
	if (xlrt_pci_info_path(claim, sizeof(claim), &b, "domid"))
		tx->err = tx->err ? tx->err : ENAMETOOLONG;
	else
		wr(tx, v, "%s", claim);
}

/* All of a domain's passed-through devices are one pci device 0, its
 * backend listing them (num_devs), as libxl has it. */
static void pcis(struct tx *tx, unsigned int domid, const struct xlm_domain *d)
{
	char fe[256], be[256], v[16];
	int i;

	if (!d->num_pcidevs)
		return;
	device(tx, domid, 0, "pci", "pci", 0, fe, be);
	wr(tx, d->c_info.name, "%s/domain", be);
	for (i = 0; i < d->num_pcidevs && !tx->err; i++)
		pci_dev(tx, domid, be, i, &d->pcidevs[i], "1");
	snprintf(v, sizeof(v), "%d", d->num_pcidevs);
	wr(tx, v, "%s/num_devs", be);
}

/* One device-model USB controller where libxl keeps it, /libxl/D/device/
 * vusb/<devid>: type, usb-ver, num-ports and port/1..N, each "" or the bus
 * id of the host device on it. */
static void usbctrl(struct tx *tx, unsigned int domid,
		    const struct xlm_usbctrl *u, const struct xlm_domain *d)
{
	char dir[128], v[64];
	int p, i;

	snprintf(dir, sizeof(dir), "/libxl/%u/device/vusb/%d", domid, u->devid);
	node(tx, 0, -1, "%s", dir);
	wr(tx, "devicemodel", "%s/type", dir);
	snprintf(v, sizeof(v), "%d", u->version);
	wr(tx, v, "%s/usb-ver", dir);
	snprintf(v, sizeof(v), "%d", u->ports);
	wr(tx, v, "%s/num-ports", dir);
	wr(tx, "", "%s/port", dir);
	for (p = 1; p <= u->ports; p++) {
		*v = '\0';
		for (i = 0; d && i < d->num_usbdevs; i++) {
			const struct xlm_usbdev *dv = &d->usbdevs[i];

			if (dv->ctrl == u->devid && dv->port == p &&
			    xlrt_usb_busid(dv->hostbus, dv->hostaddr, v,
					   sizeof(v)) && !tx->err) {
				tx->err = ENODEV;
				tx->what = "a usbdev's host device";
			}
		}
		wr(tx, v, "%s/port/%d", dir, p);
	}
}

static void usbctrls(struct tx *tx, unsigned int domid,
		     const struct xlm_domain *d)
{
	int i;

	for (i = 0; i < d->num_usbctrls && !tx->err; i++)
		usbctrl(tx, domid, &d->usbctrls[i], d);
}

/* A store from before the name index (xs_path.h): every domain's name
 * into it, once. */
static void index_names(struct tx *tx)
{
	char **doms, *v;
	unsigned int n, i, d;

	doms = xs_directory(tx->xs, tx->t, XLRT_XS_DOMAINS, &n);
	for (i = 0; doms && i < n && !tx->err; i++) {
		if (xlrt_xs_child_domid(doms[i], &d))
			continue;
		v = xlrt_xs_dom_read(tx->xs, tx->t, d, "name");
		if (v && xlrt_xs_name_claim(tx->xs, tx->t, d, v))
			fail(tx, "the name index");
		free(v);
	}
	free(doms);
}

/* As libxl refuses a name in use: inside the transaction, so two creates
 * racing for one name cannot both commit; one read of the name index,
 * whatever the number of domains.  The name is claimed here. */
static bool name_taken(struct tx *tx, unsigned int domid, const char *name)
{
	unsigned int other;

	if (!xlrt_xs_name_indexed(tx->xs, tx->t))
		index_names(tx);
	if (tx->err)
		return true;
	if (!xlrt_xs_name_holder(tx->xs, tx->t, name, &other) && other != domid) {
		tx->err = EEXIST;
		tx->what = "a domain with this name exists";
		return true;
	}
	if (xlrt_xs_name_claim(tx->xs, tx->t, domid, name))
		fail(tx, "the name index");
	return tx->err != 0;
}

/*
 * Domain-0's name and domid, as Xen's xen-init-dom0 writes them at boot
 * (xentop, libxenstat and Qubes' vchan read them); written with the first
 * domain if missing, never removed.
 */
static void dom0_nodes(struct tx *tx)
{
	char home[64], *v = xlrt_xs_dom_read(tx->xs, tx->t, 0, "name");

	if (v) {
		free(v);
		return;
	}
	xlrt_xs_dom_home(home, sizeof(home), 0);
	wr(tx, "Domain-0", "%s/name", home);
	wr(tx, "0", "%s/domid", home);
	if (!tx->err && xlrt_xs_name_claim(tx->xs, tx->t, 0, "Domain-0"))
		fail(tx, "the name index");
}

static void layout(struct tx *tx, unsigned int domid,
		   const struct xlm_domain *d, const char *tty)
{
	char dom[64], vm[64], uuid[37], v[256];
	struct xlrt_memlayout mem;
	struct timespec now;
	int i;

	if (name_taken(tx, domid, d->c_info.name))
		return;
	xlrt_uuid_fmt(d->c_info.uuid, uuid);
	dom0_nodes(tx);
	xlrt_xs_dom_home(dom, sizeof(dom), domid);
	snprintf(vm, sizeof(vm), "/vm/%s", uuid);
	xs_rm(tx->xs, tx->t, dom);
	xs_rm(tx->xs, tx->t, vm);
	node(tx, 0, (int)domid, "%s", dom);
	node(tx, 0, (int)domid, "%s", vm);
	node(tx, 0, -1, "/libxl/%u", domid);
	node(tx, 0, -1, "/libxl/%u/device", domid);
	wr(tx, type_name(d->c_info.type), "/libxl/%u/type", domid);
	wr(tx, "qemu_xen", "/libxl/%u/dm-version", domid);
	wr(tx, vm, "%s/vm", dom);
	wr(tx, d->c_info.name, "%s/name", dom);
	snprintf(v, sizeof(v), "%u", domid);
	wr(tx, v, "%s/domid", dom);
	wr(tx, uuid, "%s/uuid", vm);
	wr(tx, d->c_info.name, "%s/name", vm);
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(v, sizeof(v), "%lld.%02ld", (long long)now.tv_sec,
		 now.tv_nsec / 10000000);
	wr(tx, v, "%s/start_time", vm);
	node(tx, 0, (int)domid, "%s/cpu", dom);
	for (i = 0; i < d->b_info.max_vcpus; i++)
		wr(tx, i < d->b_info.avail_vcpus ? "online" : "offline",
		   "%s/cpu/%d/availability", dom, i);
	if (xlrt_memlayout_of(d, &mem, v, sizeof(v))) {
		tx->err = EINVAL;
		tx->what = "the domain's memory sizes";
		return;
	}
	node(tx, 0, (int)domid, "%s/memory", dom);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)mem.maxmem_kb);
	wr(tx, v, "%s/memory/static-max", dom);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)mem.target_kb);
	wr(tx, v, "%s/memory/target", dom);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)mem.video_kb);
	wr(tx, v, "%s/memory/videoram", dom);
	node(tx, 0, (int)domid, "%s/device", dom);
	node(tx, 0, (int)domid, "%s/control", dom);
	wr(tx, "1", "%s/control/platform-feature-multiprocessor-suspend", dom);
	wr(tx, "1", "%s/control/platform-feature-xs_reset_watches", dom);
	node(tx, domid, -1, "%s/control/shutdown", dom);
	node(tx, domid, -1, "%s/control/feature-poweroff", dom);
	node(tx, domid, -1, "%s/control/feature-reboot", dom);
	node(tx, domid, -1, "%s/control/feature-suspend", dom);
	node(tx, domid, -1, "%s/control/sysrq", dom);
	node(tx, domid, -1, "%s/data", dom);
	node(tx, domid, -1, "%s/drivers", dom);
	node(tx, domid, -1, "%s/feature", dom);
	node(tx, domid, -1, "%s/attr", dom);
	node(tx, domid, -1, "%s/error", dom);
	disks(tx, domid, d);
	nics(tx, domid, d);
	consoles(tx, domid, d, tty);
	serials(tx, domid, d);
	p9s(tx, domid, d);
	pcis(tx, domid, d);
	usbctrls(tx, domid, d);
}

/* Runs fn in a transaction, retrying on EAGAIN; 0 or -errno. */
static int in_tx(struct tx *tx, void (*fn)(struct tx *, void *), void *arg)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		tx->err = 0;
		tx->what = NULL;
		tx->t = xs_transaction_start(tx->xs);
		if (!tx->t) {
			tx->what = "transaction start";
			return errno ? -errno : -EIO;
		}
		fn(tx, arg);
		if (tx->err) {
			xs_transaction_end(tx->xs, tx->t, true);
			return -tx->err;
		}
		if (xs_transaction_end(tx->xs, tx->t, false))
			return 0;
		if (errno != EAGAIN) {
			tx->what = "transaction commit";
			return -errno;
		}
	}
	return -EAGAIN;
}

struct write_arg {
	unsigned int domid;
	const struct xlm_domain *d;
	const char *tty;
};

static void write_fn(struct tx *tx, void *arg)
{
	struct write_arg *a = arg;

	layout(tx, a->domid, a->d, a->tty);
}

int xlrt_xs_layout_write(struct xs_handle *xs, unsigned int domid,
			 const struct xlm_domain *d, const char *console_tty,
			 char *err, size_t errlen)
{
	struct write_arg a = { domid, d, console_tty };
	struct tx tx = { .xs = xs };
	int r = in_tx(&tx, write_fn, &a);

	if (r == -EEXIST) {
		snprintf(err, errlen, "Domain with name \"%s\" already exists.",
			 d->c_info.name);
		xlrt_xs_layout_remove(xs, domid);
		return r;
	}
	if (r) {
		snprintf(err, errlen, "cannot write the domain's XenStore nodes (%s): %s",
			 tx.what ? tx.what : "?", strerror(-r));
		xlrt_xs_layout_remove(xs, domid);
		return r;
	}
	if (!xs_introduce_domain(xs, domid, 0, 0)) {
		r = errno ? -errno : -EIO;
		snprintf(err, errlen, "xenstored refused to introduce domain %u: %s",
			 domid, strerror(-r));
		xlrt_xs_layout_remove(xs, domid);
		return r;
	}
	return 0;
}

static void connected_fn(struct tx *tx, void *arg)
{
	unsigned int domid = *(unsigned int *)arg;
	char base[128], **kinds, **ids;
	unsigned int nk, ni, i, j;

	xlrt_xs_dom_path(base, sizeof(base), domid, "device");
	kinds = xs_directory(tx->xs, tx->t, base, &nk);
	for (i = 0; kinds && i < nk && !tx->err; i++) {
		char dir[256];

		snprintf(dir, sizeof(dir), "%s/%s", base, kinds[i]);
		ids = xs_directory(tx->xs, tx->t, dir, &ni);
		for (j = 0; ids && j < ni && !tx->err; j++) {
			char fe[300], *be;
			unsigned int len;

			snprintf(fe, sizeof(fe), "%s/%s", dir, ids[j]);
			wr(tx, "4", "%s/state", fe);
			be = xs_read(tx->xs, tx->t,
				     strcat(strcpy(tx->path, fe), "/backend"), &len);
			if (be)
				wr(tx, "4", "%s/state", be);
			free(be);
		}
		free(ids);
	}
	free(kinds);
}

int xlrt_xs_devices_connected(struct xs_handle *xs, unsigned int domid)
{
	struct tx tx = { .xs = xs };

	return in_tx(&tx, connected_fn, &domid);
}

/* rm path, then its parents while they are empty, up to (not including)
 * stop, as libxl cleans a device's backend path. */
static void rm_up(struct tx *tx, char *path, size_t stop)
{
	unsigned int n;
	char **dir, *slash;

	xs_rm(tx->xs, tx->t, path);
	while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > stop) {
		*slash = 0;
		dir = xs_directory(tx->xs, tx->t, path, &n);
		free(dir);
		if (!dir || n)
			break;
		xs_rm(tx->xs, tx->t, path);
	}
}

/* The domain's backends: every kind under dom0's backend/ for domid, and
 * under that of each other domain that device() recorded in dom0's
 * /libxl/<domid>/backends (a channel's backend=; not the frontends'
 * backend-id, which the guest may rewrite), so a destroy costs the same
 * whatever else runs. */
static void remove_backends(struct tx *tx, unsigned int domid)
{
	char path[256], **others, **kinds;
	unsigned int no, nk, i, j, be;
	int home;

	snprintf(path, sizeof(path), "/libxl/%u/backends", domid);
	others = xs_directory(tx->xs, tx->t, path, &no);
	if (!others)
		no = 0;
	for (i = 0; i <= no; i++) {
		if (i == no)
			be = 0;
		else if (xlrt_xs_child_domid(others[i], &be) || !be || be == domid)
			continue;
		home = xlrt_xs_dom_home(path, sizeof(path), be);
		kinds = xlrt_xs_dom_dir(tx->xs, tx->t, be, "backend", &nk);
		for (j = 0; kinds && j < nk; j++)
			if (xlrt_xs_backend_path(path, sizeof(path), be,
						 kinds[j], domid, -1) > 0)
				rm_up(tx, path, (size_t)home);
		free(kinds);
	}
	free(others);
}

/* Drop the domain's claims on host PCI devices (/libxl/pci/BDF/domid),
 * and each device's info directory once nothing is left in it. */
static void pci_release(struct tx *tx, unsigned int domid)
{
	char be[128], path[256], *v;
	unsigned int len, n;
	char **kids;
	int i, num;

	xlrt_xs_backend_path(be, sizeof(be), 0, "pci", domid, 0);
	snprintf(path, sizeof(path), "%s/num_devs", be);
	v = xs_read(tx->xs, tx->t, path, &len);
	num = v ? atoi(v) : 0;
	free(v);
	for (i = 0; i < num; i++) {
		struct xlrt_bdf b;

		snprintf(path, sizeof(path), "%s/dev-%d", be, i);
		v = xs_read(tx->xs, tx->t, path, &len);
		if (!v || xlrt_bdf_parse(v, &b) ||
		    xlrt_pci_info_path(path, sizeof(path), &b, "domid")) {
			free(v);
			continue;
		}
		free(v);
		v = xs_read(tx->xs, tx->t, path, &len);
		if (v && strtoul(v, NULL, 10) == domid) {
			xs_rm(tx->xs, tx->t, path);
			*strrchr(path, '/') = '\0';
			kids = xs_directory(tx->xs, tx->t, path, &n);
			if (kids && !n)
				xs_rm(tx->xs, tx->t, path);
			free(kids);
		}
		free(v);
	}
}

static void remove_fn(struct tx *tx, void *arg)
{
	unsigned int domid = *(unsigned int *)arg;
	char path[128], *vm, *name;

	vm = xlrt_xs_dom_read(tx->xs, tx->t, domid, "vm");
	if (vm && !strncmp(vm, "/vm/", 4) && !strchr(vm + 4, '/'))
		xs_rm(tx->xs, tx->t, vm);
	free(vm);
	name = xlrt_xs_dom_read(tx->xs, tx->t, domid, "name");
	if (name)
		xlrt_xs_name_drop(tx->xs, tx->t, domid, name);
	free(name);
	pci_release(tx, domid);		/* reads dom0's pci backend */
	remove_backends(tx, domid);	/* reads /libxl/<domid> */
	xlrt_xs_dom_home(path, sizeof(path), domid);
	xs_rm(tx->xs, tx->t, path);
	snprintf(path, sizeof(path), "/libxl/%u", domid);
	xs_rm(tx->xs, tx->t, path);
}

int xlrt_xs_layout_remove(struct xs_handle *xs, unsigned int domid)
{
	struct tx tx = { .xs = xs };
	int r = in_tx(&tx, remove_fn, &domid);

	if (xs_is_domain_introduced(xs, domid))
		xs_release_domain(xs, domid);
	return r;
}

struct rebind_arg {
	unsigned int domid, be;
	int i;
	const struct xlm_channel *c;
	bool moved;
};

/* dir's children (a frontend: flat) get dir's perms, as if written under
 * it now. */
static void regrant(struct tx *tx, const char *dir, unsigned int owner,
		    unsigned int reader)
{
	unsigned int n, k;
	char **kids = xs_directory(tx->xs, tx->t, dir, &n);

	for (k = 0; kids && k < n; k++)
		node(tx, owner, (int)reader, "%s/%s", dir, kids[k]);
	free(kids);
}

static void rebind_fn(struct tx *tx, void *arg)
{
	struct rebind_arg *a = arg;
	char fe[256], be[256], old[256], *v, *end;
	unsigned long was;
	unsigned int len;
	bool known, right;
	int home;

	a->moved = false;
	xlrt_xs_dom_path(fe, sizeof(fe), a->domid, "device/console/%d", a->i + 1);
	snprintf(tx->path, sizeof(tx->path), "%s/backend-id", fe);
	v = xs_read(tx->xs, tx->t, tx->path, &len);
	if (!v) {
		fail(tx, tx->path);
		return;
	}
	was = strtoul(v, &end, 10);
	known = *v && !*end && was <= 0xffffffffUL;
	free(v);
	/* the stale backend's path from backend-id, not the frontend's
	 * backend= (the guest owns its frontend) */
	home = xlrt_xs_dom_home(old, sizeof(old), (unsigned int)was);
	xlrt_xs_backend_path(old, sizeof(old), (unsigned int)was, "console",
			     a->domid, a->i + 1);
	if (known && was == a->be) {
		snprintf(tx->path, sizeof(tx->path), "%s/frontend", old);
		v = xs_read(tx->xs, tx->t, tx->path, &len);
		right = v != NULL;
		free(v);
		if (right)
			return;
	}
	if (known)
		rm_up(tx, old, (size_t)home);
	channel(tx, a->domid, a->be, a->i, a->c, fe, be);
	regrant(tx, fe, a->domid, a->be);
	wr(tx, "4", "%s/state", fe);
	wr(tx, "4", "%s/state", be);
	a->moved = true;
}

int xlrt_xs_chan_rebind(struct xs_handle *xs, unsigned int domid, int i,
			const struct xlm_channel *c, unsigned int *bedom)
{
	struct rebind_arg a = { .domid = domid, .i = i, .c = c };
	struct tx tx = { .xs = xs };
	int r;

	if (!c->backend_domname)
		return -EINVAL;
	r = xlrt_domain_lookup(xs, c->backend_domname, &a.be, NULL, 0);
	if (r)
		return r;
	*bedom = a.be;
	r = in_tx(&tx, rebind_fn, &a);
	return r ? r : a.moved;
}

struct disk_arg {
	unsigned int domid;
	const struct xlm_disk *k;
	int devid;
};

static void disk_add_fn(struct tx *tx, void *arg)
{
	struct disk_arg *a = arg;
	char fe[256], be[256];

	disk(tx, a->domid, a->k, fe, be);
	wr(tx, "4", "%s/state", fe);
	wr(tx, "4", "%s/state", be);
}

int xlrt_xs_disk_add(struct xs_handle *xs, unsigned int domid,
		     const struct xlm_disk *k)
{
	struct disk_arg a = { domid, k, 0 };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, disk_add_fn, &a);
}

static void disk_remove_fn(struct tx *tx, void *arg)
{
	struct disk_arg *a = arg;
	char path[128];

	xlrt_xs_dom_path(path, sizeof(path), a->domid, "device/vbd/%d",
			 a->devid);
	xs_rm(tx->xs, tx->t, path);
	xlrt_xs_backend_path(path, sizeof(path), 0, "qdisk", a->domid,
			     a->devid);
	xs_rm(tx->xs, tx->t, path);
}

int xlrt_xs_disk_remove(struct xs_handle *xs, unsigned int domid, int devid)
{
	struct disk_arg a = { domid, NULL, devid };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, disk_remove_fn, &a);
}

struct pci_arg {
	unsigned int domid;
	const struct xlm_pci *p;
	const char *domname;
};

static void pci_add_fn(struct tx *tx, void *arg)
{
	struct pci_arg *a = arg;
	char fe[256], be[256], v[16], *num;
	unsigned int len;
	int n;

	xlrt_xs_backend_path(be, sizeof(be), 0, "pci", a->domid, 0);
	num = xs_read(tx->xs, tx->t, strcat(strcpy(tx->path, be), "/num_devs"),
		      &len);
	n = num ? atoi(num) : 0;
	free(num);
	if (!n) {
		device(tx, a->domid, 0, "pci", "pci", 0, fe, be);
		wr(tx, a->domname, "%s/domain", be);
		wr(tx, "4", "%s/state", fe);
		wr(tx, "4", "%s/state", be);
	}
	pci_dev(tx, a->domid, be, n, a->p, "4");
	snprintf(v, sizeof(v), "%d", n + 1);
	wr(tx, v, "%s/num_devs", be);
}

int xlrt_xs_pci_add(struct xs_handle *xs, unsigned int domid,
		    const char *domname, const struct xlm_pci *p)
{
	struct pci_arg a = { domid, p, domname };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, pci_add_fn, &a);
}

/* Move device "from"'s numbered nodes to "to" (libxl keeps 0..num-1). */
static void pci_shift(struct tx *tx, const char *be, int from, int to)
{
	static const char *const keys[] = { "key", "dev", "vdevfn", "name",
					    "opts", "state" };
	char path[300], *v;
	unsigned int len;
	size_t k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		snprintf(path, sizeof(path), "%s/%s-%d", be, keys[k], from);
		v = xs_read(tx->xs, tx->t, path, &len);
		xs_rm(tx->xs, tx->t, path);
		if (v && to >= 0)
			wr(tx, v, "%s/%s-%d", be, keys[k], to);
		free(v);
	}
}

static void pci_remove_fn(struct tx *tx, void *arg)
{
	struct pci_arg *a = arg;
	struct xlrt_bdf want = xlrt_bdf_of(a->p), b;
	char be[128], path[256], *v, claim[128], home[32];
	unsigned int len;
	int n, i, at = -1;

	xlrt_xs_backend_path(be, sizeof(be), 0, "pci", a->domid, 0);
	snprintf(path, sizeof(path), "%s/num_devs", be);
	v = xs_read(tx->xs, tx->t, path, &len);
	n = v ? atoi(v) : 0;
	free(v);
	for (i = 0; i < n && at < 0; i++) {
		snprintf(path, sizeof(path), "%s/dev-%d", be, i);
		v = xs_read(tx->xs, tx->t, path, &len);
		if (v && !xlrt_bdf_parse(v, &b) && b.dom == want.dom &&
		    b.bus == want.bus && b.dev == want.dev &&
		    b.func == want.func)
			at = i;
		free(v);
	}
	if (at < 0) {
		tx->err = ENOENT;
		return;
	}
	if (!xlrt_pci_info_path(claim, sizeof(claim), &want, "domid"))
		xs_rm(tx->xs, tx->t, claim);
	if (n == 1) {
		xlrt_xs_dom_path(path, sizeof(path), a->domid, "device/pci/0");
		xs_rm(tx->xs, tx->t, path);
		strcpy(path, be);
		rm_up(tx, path, (size_t)xlrt_xs_dom_home(home, sizeof(home), 0));
		return;
	}
	pci_shift(tx, be, at, -1);
	for (i = at + 1; i < n; i++)
		pci_shift(tx, be, i, i - 1);
	snprintf(path, sizeof(path), "%d", n - 1);
	wr(tx, path, "%s/num_devs", be);
}

int xlrt_xs_pci_remove(struct xs_handle *xs, unsigned int domid,
		       const struct xlm_pci *p)
{
	struct pci_arg a = { domid, p, NULL };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, pci_remove_fn, &a);
}

struct usb_arg {
	unsigned int domid;
	const struct xlm_usbctrl *u;
	int devid, port;
	const char *busid;
};

static void usbctrl_add_fn(struct tx *tx, void *arg)
{
	struct usb_arg *a = arg;

	usbctrl(tx, a->domid, a->u, NULL);
}

int xlrt_xs_usbctrl_add(struct xs_handle *xs, unsigned int domid,
			const struct xlm_usbctrl *u)
{
	struct usb_arg a = { .domid = domid, .u = u };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, usbctrl_add_fn, &a);
}

int xlrt_xs_usbctrl_remove(struct xs_handle *xs, unsigned int domid,
			   int devid)
{
	char path[128];

	snprintf(path, sizeof(path), "/libxl/%u/device/vusb/%d", domid, devid);
	return xs_rm(xs, XBT_NULL, path) ? 0 : -errno;
}

int xlrt_xs_usbdev_set(struct xs_handle *xs, unsigned int domid, int ctrl,
		       int port, const char *busid)
{
	char path[160];

	snprintf(path, sizeof(path), "/libxl/%u/device/vusb/%d/port/%d", domid,
		 ctrl, port);
	return xs_write(xs, XBT_NULL, path, busid, strlen(busid)) ? 0 : -errno;
}

struct nic_arg {
	unsigned int domid;
	const struct xlm_nic *n;
	int devid;
};

static void nic_add_fn(struct tx *tx, void *arg)
{
	struct nic_arg *a = arg;

	nic(tx, a->domid, a->n, a->devid);
}

int xlrt_xs_nic_add(struct xs_handle *xs, unsigned int domid,
		    const struct xlm_nic *n, int devid)
{
	struct nic_arg a = { domid, n, devid };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, nic_add_fn, &a);
}

static void nic_connected_fn(struct tx *tx, void *arg)
{
	struct nic_arg *a = arg;

	char fe[128], be[128];

	xlrt_xs_dom_path(fe, sizeof(fe), a->domid, "device/vif/%d", a->devid);
	xlrt_xs_backend_path(be, sizeof(be), 0, "vif", a->domid, a->devid);
	wr(tx, "4", "%s/state", fe);
	wr(tx, "4", "%s/state", be);
}

int xlrt_xs_nic_connected(struct xs_handle *xs, unsigned int domid, int devid)
{
	struct nic_arg a = { domid, NULL, devid };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, nic_connected_fn, &a);
}

static void nic_remove_fn(struct tx *tx, void *arg)
{
	struct nic_arg *a = arg;
	char path[128];
	int home = xlrt_xs_dom_home(path, sizeof(path), 0);

	xlrt_xs_dom_path(path, sizeof(path), a->domid, "device/vif/%d",
			 a->devid);
	xs_rm(tx->xs, tx->t, path);
	xlrt_xs_backend_path(path, sizeof(path), 0, "vif", a->domid, a->devid);
	rm_up(tx, path, (size_t)home);
}

int xlrt_xs_nic_remove(struct xs_handle *xs, unsigned int domid, int devid)
{
	struct nic_arg a = { domid, NULL, devid };
	struct tx tx = { .xs = xs };

	return in_tx(&tx, nic_remove_fn, &a);
}
