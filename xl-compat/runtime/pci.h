/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host PCI devices for passthrough with VFIO: what Xen's pciback did, on
 * the sysfs root of paths.h (XEN_KVM_SYSFS, else /sys).
 *
 * A device is assignable when vfio-pci holds it.  Making it so checks
 * everything first (the device exists, it is in an IOMMU group, every
 * other member of the group is unbound, a bridge, or held by vfio-pci or
 * pci-stub), so a refusal writes nothing to sysfs; then it records the
 * original driver and binds vfio-pci with driver_override, unbind and
 * drivers_probe, and rolls back if vfio-pci does not end up holding it.
 *
 * What libxl keeps about a device, we keep where libxl does, in XenStore
 * under /libxl/pci/DDDD-BB-DD-F/: driver_path (the original driver, for
 * pci-assignable-remove -r), name (pci-assignable-add -n) and domid (the
 * domain it is assigned to).  So it survives a restart of the toolstack
 * and of xenstored-kvm, and not a reboot of the host.
 *
 * Every function returns 0 or -errno and fills err with one line.
 */
#ifndef XLRT_PCI_H
#define XLRT_PCI_H

#include <stdbool.h>
#include <stddef.h>

#include "xlmodel.h"

struct xs_handle;

struct xlrt_bdf {
	unsigned int dom, bus, dev, func;
};

/* "dddd:bb:dd.f" as Xen prints a BDF (13 bytes with the NUL) */
#define XLRT_BDF_LEN 13
void xlrt_bdf_str(const struct xlrt_bdf *b, char out[XLRT_BDF_LEN]);
/* "[DDDD:]BB:DD.F"; -EINVAL if it is not one function's BDF */
int xlrt_bdf_parse(const char *s, struct xlrt_bdf *b);
struct xlrt_bdf xlrt_bdf_of(const struct xlm_pci *p);

/* /libxl/pci/DDDD-BB-DD-F[/node] */
int xlrt_pci_info_path(char *buf, size_t len, const struct xlrt_bdf *b,
		       const char *node);

/*
 * xl pci-assignable-add [-n NAME] BDF: the n functions of set (one, or
 * those of BB:DD.*, which may share an IOMMU group) made assignable
 * together; NAME names a single function.  *already counts the functions
 * vfio-pci held before (only the name changes for them).  A failure puts
 * back the functions this call bound.
 */
int xlrt_pci_assignable_add(struct xs_handle *xs, const struct xlrt_bdf *set,
			    int n, const char *name, int *already, char *err,
			    size_t errlen);

/* The functions of slot's device (its dom, bus and dev) on this host, in
 * function order; *out is malloc'ed. */
int xlrt_pci_slot_functions(const struct xlrt_bdf *slot, struct xlrt_bdf **out,
			    int *n);

/* The device pci-assignable-add -n NAME named; -ENOENT if none. */
int xlrt_pci_name_lookup(struct xs_handle *xs, const char *name,
			 struct xlrt_bdf *b);

/* xl pci-assignable-remove [-r]: vfio-pci lets go; with rebind the
 * original driver takes the device back.  warn gets a line to show (not
 * held by vfio-pci, no driver to rebind) or "". */
int xlrt_pci_assignable_remove(struct xs_handle *xs, const struct xlrt_bdf *b,
			       bool rebind, char *warn, size_t warnlen,
			       char *err, size_t errlen);

/* xl pci-assignable-list: the devices vfio-pci holds that no domain has,
 * with their names (NULL when none), in BDF order. */
struct xlrt_pci_assignable {
	struct xlrt_bdf bdf;
	char *name;
};
int xlrt_pci_assignable_list(struct xs_handle *xs,
			     struct xlrt_pci_assignable **list, int *n);
void xlrt_pci_assignable_free(struct xlrt_pci_assignable *list, int n);

/*
 * Before a domain (or a pci-attach) gets devices: each spec's name=
 * resolved to its BDF, BB:DD.* expanded to the functions the host has
 * (function 0 keeps the vslot and the others follow it in that slot),
 * each device made assignable if the spec has seize=1, and every device
 * checked to exist, to be held by vfio-pci and to belong to no domain.
 * The lists in devs and num are replaced by the expanded one (xlm_pci entries with
 * vfunc_mask 1).  Nothing of the domain exists yet, so a refusal leaves
 * nothing behind but what seize=1 made assignable, as on Xen.
 */
int xlrt_pci_prepare(struct xs_handle *xs, struct xlm_pci **devs, int *num,
		     char *err, size_t errlen);

/* The QEMU device id of a passed-through device: "xlpci-dddd-bb-dd-f". */
void xlrt_pci_qdev_id(const struct xlrt_bdf *b, char *buf, size_t len);

/*
 * The QEMU device that takes a host device: vfio-pci, or for tests on a
 * host without an IOMMU, $XEN_KVM_PCI_STANDIN, a device QEMU emulates in
 * its place (pci-testdev...) and that is given no host=.
 */
const char *xlrt_pci_qemu_driver(void);

#endif
