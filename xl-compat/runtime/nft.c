/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-vif firewall in nftables (nft.h): rules built with libnftnl,
 * sent in one netlink batch with libmnl, so a vif's chains appear and go
 * together.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <linux/if_ether.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "nft.h"

#define PRIO_INGRESS	-300
#define BATCH_SIZE	(256 * 1024)
#define MIN_BURST	131072	/* netback's smallest burst */
#define MAX_ADDRS	64

/* One ip= address: family, bytes, prefix length. */
struct addr {
	int af;
	uint8_t a[16];
	int plen;
};

static int parse_addr(const char *s, struct addr *out)
{
	char buf[64], *slash, *end;
	long p;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->a) == 1)
		out->af = AF_INET, out->plen = 32;
	else if (inet_pton(AF_INET6, buf, out->a) == 1)
		out->af = AF_INET6, out->plen = 128;
	else
		return -1;
	if (slash) {
		p = strtol(slash, &end, 10);
		if (!*slash || *end || p < 0 || p > out->plen)
			return -1;
		out->plen = (int)p;
	}
	return 0;
}

/* ip= into at most MAX_ADDRS addresses; the count or -EINVAL. */
static int parse_ips(const char *ip, struct addr *v, char *err, size_t len)
{
	char *copy = strdup(ip ? ip : ""), *tok, *save = NULL;
	int n = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (n == MAX_ADDRS) {
			snprintf(err, len, "ip=: more than %d addresses",
				 MAX_ADDRS);
			free(copy);
			return -EINVAL;
		}
		if (parse_addr(tok, &v[n])) {
			snprintf(err, len, "ip=: `%.100s' is not an IPv4 or "
				 "IPv6 address", tok);
			free(copy);
			return -EINVAL;
		}
		n++;
	}
	free(copy);
	return n;
}

/* A netlink batch being built: every message asks for an ack. */
struct batch {
	char *buf;
	struct mnl_nlmsg_batch *b;
	uint32_t seq, first;
	int msgs;
	int full;
};

static int batch_start(struct batch *bt)
{
	memset(bt, 0, sizeof(*bt));
	bt->buf = malloc(BATCH_SIZE);
	if (!bt->buf)
		return -ENOMEM;
	bt->b = mnl_nlmsg_batch_start(bt->buf, BATCH_SIZE);
	bt->seq = bt->first = (uint32_t)time(NULL);
	nftnl_batch_begin(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	mnl_nlmsg_batch_next(bt->b);
	return 0;
}

static struct nlmsghdr *msg(struct batch *bt, uint16_t type, uint16_t flags)
{
	bt->msgs++;
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(bt->b), type,
				     NFPROTO_NETDEV, flags | NLM_F_ACK,
				     bt->seq++);
}

static void next(struct batch *bt)
{
	if (!mnl_nlmsg_batch_next(bt->b))
		bt->full = 1;
}

static void batch_free(struct batch *bt)
{
	if (bt->b)
		mnl_nlmsg_batch_stop(bt->b);
	free(bt->buf);
}

static struct mnl_socket *nl_open(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	struct timeval tv = { 5, 0 };

	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		mnl_socket_close(nl);
		errno = e;
		return NULL;
	}
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	return nl;
}

/* Sends the batch; 0 once every message is acked, else the first error. */
static int batch_send(struct batch *bt)
{
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	int acks = 0, first_err = 0, n;

	if (bt->full)
		return -E2BIG;
	nftnl_batch_end(mnl_nlmsg_batch_current(bt->b), bt->seq++);
	mnl_nlmsg_batch_next(bt->b);
	nl = nl_open();
	if (!nl)
		return -errno;
	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(bt->b),
			      mnl_nlmsg_batch_size(bt->b)) < 0) {
		first_err = -errno;
		goto out;
	}
	while (acks < bt->msgs) {
		n = (int)mnl_socket_recvfrom(nl, rbuf, sizeof(rbuf));
		if (n < 0) {
			if (!first_err)
				first_err = -errno;
			break;
		}
		for (nlh = (struct nlmsghdr *)rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			const struct nlmsgerr *e;

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			e = mnl_nlmsg_get_payload(nlh);
			acks++;
			if (e->error && !first_err)
				first_err = e->error;
		}
	}
