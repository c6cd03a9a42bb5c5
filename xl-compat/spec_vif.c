/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_vif.c: vif specs (xl-network-configuration(5)): the key=value items
 * xl understands and the rate syntax N{GB,MB,KB,B,Gb,Mb,Kb,b}/s[@N{s,ms,us}]
 * with a 50 ms default interval, overflow checks included.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlmodel.h"

static int digits(const char **p)
{
	const char *s = *p;

	while (**p >= '0' && **p <= '9')
		(*p)++;
	return *p > s;
}

/* ^[0-9]+[GMK]?[Bb]/s$ */
static int is_rate(const char *s)
{
	if (!digits(&s))
		return 0;
	if (*s == 'G' || *s == 'M' || *s == 'K')
		s++;
	if (*s != 'B' && *s != 'b')
		return 0;
	return !strcmp(s + 1, "/s");
}

/* ^[0-9]+[mu]?s?$ */
static int is_interval(const char *s)
{
	if (!digits(&s))
		return 0;
	if (*s == 'm' || *s == 'u')
		s++;
	if (*s == 's')
		s++;
	return !*s;
}

static int rate_error(const char *where, const char *msg, const char *what)
{
	xlm_spec_error(where, "vif: %s in `%s'", msg, what);
	return -1;
}

static int bytes_per_sec(const char *where, const char *s, uint64_t *out)
{
	char *p;
	uint64_t v;

	if (!is_rate(s))
		return rate_error(where, "invalid rate", s);
	errno = 0;
	v = strtoull(s, &p, 0);
	if (v == 0 || v > UINT32_MAX || errno == ERANGE)
		return rate_error(where, "rate overflow", s);
	if (*p == 'G')
		v *= 1000 * 1000 * 1000;
	else if (*p == 'M')
		v *= 1000 * 1000;
	else if (*p == 'K')
		v *= 1000;
	if (*p == 'b' || p[1] == 'b')
		v /= 8;
	*out = v;
	return 0;
}

static int interval_usecs(const char *where, const char *s, uint32_t *out)
{
	char *p;
	uint64_t v;

	if (!is_interval(s))
		return rate_error(where, "invalid replenishment interval", s);
	errno = 0;
	v = strtoull(s, &p, 0);
	if (v == 0 || v > UINT32_MAX || errno == ERANGE)
		return rate_error(where, "replenishment interval overflow", s);
	if (*p == 's' || !*p)
		v *= 1000 * 1000;
	else if (*p == 'm')
		v *= 1000;
	if (v > UINT32_MAX)
		return rate_error(where, "replenishment interval overflow", s);
	*out = (uint32_t)v;
	return 0;
}

int xlm_parse_rate(const char *where, const char *rate, struct xlm_nic *nic)
{
	uint64_t bps = 0;
	uint32_t usecs = 50000;
	char *r = strdup(rate), *at;
	int e = -1;

	if (!r)
		return rate_error(where, "out of memory", rate);
	at = strchr(r, '@');
	if (at)
		*at++ = 0;
	if (!*r)
		rate_error(where, "no rate specified", rate);
	else if (!bytes_per_sec(where, r, &bps) &&
		 !(at && interval_usecs(where, at, &usecs))) {
		if (bps > UINT64_MAX / usecs) {
			rate_error(where, "rate overflow", rate);
		} else {
			nic->rate_interval_usecs = usecs;
			nic->rate_bytes_per_interval = bps * usecs / 1000000;
			e = 0;
		}
	}
	free(r);
	return e;
}

static int parse_ulong(const char *where, const char *s, int *out)
{
	char *ep;
	unsigned long v = strtoul(s, &ep, 10);

	if (ep == s || v == ULONG_MAX) {
		xlm_spec_error(where, "failed to convert \"%s\" to number", s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	char *ep;
	unsigned long v;
	int i;

	for (i = 0; i < 6; i++) {
		v = strtoul(s, &ep, 16);
		if (ep == s || v > 255)
			return -1;
		mac[i] = (uint8_t)v;
		if (i < 5 && !*ep)
			return -1;
		s = ep + 1;
	}
	return 0;
}

static void replace(char **slot, const char *v)
{
	free(*slot);
	*slot = strdup(v);
}

/* `key=' prefix test as xl's MATCH_OPTION does it */
static const char *opt(const char *item, const char *key)
{
	size_t l = strlen(key);

	return !strncmp(item, key, l) && item[l] == '=' ? item + l + 1 : NULL;
}

int xlm_parse_nic_item(const char *where, const char *item,
		       struct xlm_nic *nic)
{
	const char *v;

	if ((v = opt(item, "type"))) {
		if (!strcmp(v, "vif")) {
			nic->nictype = XLM_NIC_VIF;
		} else if (!strcmp(v, "ioemu")) {
			nic->nictype = XLM_NIC_VIF_IOEMU;
		} else {
			xlm_spec_error(where, "vif: invalid parameter `type'");
			return 1;
		}
	} else if ((v = opt(item, "mac"))) {
		if (parse_mac(v, nic->mac)) {
			xlm_spec_error(where, "vif: invalid parameter `mac'");
			return 1;
		}
	} else if ((v = opt(item, "bridge"))) {
		replace(&nic->bridge, v);
	} else if ((v = opt(item, "netdev"))) {
		xlm_spec_warning(where, "vif: netdev is deprecated, use gatewaydev");
		replace(&nic->gatewaydev, v);
	} else if ((v = opt(item, "gatewaydev"))) {
		replace(&nic->gatewaydev, v);
	} else if ((v = opt(item, "ip"))) {
		replace(&nic->ip, v);
	} else if ((v = opt(item, "script"))) {
		replace(&nic->script, v);
	} else if ((v = opt(item, "backend"))) {
		replace(&nic->backend_domname, v);
	} else if ((v = opt(item, "vifname"))) {
		replace(&nic->ifname, v);
	} else if ((v = opt(item, "model"))) {
		replace(&nic->model, v);
	} else if ((v = opt(item, "rate"))) {
		return xlm_parse_rate(where, v, nic);
	} else if ((v = opt(item, "forwarddev"))) {
		replace(&nic->coloft_forwarddev, v);
	} else if (!strncmp(item, "colo_", 5) && strchr(item, '=')) {
		xlm_spec_warning(where, "vif: `%.*s' is a COLO setting; COLO does not exist on KVM, ignored",
				 (int)(strchr(item, '=') - item), item);
	} else if ((v = opt(item, "accel"))) {
		xlm_spec_warning(where, "vif: the accel parameter is not supported");
	} else if ((v = opt(item, "devid"))) {
		return parse_ulong(where, v, &nic->devid);
	} else if ((v = opt(item, "mtu"))) {
		return parse_ulong(where, v, &nic->mtu);
	} else if (!strcmp(item, "trusted")) {
		nic->trusted = XLM_TRUE;
	} else if (!strcmp(item, "untrusted")) {
		nic->trusted = XLM_FALSE;
	} else {
		xlm_spec_error(where, "vif: unrecognized argument `%s'", item);
		return 1;
	}
	return 0;
}

int xlm_parse_nic(const char *where, const char *spec, struct xlm_nic *nic)
{
	char *buf = strdup(spec), *p, *save = NULL;
	int e = 0;

	if (!buf)
		return -1;
	for (p = strtok_r(buf, ",", &save); p && !e;
	     p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		/* xl reports a bad item and goes on with the next */
		if (xlm_parse_nic_item(where, p, nic) < 0)
			e = -1;
	}
	free(buf);
	return e;
}
