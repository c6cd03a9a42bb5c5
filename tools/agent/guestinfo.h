/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Facts about the guest that a Xen guest agent publishes under data/ and
 * attr/: the OS, memory, the balloon driver, each NIC's addresses.  Every
 * function reads files below root ("" on a real guest, a fake tree in the
 * unit tests) and keeps nothing; a missing fact is left empty.
 */
#ifndef XEN_KVM_GUESTINFO_H
#define XEN_KVM_GUESTINFO_H

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdbool.h>

#define GUESTINFO_MAX_ADDRS	16u	/* per NIC and family */

struct guestinfo_os {
	char name[128];		/* PRETTY_NAME, else "Linux" */
	char distro[64];	/* ID */
	char major[32];		/* VERSION_ID up to the first '.' */
	char minor[32];		/* and after it */
	char uname[128];	/* the kernel release */
};

struct guestinfo_addrs {
	unsigned n4, n6;
	char v4[GUESTINFO_MAX_ADDRS][INET_ADDRSTRLEN];
	char v6[GUESTINFO_MAX_ADDRS][INET6_ADDRSTRLEN];
};

/* etc/os-release (else usr/lib/os-release) and proc/sys/kernel/osrelease. */
void guestinfo_os(const char *root, struct guestinfo_os *os);
/*
 * proc/meminfo in KiB: MemTotal, and MemAvailable or, without it, MemFree.
 * Each is -1 when missing.
 */
void guestinfo_meminfo(const char *root, long long *total_kb, long long *free_kb);
/* A device is bound to the virtio_balloon driver. */
bool guestinfo_balloon(const char *root);
/*
 * The interface under sys/class/net whose address is mac (any case): its
 * name in ifname, or false when none has it.
 */
bool guestinfo_nic_by_mac(const char *root, const char *mac, char ifname[IF_NAMESIZE]);
/* The addresses of ifname in a getifaddrs() list, loopback skipped. */
void guestinfo_addrs(const struct ifaddrs *list, const char *ifname,
		     struct guestinfo_addrs *out);

#endif