out:
	mnl_socket_close(nl);
	return first_err;
}

static void add_table(struct batch *bt)
{
	struct nftnl_table *t = nftnl_table_alloc();

	nftnl_table_set_str(t, NFTNL_TABLE_NAME, XLRT_NFT_TABLE);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_NETDEV);
	nftnl_table_nlmsg_build_payload(msg(bt, NFT_MSG_NEWTABLE,
					    NLM_F_CREATE), t);
	nftnl_table_free(t);
	next(bt);
}

/* A chain; with dev, a base chain on its ingress hook. */
static void add_chain(struct batch *bt, const char *name, const char *dev)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, XLRT_NFT_TABLE);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	if (dev) {
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_NETDEV_INGRESS);
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, PRIO_INGRESS);
		nftnl_chain_set_str(c, NFTNL_CHAIN_DEV, dev);
		nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	}
	nftnl_chain_nlmsg_build_payload(msg(bt, NFT_MSG_NEWCHAIN,
					    NLM_F_CREATE | NLM_F_EXCL), c);
	nftnl_chain_free(c);
	next(bt);
}

/* Flush a chain: a DELRULE without a handle. */
static void flush_chain(struct batch *bt, const char *name)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, XLRT_NFT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, name);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_NETDEV);
	nftnl_rule_nlmsg_build_payload(msg(bt, NFT_MSG_DELRULE, 0), r);
	nftnl_rule_free(r);
	next(bt);
}

/* Delete an empty chain nothing jumps to any more. */
static void del_chain(struct batch *bt, const char *name)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, XLRT_NFT_TABLE);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_nlmsg_build_payload(msg(bt, NFT_MSG_DELCHAIN, 0), c);
	nftnl_chain_free(c);
	next(bt);
}

/* Rules: a list of expressions, appended to a chain. */
static struct nftnl_rule *rule(const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, XLRT_NFT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_NETDEV);
	return r;
}

static void rule_end(struct batch *bt, struct nftnl_rule *r)
{
	nftnl_rule_nlmsg_build_payload(msg(bt, NFT_MSG_NEWRULE,
					   NLM_F_CREATE | NLM_F_APPEND), r);
	nftnl_rule_free(r);
	next(bt);
}

static void x_payload(struct nftnl_rule *r, uint32_t base, uint32_t off,
		      uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_rule_add_expr(r, e);
}

static void x_meta(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

static void x_cmp(struct nftnl_rule *r, uint32_t op, const void *data,
		  uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
}

/* reg1 &= the prefix mask of plen bits over len bytes */
static void x_mask(struct nftnl_rule *r, int plen, uint32_t len)
{
	struct nftnl_expr *e;
	uint8_t mask[16] = { 0 }, zero[16] = { 0 };
	int i;

	if (plen == (int)len * 8)
		return;
	for (i = 0; i < plen; i++)
		mask[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	e = nftnl_expr_alloc("bitwise");
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, len);
	nftnl_rule_add_expr(r, e);
}

static void x_verdict(struct nftnl_rule *r, int verdict, const char *chain)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)verdict);
	if (chain)
		nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
	nftnl_rule_add_expr(r, e);
}

/* Counted, so `nft list table netdev xen-kvm' shows what was dropped */
static void x_drop(struct nftnl_rule *r)
{
	nftnl_rule_add_expr(r, nftnl_expr_alloc("counter"));
	x_verdict(r, NF_DROP, NULL);
}

static void x_proto(struct nftnl_rule *r, uint16_t ethertype)
{
	uint16_t p = htons(ethertype);

	x_meta(r, NFT_META_PROTOCOL);
	x_cmp(r, NFT_CMP_EQ, &p, sizeof(p));
}

static void x_l4(struct nftnl_rule *r, uint8_t proto)
{
	x_meta(r, NFT_META_L4PROTO);
	x_cmp(r, NFT_CMP_EQ, &proto, 1);
}

