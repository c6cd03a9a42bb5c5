/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's own firewall, in Qubes' rule language, kept by dom0 in the
 * domain's XenStore tree:
 *   /local/domain/<domid>/firewall/policy   accept | drop
 *   /local/domain/<domid>/firewall/<NNNN>   one rule, tried in name order:
 *       action=accept|drop [proto=tcp|udp|icmp] [dst4=ADDR[/N]]
 *       [dst6=ADDR[/N]] [dstports=LO[-HI]] [icmptype=N] [comment=...]
 * It filters what the domain sends over every vif (nft.h applies it after
 * anti-spoofing); the first rule that matches decides, else the policy.
 * Without the firewall directory nothing is filtered.  Qubes' dsthost=,
 * specialtarget= and expire= need a resolver or a clock in the firewall
 * and are refused.
 *
 * It fails closed: a rule that does not parse, a missing policy, or a
 * directory the domain itself could write (it must be dom0's, read-only
 * to the domain, as a home's nodes created by dom0 are) give a firewall
 * that drops everything, with the reason in err.
 */
#ifndef XLRT_VIF_FW_H
#define XLRT_VIF_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLRT_FW_DIR "firewall"	/* relative to the domain's home */
#define XLRT_FW_MAX_RULES 256

struct xs_handle;

struct xlrt_fw_rule {
	bool accept;
	uint8_t proto;		/* IPPROTO_TCP, _UDP, _ICMP or 0: any */
	int af;			/* AF_INET/AF_INET6 with a destination, else 0 */
	uint8_t dst[16];
	int plen;
	uint16_t port_lo, port_hi;	/* dstports=; 0: any */
	int icmptype;		/* -1: any */
};

struct xlrt_fw {
	bool present;		/* the directory exists: filter */
	bool accept;		/* the policy */
	int n;
	struct xlrt_fw_rule rules[XLRT_FW_MAX_RULES];
};

/* One rule's text; 0, or -EINVAL with the reason in err. */
int xlrt_fw_parse_rule(const char *text, struct xlrt_fw_rule *r, char *err,
		       size_t len);
/* The domain's firewall from XenStore.  Always fills fw: when it returns
 * -EINVAL or -EACCES (err says why) fw drops everything. */
int xlrt_fw_read(struct xs_handle *xs, unsigned int domid, struct xlrt_fw *fw,
		 char *err, size_t len);

#endif
