/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-vif firewall: anti-spoofing and rate= in nftables, through
 * libnftnl and libmnl (no nft process).  All of it lives in one table of
 * ours, netdev "xen-kvm"; each vif has a base chain "vif<domid>.<devid>"
 * on the ingress hook of its tap (what the guest sends, in bridge and
 * route mode alike) and regular chains named after it with -arp, -ip,
 * -ip6 and -nd.  The chain names carry the domid whatever vifname= says,
 * so every chain can be traced to its domain (xlrt_nft_reconcile).
 *
 * What the guest may send, in this order:
 *   rate=       over rate (bytes/s) dropped, after a burst of Xen's
 *               max(128 KiB, one interval's credit) plus one second of
 *               rate (an nftables limit's bucket always holds a second of
 *               its rate: on Xen the second is not there);
 *   Ethernet    source must be the vif's MAC;
 *   ARP         sender hardware address must be the MAC; with ip= the
 *               sender IP must be one of its IPv4 addresses (or 0.0.0.0,
 *               a probe);
 *   IPv4        with ip=: source one of its IPv4 addresses, or 0.0.0.0 to
 *               UDP port 67 (a DHCP request);
 *   IPv6        with ip=: source one of its IPv6 addresses, the
 *               link-local address derived from the MAC (EUI-64), or ::
 *               (duplicate address detection); a neighbour advertisement
 *               must be for one of those addresses;
 *   others      with ip=: nothing else (VLAN tags included);
 *   firewall    IPv4 and IPv6 that pass go through the domain's own
 *               firewall (vif_fw.h) in the chain "-fw", with or without
 *               ip=; each vif has that chain, empty without a firewall.
 * Without ip= only the MAC is enforced, as Xen's vif-bridge enforces no
 * address without one.  ip= is Xen's list: addresses separated by
 * spaces, each IPv4 or IPv6 with an optional /prefix.
 */
#ifndef XLRT_NFT_H
#define XLRT_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vif_fw.h"

#define XLRT_NFT_TABLE "xen-kvm"

struct xlrt_nft_vif {
	unsigned int domid;
	int devid;
	const char *ifname;		/* the tap */
	uint8_t mac[6];
	const char *ip;			/* ip=, or NULL */
	uint64_t rate_bytes_per_interval;	/* 0: no rate= */
	uint32_t rate_interval_usecs;
	const struct xlrt_fw *fw;	/* the domain's firewall, or NULL */
};

/* Installs the vif's chains (replacing any it had); on failure nothing of
 * it is left and err says why. */
int xlrt_nft_vif_add(const struct xlrt_nft_vif *v, char *err, size_t len);
/* Replaces the firewall rules of one vif, atomically; -ENOENT if the vif
 * has no chains. */
int xlrt_nft_fw_set(unsigned int domid, int devid, const struct xlrt_fw *fw);
/* Removes the chains of one vif, or with devid < 0 of every vif of the
 * domain; 0 if there were none. */
int xlrt_nft_vif_del(unsigned int domid, int devid);
/* Removes the chains of every domain live() says is gone (a monitor that
 * was killed cannot remove its own). */
int xlrt_nft_reconcile(bool (*live)(unsigned int domid));

#endif