/* The address at base+off equals a (under its prefix). */
static void x_addr(struct nftnl_rule *r, uint32_t base, uint32_t off,
		   const struct addr *a)
{
	uint32_t len = a->af == AF_INET ? 4 : 16;
	uint8_t v[16];
	int i;

	memcpy(v, a->a, len);
	for (i = a->plen; i < (int)len * 8; i++)
		v[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	x_payload(r, base, off, len);
	x_mask(r, a->plen, len);
	x_cmp(r, NFT_CMP_EQ, v, len);
}

/* One rule per address of family af: address at base+off -> verdict
 * (to chain `to' for a goto or jump). */
static void per_addr(struct batch *bt, const char *chain, const struct addr *v,
		     int n, int af, uint32_t base, uint32_t off, int verdict,
		     const char *to)
{
	struct nftnl_rule *r;
	int i;

	for (i = 0; i < n; i++) {
		if (v[i].af != af)
			continue;
		r = rule(chain);
		x_addr(r, base, off, &v[i]);
		x_verdict(r, verdict, to);
		rule_end(bt, r);
	}
}

static void drop_rule(struct batch *bt, const char *chain)
{
	struct nftnl_rule *r = rule(chain);

	x_drop(r);
	rule_end(bt, r);
}

static void jump_on_proto(struct batch *bt, const char *from, uint16_t proto,
			  int verdict, const char *to)
{
	struct nftnl_rule *r = rule(from);

	x_proto(r, proto);
	x_verdict(r, verdict, to);
	rule_end(bt, r);
}

/* The MAC's EUI-64 link-local address, :: and the vif's own: the
 * addresses an IPv6 guest may use. */
static int v6_extra(const uint8_t mac[6], struct addr *v)
{
	memset(v, 0, 2 * sizeof(*v));
	v[0].af = v[1].af = AF_INET6;
	v[0].plen = v[1].plen = 128;
	v[0].a[0] = 0xfe;
	v[0].a[1] = 0x80;
	v[0].a[8] = mac[0] ^ 0x02;
	v[0].a[9] = mac[1];
	v[0].a[10] = mac[2];
	v[0].a[11] = 0xff;
	v[0].a[12] = 0xfe;
	v[0].a[13] = mac[3];
	v[0].a[14] = mac[4];
	v[0].a[15] = mac[5];
	return 2;	/* v[1] is :: */
}

/* One firewall rule, for one address family when its proto is ICMP and it
 * names no destination (ICMP and ICMPv6 differ). */
static void fw_rule(struct batch *bt, const char *chain,
		    const struct xlrt_fw_rule *fr, int af)
{
	struct nftnl_rule *r = rule(chain);
	uint16_t lo = htons(fr->port_lo), hi = htons(fr->port_hi);
	uint8_t type = (uint8_t)fr->icmptype;

	if (fr->af) {
		struct addr a = { .af = fr->af, .plen = fr->plen };

		memcpy(a.a, fr->dst, sizeof(a.a));
		x_proto(r, fr->af == AF_INET ? ETH_P_IP : ETH_P_IPV6);
		x_addr(r, NFT_PAYLOAD_NETWORK_HEADER,
		       fr->af == AF_INET ? 16 : 24, &a);
	} else if (af) {
		x_proto(r, af == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	}
	if (fr->proto == IPPROTO_ICMP)
		x_l4(r, (fr->af ? fr->af : af) == AF_INET6 ? IPPROTO_ICMPV6 :
							     IPPROTO_ICMP);
	else if (fr->proto)
		x_l4(r, fr->proto);
	if (fr->port_lo) {
		x_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
		x_cmp(r, NFT_CMP_GTE, &lo, 2);
		x_cmp(r, NFT_CMP_LTE, &hi, 2);
	}
	if (fr->icmptype >= 0) {
		x_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
		x_cmp(r, NFT_CMP_EQ, &type, 1);
	}
	if (fr->accept) {
		nftnl_rule_add_expr(r, nftnl_expr_alloc("counter"));
		x_verdict(r, NF_ACCEPT, NULL);
	} else {
		x_drop(r);
	}
	rule_end(bt, r);
}

/* The domain's firewall (vif_fw.h) in chain, which the address checks
 * reach by goto: falling off its end accepts (the base chain's policy).
 * Neighbour discovery stays allowed whatever the rules say: without it
 * IPv6 stops on the link itself. */
static void fw_rules(struct batch *bt, const char *chain,
		     const struct xlrt_fw *fw)
{
	static const uint8_t nd_types[] = { 133, 135, 136 };
	struct nftnl_rule *r;
	uint8_t v6 = IPPROTO_ICMPV6;
	int i;

	if (!fw || !fw->present)
		return;
	for (i = 0; i < (int)sizeof(nd_types); i++) {
		r = rule(chain);
		x_meta(r, NFT_META_L4PROTO);
		x_cmp(r, NFT_CMP_EQ, &v6, 1);
		x_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
		x_cmp(r, NFT_CMP_EQ, &nd_types[i], 1);
		x_verdict(r, NF_ACCEPT, NULL);
		rule_end(bt, r);
	}
	for (i = 0; i < fw->n; i++) {
		const struct xlrt_fw_rule *fr = &fw->rules[i];

		if (fr->proto == IPPROTO_ICMP && !fr->af) {
			fw_rule(bt, chain, fr, AF_INET);
			fw_rule(bt, chain, fr, AF_INET6);
		} else {
			fw_rule(bt, chain, fr, 0);
		}
	}
	if (!fw->accept)
		drop_rule(bt, chain);
}

static void vif_rules(struct batch *bt, const struct xlrt_nft_vif *vf,
		      const char *base, const struct addr *ips, int n)
{
	char arp[80], ip4[80], ip6[80], nd[80], fw[80];
	struct addr v6[MAX_ADDRS + 2];
	struct nftnl_rule *r;
	int n6 = 0, i;
	uint8_t zero4[4] = { 0 }, na = 136;
	uint16_t bootps = htons(67);

	snprintf(arp, sizeof(arp), "%s-arp", base);
	snprintf(ip4, sizeof(ip4), "%s-ip", base);
	snprintf(ip6, sizeof(ip6), "%s-ip6", base);
	snprintf(nd, sizeof(nd), "%s-nd", base);
	snprintf(fw, sizeof(fw), "%s-fw", base);
	add_chain(bt, base, vf->ifname);
	add_chain(bt, arp, NULL);
	add_chain(bt, fw, NULL);
	fw_rules(bt, fw, vf->fw);
	if (vf->ip) {
		add_chain(bt, ip4, NULL);
		add_chain(bt, ip6, NULL);
		add_chain(bt, nd, NULL);
	}
	if (vf->rate_bytes_per_interval && vf->rate_interval_usecs) {
		struct nftnl_expr *e = nftnl_expr_alloc("limit");
		uint64_t bps = vf->rate_bytes_per_interval * 1000000 /
			       vf->rate_interval_usecs;
		uint64_t burst = vf->rate_bytes_per_interval > MIN_BURST ?
				 vf->rate_bytes_per_interval : MIN_BURST;

		nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_RATE, bps ? bps : 1);
		nftnl_expr_set_u64(e, NFTNL_EXPR_LIMIT_UNIT, 1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_BURST, (uint32_t)burst);
		nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_TYPE, NFT_LIMIT_PKT_BYTES);
		nftnl_expr_set_u32(e, NFTNL_EXPR_LIMIT_FLAGS, NFT_LIMIT_F_INV);
		r = rule(base);
		nftnl_rule_add_expr(r, e);
		x_drop(r);
		rule_end(bt, r);
	}
	/* ether saddr != MAC drop */
	r = rule(base);
	x_payload(r, NFT_PAYLOAD_LL_HEADER, 6, 6);
	x_cmp(r, NFT_CMP_NEQ, vf->mac, 6);
	x_drop(r);
	rule_end(bt, r);
	jump_on_proto(bt, base, ETH_P_ARP, NFT_GOTO, arp);
	/* ARP: sender hardware address (offset 8) is the MAC */
	r = rule(arp);
	x_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 8, 6);
	x_cmp(r, NFT_CMP_NEQ, vf->mac, 6);
	x_drop(r);
	rule_end(bt, r);
	if (!vf->ip) {
		r = rule(arp);
		x_verdict(r, NF_ACCEPT, NULL);
		rule_end(bt, r);
		jump_on_proto(bt, base, ETH_P_IP, NFT_GOTO, fw);
		jump_on_proto(bt, base, ETH_P_IPV6, NFT_GOTO, fw);
		return;
	}
	/* ARP sender IP (offset 14): ours or a probe's 0.0.0.0 */
	per_addr(bt, arp, ips, n, AF_INET, NFT_PAYLOAD_NETWORK_HEADER, 14,
		 NF_ACCEPT, NULL);
	r = rule(arp);
	x_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 14, 4);
	x_cmp(r, NFT_CMP_EQ, zero4, 4);
	x_verdict(r, NF_ACCEPT, NULL);
	rule_end(bt, r);
	drop_rule(bt, arp);
	/* IPv4 source (offset 12); 0.0.0.0 only to the DHCP server port */
	jump_on_proto(bt, base, ETH_P_IP, NFT_GOTO, ip4);
	per_addr(bt, ip4, ips, n, AF_INET, NFT_PAYLOAD_NETWORK_HEADER, 12,
		 NFT_GOTO, fw);
	r = rule(ip4);
	x_payload(r, NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
	x_cmp(r, NFT_CMP_EQ, zero4, 4);
	x_l4(r, IPPROTO_UDP);
	x_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	x_cmp(r, NFT_CMP_EQ, &bootps, 2);
	x_verdict(r, NF_ACCEPT, NULL);
	rule_end(bt, r);
	drop_rule(bt, ip4);
	/* IPv6: neighbour advertisements only for our addresses (target at
	 * offset 8 of the ICMPv6 message), then the source (offset 8) */
	for (i = 0; i < n; i++)
		if (ips[i].af == AF_INET6)
			v6[n6++] = ips[i];
	n6 += v6_extra(vf->mac, &v6[n6]);
	jump_on_proto(bt, base, ETH_P_IPV6, NFT_GOTO, ip6);
	r = rule(ip6);
	x_l4(r, IPPROTO_ICMPV6);
	x_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
	x_cmp(r, NFT_CMP_EQ, &na, 1);
	x_verdict(r, NFT_JUMP, nd);
	rule_end(bt, r);
	per_addr(bt, nd, v6, n6 - 1, AF_INET6, NFT_PAYLOAD_TRANSPORT_HEADER, 8,
		 NFT_RETURN, NULL);
	drop_rule(bt, nd);
	per_addr(bt, ip6, v6, n6, AF_INET6, NFT_PAYLOAD_NETWORK_HEADER, 8,
		 NFT_GOTO, fw);
	drop_rule(bt, ip6);
	/* any other ethertype, VLAN tags included */
	drop_rule(bt, base);
}

