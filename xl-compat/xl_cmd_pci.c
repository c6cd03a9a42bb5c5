/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_pci.c: PCI passthrough with VFIO.  pci-assignable-add/-remove/
 * -list make host devices assignable and back (runtime/pci.h);
 * pci-attach/-detach/-list hand them to a running domain's QEMU through
 * QMP (device_add; device_del waiting for DEVICE_DELETED) with the
 * XenStore nodes libxl writes.  Output and exit codes are Xen 4.17's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "logring.h"
#include "pci.h"
#include "xs_layout.h"
#include "xs_path.h"

/* A BDF operand, BB:DD.* meaning every function the host has; 2 (usage)
 * after xl's message, 1 for a slot without functions. */
static int bdf_operand(const char *cmd, const char *s, struct xlrt_bdf **set,
		       int *n)
{
	struct xlm_pci p;
	struct xlrt_bdf b;
	char quote = !strcmp(cmd, "pci-assignable-add") ? '"' : '\'';

	xlm_pci_init(&p);
	if (xlm_parse_pci_bdf(s, &p)) {
		fprintf(stderr, "%s: malformed BDF %c%s%c\n", cmd, quote, s,
			quote);
		return 2;
	}
	b = xlrt_bdf_of(&p);
	if (p.vfunc_mask == 1) {
		*set = malloc(sizeof(**set));
		if (!*set)
			return 1;
		**set = b;
		*n = 1;
		return 0;
	}
	if (xlrt_pci_slot_functions(&b, set, n) || !*n) {
		free(*set);
		fprintf(stderr, "libxl: error: %04x:%02x:%02x.*: no such PCI "
			"device on this host\n", b.dom, b.bus, b.dev);
		return 1;
	}
	return 0;
}

int main_pci_assignable_add(const struct xl_args *a)
{
	const char *name = a->opt['n'];
	struct xs_handle *xs;
	struct xlrt_bdf *set = NULL;
	char err[1024];
	int n, r, already;

	r = bdf_operand("pci-assignable-add", a->argv[0], &set, &n);
	if (r)
		return r;
	xs = xl_xs();
	if (!xs) {
		free(set);
		return EXIT_FAILURE;
	}
	r = xlrt_pci_assignable_add(xs, set, n, name, &already, err,
				    sizeof(err));
	xs_close(xs);
	free(set);
	if (r) {
		fprintf(stderr, "libxl: error: %s\n", err);
		return EXIT_FAILURE;
	}
	if (already == n)
		fprintf(stderr, "libxl: warning: %s already assignable (held "
			"by vfio-pci)\n", a->argv[0]);
	xlrt_log("pci %s assignable%s%s", a->argv[0], name ? " as " : "",
		 name ? name : "");
	return EXIT_SUCCESS;
}

int main_pci_assignable_remove(const struct xl_args *a)
{
	const char *ident = a->argv[0];
	struct xs_handle *xs;
	struct xlrt_bdf *set = NULL, named;
	char err[1024], warn[512];
	int n = 1, i, r = 0, rc = EXIT_SUCCESS;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	/* a name first, then a BDF, as xl does */
	if (!xlrt_pci_name_lookup(xs, ident, &named))
		set = &named;
	else if ((r = bdf_operand("pci-assignable-remove", ident, &set, &n))) {
		xs_close(xs);
		return r;
	}
	for (i = 0; i < n && rc == EXIT_SUCCESS; i++) {
		r = xlrt_pci_assignable_remove(xs, &set[i], a->opt['r'] != NULL,
					       warn, sizeof(warn), err,
					       sizeof(err));
		if (*warn)
			fprintf(stderr, "libxl: warning: %s\n", warn);
		if (r) {
			fprintf(stderr, "libxl: error: %s\n", err);
			rc = EXIT_FAILURE;
		}
	}
	xs_close(xs);
	if (set != &named)
		free(set);
	if (rc == EXIT_SUCCESS)
		xlrt_log("pci %s no longer assignable%s", ident,
			 a->opt['r'] ? ", back with its driver" : "");
	return rc;
}

