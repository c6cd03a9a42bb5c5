/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_pci.c: PCI passthrough specs (xl-pci-configuration(5)):
 * [DDDD:]BB:DD.F[@VSLOT][,key=value...] or key=value,... with keys bdf,
 * vslot, permissive, msitranslate, seize, power_mgmt, rdm_policy and name;
 * F may be `*' for all functions. Exactly one of bdf and name is required.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xlmodel.h"

#define XLM_PCI_FUNC_ALL (~0U)

static int parse_bdf(const char *s, struct xlm_pci *pci, const char **endp)
{
	unsigned int domain = 0, bus, dev, func, colons = 0;
	const char *p;
	int n = -1;

	for (p = s; isxdigit((unsigned char)*p) || *p == ':'; p++)
		colons += *p == ':';
	if (colons == 1) {
		if (sscanf(s, "%x:%x.%n", &bus, &dev, &n) != 2)
			return -1;
	} else if (colons == 2) {
		if (sscanf(s, "%x:%x:%x.%n", &domain, &bus, &dev, &n) != 3)
			return -1;
	} else {
		return -1;
	}
	/* without the `.' sscanf stops before %n (Xen reads n unset here) */
	if (n < 0 || domain > 0xffff || bus > 0xff || dev > 0x1f)
		return -1;
	p = s + n;
	if (*p == '*') {
		pci->vfunc_mask = XLM_PCI_FUNC_ALL;
		func = 0;
		p++;
	} else {
		if (sscanf(p, "%x%n", &func, &n) != 1 || func > 7)
			return -1;
		pci->vfunc_mask = 1;
		p += n;
	}
	pci->domain = (int)domain;
	pci->bus = (uint8_t)bus;
	pci->dev = (uint8_t)dev;
	pci->func = (uint8_t)func;
	if (endp)
		*endp = p;
	return 0;
}

int xlm_parse_pci_bdf(const char *s, struct xlm_pci *pci)
{
	return parse_bdf(s, pci, NULL);
}

static int parse_vslot(const char *s, uint32_t *vdevfn, const char **endp)
{
	unsigned int v;
	int n;

	if (sscanf(s, "%x%n", &v, &n) != 1 || v > 0x1f)
		return -1;
	*vdevfn = v << 3;
	if (endp)
		*endp = s + n;
	return 0;
}

static int fail(const char *where, const char *spec, const char *why)
{
	xlm_spec_error(where, "pci spec `%s': %s", spec, why);
	return -1;
}

int xlm_parse_pci(const char *where, const char *spec, struct xlm_pci *pci)
{
	const char *p = spec;
	int bdf = 0, name = 0, e;

	if (!parse_bdf(p, pci, &p)) {
		bdf = 1;
		if (*p == '@' && parse_vslot(p + 1, &pci->vdevfn, &p))
			return fail(where, spec, "invalid vslot (hex, at most 0x1f)");
		if (*p == ',')
			p++;
		else if (*p)
			return fail(where, spec, "unexpected text after the BDF");
	} else {
		p = spec;
	}
	while (*p) {
		const char *eq = strchr(p, '='), *end;
		char *key, *val;

		if (!eq)
			return fail(where, spec, "expected key=value");
		end = eq + 1 + strcspn(eq + 1, ",");
		key = strndup(p, eq - p);
		val = strndup(eq + 1, end - eq - 1);
		p = *end ? end + 1 : end;
		e = 0;
		if (!key || !val) {
			e = fail(where, spec, "out of memory");
		} else if (!strcmp(key, "bdf")) {
			e = parse_bdf(val, pci, NULL);
			if (e)
				fail(where, spec, "invalid bdf");
			bdf = 1;
		} else if (!strcmp(key, "vslot")) {
			e = parse_vslot(val, &pci->vdevfn, NULL);
			if (e)
				fail(where, spec, "invalid vslot (hex, at most 0x1f)");
		} else if (!strcmp(key, "permissive")) {
			pci->permissive = !!atoi(val);
		} else if (!strcmp(key, "msitranslate")) {
			pci->msitranslate = !!atoi(val);
		} else if (!strcmp(key, "seize")) {
			pci->seize = !!atoi(val);
		} else if (!strcmp(key, "power_mgmt")) {
			pci->power_mgmt = !!atoi(val);
		} else if (!strcmp(key, "rdm_policy")) {
			if (!strcasecmp(val, "strict"))
				pci->rdm_policy = XLM_RDM_STRICT;
			else if (!strcasecmp(val, "relaxed"))
				pci->rdm_policy = XLM_RDM_RELAXED;
			else
				e = fail(where, spec, "unknown rdm_policy (strict or relaxed)");
		} else if (!strcmp(key, "name")) {
			name = 1;
			free(pci->name);
			pci->name = strdup(val);
		} else {
			xlm_spec_error(where, "pci spec `%s': unknown option `%s'",
				       spec, key);
			e = -1;
		}
		free(key);
		free(val);
		if (e)
			return -1;
	}
	if (!(bdf ^ name))
		return fail(where, spec, "give exactly one of a BDF and name=");
	return 0;
}