/* Our chains' names, from a dump of the netdev family's chains. */
struct names {
	char **v;
	int n;
};

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct names *ns = data;
	struct nftnl_chain *c = nftnl_chain_alloc();
	const char *t, *name;
	char **nv;

	if (c && !nftnl_chain_nlmsg_parse(nlh, c) &&
	    (t = nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE)) &&
	    !strcmp(t, XLRT_NFT_TABLE) &&
	    (name = nftnl_chain_get_str(c, NFTNL_CHAIN_NAME)) &&
	    (nv = realloc(ns->v, sizeof(*nv) * (size_t)(ns->n + 1)))) {
		ns->v = nv;
		nv[ns->n] = strdup(name);
		if (nv[ns->n])
			ns->n++;
	}
	nftnl_chain_free(c);
	return MNL_CB_OK;
}

static void names_free(struct names *ns)
{
	int i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	ns->v = NULL;
	ns->n = 0;
}

static int list_chains(struct names *ns)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = nl_open();
	struct nlmsghdr *nlh;
	uint32_t seq = (uint32_t)time(NULL), portid;
	ssize_t n;
	int r = 0;

	memset(ns, 0, sizeof(*ns));
	if (!nl)
		return -errno;
	portid = mnl_socket_get_portid(nl);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_NETDEV,
				    NLM_F_DUMP, seq);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		goto out;
	}
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		r = mnl_cb_run(buf, (size_t)n, seq, portid, chain_cb, ns);
		if (r <= MNL_CB_STOP)
			break;
	}
	r = n < 0 || r < 0 ? -errno : 0;
	if (r == -ENOENT)
		r = 0;	/* no table of ours: no chains */