int main_pci_assignable_list(const struct xl_args *a)
{
	struct xlrt_pci_assignable *l;
	struct xs_handle *xs;
	char bdf[XLRT_BDF_LEN];
	int n, i;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	i = xlrt_pci_assignable_list(xs, &l, &n);
	xs_close(xs);
	if (i) {
		fprintf(stderr, "libxl: error: cannot list vfio-pci's devices: "
			"%s\n", strerror(-i));
		return EXIT_FAILURE;
	}
	for (i = 0; i < n; i++) {
		xlrt_bdf_str(&l[i].bdf, bdf);
		printf("%s %s\n", bdf,
		       a->opt['n'] && l[i].name ? l[i].name : "");
	}
	xlrt_pci_assignable_free(l, n);
	return EXIT_SUCCESS;
}

/* Where QEMU put device id in the guest (slot << 3 | function), or -1. */
static int qemu_vdevfn(struct xlrt_qmp *q, const char *id)
{
	json_object *ret = NULL, *devs, *d, *v;
	size_t i, j;
	int at = -1;

	if (xlrt_qmp_execute(q, "query-pci", NULL, &ret, 5000))
		return -1;
	for (i = 0; at < 0 && i < json_object_array_length(ret); i++) {
		if (!json_object_object_get_ex(json_object_array_get_idx(ret, i),
					       "devices", &devs))
			continue;
		for (j = 0; at < 0 && j < json_object_array_length(devs); j++) {
			d = json_object_array_get_idx(devs, j);
			if (!json_object_object_get_ex(d, "qdev_id", &v) ||
			    strcmp(json_object_get_string(v), id))
				continue;
			at = json_object_get_int(
				json_object_object_get(d, "slot")) << 3 |
			     json_object_get_int(
				json_object_object_get(d, "function"));
		}
	}
	json_object_put(ret);
	return at;
}

/* A spec from the command line; 2 (usage) after xl's message. */
static int parse_spec(const char *cmd, const char *s, struct xlm_pci *p)
{
	xlm_pci_init(p);
	if (!xlm_parse_pci("command line", s, p))
		return 0;
	fprintf(stderr, "%s: malformed PCI_SPEC_STRING \"%s\"\n", cmd, s);
	return 2;
}

static int plug(struct xlrt_qmp *q, struct xs_handle *xs, unsigned int domid,
		const char *domname, struct xlm_pci *p)
{
	const char *drv = xlrt_pci_qemu_driver();
	struct xlrt_bdf b = xlrt_bdf_of(p);
	char bdf[XLRT_BDF_LEN], id[32], addr[16];
	json_object *args = json_object_new_object();
	int r, at;

	xlrt_bdf_str(&b, bdf);
	xlrt_pci_qdev_id(&b, id, sizeof(id));
	json_object_object_add(args, "driver", json_object_new_string(drv));
	json_object_object_add(args, "id", json_object_new_string(id));
	if (!strcmp(drv, "vfio-pci"))
		json_object_object_add(args, "host", json_object_new_string(bdf));
	if (p->vdevfn) {
		snprintf(addr, sizeof(addr), "0x%x.0x%x", p->vdevfn >> 3,
			 p->vdevfn & 7);
		json_object_object_add(args, "addr", json_object_new_string(addr));
	}
	r = xl_qmp_run(q, "device_add", args, NULL);
	json_object_put(args);
	if (r)
		return -1;
	at = qemu_vdevfn(q, id);
	if (at > 0)
		p->vdevfn = (uint32_t)at;
	if (xlrt_xs_pci_add(xs, domid, domname, p)) {
		fprintf(stderr, "xl: cannot write the pci device's XenStore "
			"nodes: %m\n");
		xl_qmp_unplug(q, (const char *const []){ id }, 1);
		return -1;
	}
	xlrt_log("domain %u: pci %s attached at %02x.%x", domid, bdf,
		 p->vdevfn >> 3, p->vdevfn & 7);
	return 0;
}

/* The n devices of set leave the domain: device_del of the first, which
 * takes its guest slot (the others must be the rest of that slot). */
