/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's firewall rules: Qubes' rule language, read from XenStore
 * (vif_fw.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <xenstore.h>

#include "vif_fw.h"
#include "xs_path.h"

static int parse_dst(const char *v, int af, struct xlrt_fw_rule *r)
{
	char buf[64], *slash, *end;
	int max = af == AF_INET ? 32 : 128;
	long p = max;

	if (r->af || strlen(v) >= sizeof(buf))
		return -1;	/* one destination a rule */
	strcpy(buf, v);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		errno = 0;
		p = strtol(slash + 1, &end, 10);
		if (errno || *end || end == slash + 1 || p < 0 || p > max)
			return -1;
	}
	if (inet_pton(af, buf, r->dst) != 1)
		return -1;
	r->af = af;
	r->plen = (int)p;
	return 0;
}

static int parse_num(const char *s, long max, long *out, const char **rest)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || end == s || *out < 0 || *out > max)
		return -1;
	*rest = end;
	return 0;
}

static int parse_ports(const char *v, struct xlrt_fw_rule *r)
{
	const char *rest;
	long lo, hi;

	if (parse_num(v, 65535, &lo, &rest))
		return -1;
	hi = lo;
	if (*rest == '-' && parse_num(rest + 1, 65535, &hi, &rest))
		return -1;
	if (*rest || lo < 1 || hi < lo)
		return -1;
	r->port_lo = (uint16_t)lo;
	r->port_hi = (uint16_t)hi;
	return 0;
}

int xlrt_fw_parse_rule(const char *text, struct xlrt_fw_rule *r, char *err,
		       size_t len)
{
	char buf[1024], *save = NULL, *kv, *v;
	bool action = false;
	const char *rest;
	long n;

	memset(r, 0, sizeof(*r));
	r->icmptype = -1;
	if (strlen(text) >= sizeof(buf)) {
		snprintf(err, len, "rule too long");
		return -EINVAL;
	}
	strcpy(buf, text);
	for (kv = strtok_r(buf, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		v = strchr(kv, '=');
		if (!v) {
			snprintf(err, len, "'%s' is not key=value", kv);
			return -EINVAL;
		}
		*v++ = '\0';
		if (!strcmp(kv, "action") && !action &&
		    (!strcmp(v, "accept") || !strcmp(v, "drop"))) {
			r->accept = !strcmp(v, "accept");
			action = true;
		} else if (!strcmp(kv, "proto") && !r->proto &&
			   (!strcmp(v, "tcp") || !strcmp(v, "udp") ||
			    !strcmp(v, "icmp"))) {
			r->proto = !strcmp(v, "tcp") ? IPPROTO_TCP :
				   !strcmp(v, "udp") ? IPPROTO_UDP : IPPROTO_ICMP;
		} else if (!strcmp(kv, "dst4") && !parse_dst(v, AF_INET, r)) {
			continue;
		} else if (!strcmp(kv, "dst6") && !parse_dst(v, AF_INET6, r)) {
			continue;
		} else if (!strcmp(kv, "dstports") && !r->port_lo &&
			   !parse_ports(v, r)) {
			continue;
		} else if (!strcmp(kv, "icmptype") && r->icmptype < 0 &&
			   !parse_num(v, 255, &n, &rest) && !*rest) {
			r->icmptype = (int)n;
		} else if (!strcmp(kv, "comment")) {
			break;	/* Qubes: the rest of the line is the comment */
		} else if (!strcmp(kv, "dsthost") || !strcmp(kv, "specialtarget") ||
			   !strcmp(kv, "expire")) {
			snprintf(err, len, "%s= is not supported here (it needs "
				 "a resolver or a clock in the firewall)", kv);
			return -EINVAL;
		} else {
			snprintf(err, len, "bad or repeated %s=%s", kv, v);
			return -EINVAL;
		}
	}
	if (!action) {
		snprintf(err, len, "no action=");
		return -EINVAL;
	}
	if (r->port_lo && r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP) {
		snprintf(err, len, "dstports= needs proto=tcp or proto=udp");
		return -EINVAL;
	}
	if (r->icmptype >= 0 && r->proto != IPPROTO_ICMP) {
		snprintf(err, len, "icmptype= needs proto=icmp");
		return -EINVAL;
	}
	return 0;
}

/* dom0 owns the node and the domain may not write it. */
static bool dom0s(struct xs_handle *xs, const char *path, unsigned int domid)
{
	struct xs_permissions *p;
	unsigned int n, i;
	bool ok;

	p = xs_get_permissions(xs, XBT_NULL, path, &n);
	if (!p)
		return false;
	ok = n > 0 && p[0].id == 0 && !(p[0].perms & XS_PERM_WRITE);
	for (i = 1; ok && i < n; i++)
		if (p[i].id == domid && (p[i].perms & XS_PERM_WRITE))
			ok = false;
	free(p);
	return ok;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the rules and the policy into fw; 0 or -errno (err says why). */
static int read_rules(struct xs_handle *xs, unsigned int domid,
		      struct xlrt_fw *fw, char *err, size_t len)
{
	char dir[256], path[512], why[256], **names;
	bool policy = false;
	unsigned int n, i;
	char *v;
	int r = 0;

	xlrt_xs_dom_path(dir, sizeof(dir), domid, "%s", XLRT_FW_DIR);
	names = xs_directory(xs, XBT_NULL, dir, &n);
	if (!names)
		return errno == ENOENT ? 0 : -errno;
	fw->present = true;
	qsort(names, n, sizeof(*names), by_name);
	if (!dom0s(xs, dir, domid)) {
		snprintf(err, len, "%s is not dom0's alone: the domain could "
			 "change its own firewall", dir);
		r = -EACCES;
	}
	for (i = 0; !r && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!dom0s(xs, path, domid)) {
			snprintf(err, len, "%s is writable by the domain", path);
			r = -EACCES;
			break;
		}
		v = xs_read(xs, XBT_NULL, path, NULL);
		if (!v) {
			r = errno == ENOENT ? 0 : -errno;	/* removed meanwhile */
			if (r)
				snprintf(err, len, "%s: %s", path, strerror(errno));
			continue;
		}
		if (!strcmp(names[i], "policy")) {
			if (!strcmp(v, "accept") || !strcmp(v, "drop")) {
				fw->accept = !strcmp(v, "accept");
				policy = true;
			} else {
				snprintf(err, len, "%s: policy '%s' is neither "
					 "accept nor drop", path, v);
				r = -EINVAL;
			}
		} else if (fw->n == XLRT_FW_MAX_RULES) {
			snprintf(err, len, "%s: more than %d rules", dir,
				 XLRT_FW_MAX_RULES);
			r = -EINVAL;
		} else if (xlrt_fw_parse_rule(v, &fw->rules[fw->n], why,
					      sizeof(why))) {
			snprintf(err, len, "%s: %s", path, why);
			r = -EINVAL;
		} else {
			fw->n++;
		}
		free(v);
	}
	free(names);
	if (!r && !policy) {
		snprintf(err, len, "%s/policy is missing", dir);
		r = -EINVAL;
	}
	return r;
}

int xlrt_fw_read(struct xs_handle *xs, unsigned int domid, struct xlrt_fw *fw,
		 char *err, size_t len)
{
	int r;

	memset(fw, 0, sizeof(*fw));
	r = read_rules(xs, domid, fw, err, len);
	if (r) {
		/* fail closed */
		fw->present = true;
		fw->accept = false;
		fw->n = 0;
	}
	return r;
}