out:
	mnl_socket_close(nl);
	if (r)
		names_free(ns);
	return r;
}

/* Does name belong to domid (and to devid, if >= 0)? *is_base: it is the
 * vif's base chain, which must go before the chains it jumps to. */
static bool ours(const char *name, unsigned int *domid, int *devid,
		 bool *is_base)
{
	unsigned int d;
	int v, len = 0;

	if (sscanf(name, "vif%u.%d%n", &d, &v, &len) != 2 ||
	    (name[len] && name[len] != '-'))
		return false;
	*domid = d;
	*devid = v;
	*is_base = !name[len];
	return true;
}

/* Deletes our chains that match(), in one batch: every one flushed first
 * (a chain another still jumps to cannot go), then the base chains, then
 * the rest. */
static int del_matching(bool (*match)(unsigned int, int, const void *),
			const void *arg)
{
	struct names ns;
	struct batch bt;
	unsigned int d;
	int i, pass, v, r, dels = 0;
	bool base;

	r = list_chains(&ns);
	if (r || !ns.n) {
		names_free(&ns);
		return r;
	}
	r = batch_start(&bt);
	for (pass = 0; !r && pass < 3; pass++)
		for (i = 0; i < ns.n; i++) {
			if (!ours(ns.v[i], &d, &v, &base) || !match(d, v, arg))
				continue;
			if (pass == 0) {
				flush_chain(&bt, ns.v[i]);
			} else if (base == (pass == 1)) {
				del_chain(&bt, ns.v[i]);
				dels++;
			}
		}
	if (!r && dels)
		r = batch_send(&bt);
	if (bt.buf)
		batch_free(&bt);
	names_free(&ns);
	return r;
}