static int unplug(struct xlrt_qmp *q, struct xs_handle *xs, unsigned int domid,
		  const struct xlrt_bdf *set, int n, bool force)
{
	char ids[8][32], bdf[XLRT_BDF_LEN];
	const char *idv[8];
	struct xlm_pci p;
	int i;

	if (n < 1 || n > 8)
		return -1;
	for (i = 0; i < n; i++) {
		xlrt_pci_qdev_id(&set[i], ids[i], sizeof(ids[i]));
		idv[i] = ids[i];
	}
	if (xl_qmp_unplug(q, idv, n)) {
		if (force)
			fprintf(stderr, "xl: pci-detach -f: KVM has no forced "
				"unplug: QEMU removes a PCI device only once the "
				"guest has let go of it\n");
		return -1;
	}
	for (i = 0; i < n; i++) {
		xlm_pci_init(&p);
		p.domain = (int)set[i].dom;
		p.bus = (uint8_t)set[i].bus;
		p.dev = (uint8_t)set[i].dev;
		p.func = (uint8_t)set[i].func;
		xlrt_bdf_str(&set[i], bdf);
		if (xlrt_xs_pci_remove(xs, domid, &p))
			fprintf(stderr, "xl: cannot remove the XenStore nodes "
				"of pci %s: %m\n", bdf);
		xlrt_log("domain %u: pci %s detached", domid, bdf);
	}
	return 0;
}

int main_pci_attach(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	struct xlm_pci *devs;
	unsigned int domid;
	char err[1024], *name = NULL;
	int n = 1, i, done = 0, rc = EXIT_FAILURE;

	devs = calloc(1, sizeof(*devs));
	if (!devs)
		return EXIT_FAILURE;
	if (parse_spec("pci-attach", a->argv[1], devs)) {
		free(devs->name);
		free(devs);
		return 2;
	}
	xs = xl_xs();
	if (!xs || xl_domid(xs, a->argv[0], 0, &domid))
		goto out;
	if (!strcmp(xlrt_pci_qemu_driver(), "vfio-pci") &&
	    xl_dom_need_privileged_qemu(domid, "pci-attach"))
		goto out;
	if (xlrt_pci_prepare(xs, &devs, &n, err, sizeof(err))) {
		fprintf(stderr, "libxl: error: %s\n", err);
		goto out;
	}
	name = xlrt_xs_dom_read(xs, XBT_NULL, domid, "name");
	if (xl_dom_qmp(domid, &q))
		goto out;
	/* function 0 last: plugging it is what makes the guest scan the
	 * slot, and it must find the other functions there already */
	if (n > 1 && !devs[0].func) {
		struct xlm_pci f0 = devs[0];

		memmove(devs, devs + 1, (size_t)(n - 1) * sizeof(*devs));
		devs[n - 1] = f0;
	}
	for (done = 0; done < n; done++)
		if (plug(q, xs, domid, name ? name : "", &devs[done]))
			break;
	if (done == n) {
		rc = EXIT_SUCCESS;
	} else {
		/* the functions of a BB:DD.* that did get in go again */
		for (i = 0; i < done; i++) {
			struct xlrt_bdf b = xlrt_bdf_of(&devs[i]);

			unplug(q, xs, domid, &b, 1, false);
		}
	}
out:
	if (q)
		xlrt_qmp_close(q);
	if (xs)
		xs_close(xs);
	for (i = 0; i < n; i++)
		free(devs[i].name);
	free(devs);
	free(name);
	return rc;
}

/* The domain's pci backend: its device count, and device i's BDF. */
static int backend_count(struct xs_handle *xs, unsigned int domid)
{
	char path[128], *v;
	unsigned int len;
	int n;

	xlrt_xs_dom_path(path, sizeof(path), 0, "backend/pci/%u/0/num_devs",
			 domid);
	v = xs_read(xs, XBT_NULL, path, &len);
	n = v ? atoi(v) : 0;
	free(v);
	return n;
}

static char *backend_key(struct xs_handle *xs, unsigned int domid,
			 const char *key, int i)
{
	char path[128];
	unsigned int len;

	xlrt_xs_dom_path(path, sizeof(path), 0, "backend/pci/%u/0/%s-%d", domid,
			 key, i);
	return xs_read(xs, XBT_NULL, path, &len);
}

/* The domain's passed-through devices, from its pci backend, with their
 * guest slot and function (-1 where unknown); *out is malloc'ed. */
struct held {
	struct xlrt_bdf b;
	int vdevfn;
};

static int held_list(struct xs_handle *xs, unsigned int domid,
		     struct held **out)
{
	int n = backend_count(xs, domid), i, k = 0;
	struct held *h = calloc((size_t)n + 1, sizeof(*h));

