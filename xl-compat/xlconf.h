/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xlconf.h: /etc/xen/xl.conf, the keys Xen's xl reads plus the kvm.*
 * settings of xen-kvm (documented in xl-compat/README).
 */
#ifndef XLCONF_H
#define XLCONF_H

#include "xlmodel.h"

#define XLCONF_DEFAULT_PATH "/etc/xen/xl.conf"

enum xlconf_accel { XLCONF_ACCEL_AUTO, XLCONF_ACCEL_KVM, XLCONF_ACCEL_XEN,
		    XLCONF_ACCEL_TCG };
/* kvm.guest_link: the transports the monitor offers the guest agent */
enum xlconf_guest_link { XLCONF_LINK_AUTO, XLCONF_LINK_SERIAL,
			 XLCONF_LINK_VSOCK };

/* vsock CIDs 0-2 are the hypervisor, local and host; 0xffffffff is "any" */
#define XLCONF_VSOCK_CID_MIN	3UL
#define XLCONF_VSOCK_CID_MAX	0xfffffffeUL

struct xlconf {
	struct xlcfg *cfg;		/* owns the strings below */
	const char *path;
	struct xlm_defaults defaults;	/* vif.default.*, blkdev_start, ... */
	/* kvm.* */
	enum xlconf_accel accel;
	const char *qemu;		/* kvm.qemu: QEMU binary, NULL = search */
	enum xlconf_guest_link guest_link;	/* kvm.guest_link */
	bool domid_random;		/* domid_policy="random" */
	bool dm_restrict;		/* kvm.dm_restrict: default on */
	int dm_restrict_line, dm_restrict_col;	/* where it was turned off */
	unsigned long vsock_cid_base;	/* kvm.vsock_cid_base: cid = it + domid */
	const char *lockfile;		/* lockfile: NULL = Xen's default path */
	/* vm.cpumask, vm.hvm.cpumask, vm.pv.cpumask (map NULL: unset) */
	struct xlm_cpumap vm_mask, hvm_mask, pv_mask;
};

/*
 * Loads path, or $XL_CONF, or XLCONF_DEFAULT_PATH when path is NULL. A
 * missing default file is not an error (built-in defaults apply); a missing
 * explicit one is. Returns 0 or -1 after printing why.
 */
int xlconf_load(struct xlconf *c, const char *path);
void xlconf_dispose(struct xlconf *c);
const char *xlconf_accel_name(enum xlconf_accel a);

#endif