struct vif_key {
	unsigned int domid;
	int devid;
};

static bool match_vif(unsigned int d, int v, const void *arg)
{
	const struct vif_key *k = arg;

	return d == k->domid && (k->devid < 0 || v == k->devid);
}

int xlrt_nft_vif_del(unsigned int domid, int devid)
{
	struct vif_key k = { domid, devid };

	return del_matching(match_vif, &k);
}

static bool match_dead(unsigned int d, int v, const void *arg)
{
	bool (*const *live)(unsigned int) = arg;

	(void)v;
	return !(*live)(d);
}

int xlrt_nft_reconcile(bool (*live)(unsigned int domid))
{
	return del_matching(match_dead, &live);
}

int xlrt_nft_vif_add(const struct xlrt_nft_vif *v, char *err, size_t len)
{
	struct addr ips[MAX_ADDRS];
	struct batch bt;
	char base[64];
	int n = 0, r;

	if (v->ip) {
		n = parse_ips(v->ip, ips, err, len);
		if (n < 0)
			return n;
	}
	xlrt_nft_vif_del(v->domid, v->devid);
	r = batch_start(&bt);
	if (r) {
		snprintf(err, len, "out of memory");
		return r;
	}
	snprintf(base, sizeof(base), "vif%u.%d", v->domid, v->devid);
	add_table(&bt);
	vif_rules(&bt, v, base, ips, n);
	r = batch_send(&bt);
	batch_free(&bt);
	if (r)
		snprintf(err, len, "vif %d: cannot install its firewall (nftables "
			 "table netdev %s on %s): %s", v->devid, XLRT_NFT_TABLE,
			 v->ifname, strerror(-r));
	return r;
}

int xlrt_nft_fw_set(unsigned int domid, int devid, const struct xlrt_fw *fw)
{
	struct batch bt;
	char chain[80];
	int r;

	r = batch_start(&bt);
	if (r)
		return r;
	snprintf(chain, sizeof(chain), "vif%u.%d-fw", domid, devid);
	/* old rules go and new ones come in one batch: no packet sees
	 * neither */
	flush_chain(&bt, chain);
	fw_rules(&bt, chain, fw);
	r = batch_send(&bt);
	batch_free(&bt);
	return r;
}