	for (i = 0; h && i < n; i++) {
		char *dev = backend_key(xs, domid, "dev", i),
		     *vf = backend_key(xs, domid, "vdevfn", i);

		if (dev && !xlrt_bdf_parse(dev, &h[k].b)) {
			h[k].vdevfn = vf ? (int)strtol(vf, NULL, 16) : -1;
			k++;
		}
		free(dev);
		free(vf);
	}
	*out = h;
	return h ? k : 0;
}

static bool same_dev(const struct xlrt_bdf *a, const struct xlrt_bdf *b)
{
	return a->dom == b->dom && a->bus == b->bus && a->dev == b->dev;
}

int main_pci_detach(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	struct held *h = NULL;
	struct xlrt_bdf b, set[8];
	struct xlm_pci p;
	unsigned int domid;
	char bdf[XLRT_BDF_LEN];
	int rc = EXIT_FAILURE, n, i, k = 0, at = -1;

	if (parse_spec("pci-detach", a->argv[1], &p))
		return 2;
	xs = xl_xs();
	if (!xs || xl_domid(xs, a->argv[0], 0, &domid))
		goto out;
	b = xlrt_bdf_of(&p);
	if (p.name && xlrt_pci_name_lookup(xs, p.name, &b)) {
		fprintf(stderr, "libxl: error: no assignable device is named "
			"%s\n", p.name);
		goto out;
	}
	xlrt_bdf_str(&b, bdf);
	n = held_list(xs, domid, &h);
	for (i = 0; i < n && k < 8; i++) {
		bool all = p.vfunc_mask != 1 && p.vfunc_mask != 0;

		if (!same_dev(&h[i].b, &b) || (!all && h[i].b.func != b.func))
			continue;
		if (!k || !h[i].b.func)
			at = i;		/* function 0 leads the unplug */
		set[k++] = h[i].b;
	}
	if (!k) {
		fprintf(stderr, "libxl: error: pci %s is not assigned to "
			"domain %u\n", bdf, domid);
		goto out;
	}
	/* the guest ejects a slot whole: one function of a shared slot
	 * cannot go alone */
	for (i = 0; i < n && h[at].vdevfn > 0; i++)
		if (k == 1 && i != at && h[i].vdevfn > 0 &&
		    h[i].vdevfn >> 3 == h[at].vdevfn >> 3) {
			fprintf(stderr, "libxl: error: pci %s shares guest slot "
				"%02x with other functions, and a guest ejects a "
				"slot whole: detach %04x:%02x:%02x.* instead\n",
				bdf, h[at].vdevfn >> 3, b.dom, b.bus, b.dev);
			goto out;
		}
	for (i = 0; i < k; i++)
		if (!set[i].func && i) {
			struct xlrt_bdf f0 = set[i];

			set[i] = set[0];
			set[0] = f0;
		}
	if (!xl_dom_qmp(domid, &q) &&
	    !unplug(q, xs, domid, set, k, a->opt['f'] != NULL))
		rc = EXIT_SUCCESS;
out:
	if (q)
		xlrt_qmp_close(q);
	if (xs)
		xs_close(xs);
	free(h);
	free(p.name);
	return rc;
}

int main_pci_list(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;
	int n, i;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_domid(xs, a->argv[0], 0, &domid)) {
		xs_close(xs);
		return EXIT_FAILURE;
	}
	n = backend_count(xs, domid);
	if (n)
		printf("Vdev Device\n");
	for (i = 0; i < n; i++) {
		char *dev = backend_key(xs, domid, "dev", i),
		     *vf = backend_key(xs, domid, "vdevfn", i), id[32];
		struct xlrt_bdf b;
		int vdevfn = vf ? (int)strtol(vf, NULL, 16) : -1;

		if (dev && !xlrt_bdf_parse(dev, &b)) {
			/* no vslot asked: QEMU chose the slot, ask it */
			if (vdevfn <= 0 && (q || !xl_dom_qmp(domid, &q))) {
				xlrt_pci_qdev_id(&b, id, sizeof(id));
				vdevfn = qemu_vdevfn(q, id);
			}
			if (vdevfn < 0)
				vdevfn = 0;
			printf("%02x.%01x %04x:%02x:%02x.%01x\n",
			       (vdevfn >> 3) & 0x1f, vdevfn & 7, b.dom, b.bus,
			       b.dev, b.func);
		}
		free(dev);
		free(vf);
	}
	if (q)
		xlrt_qmp_close(q);
	xs_close(xs);
	return EXIT_SUCCESS;
}
