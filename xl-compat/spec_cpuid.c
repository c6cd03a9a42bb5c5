/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_cpuid.c: xl.cfg's cpuid= as QEMU -cpu flags (xlm_cpuid_flags).
 * libxl's form "host,NAME=V,..." sets (V=1) or clears (V=0) a feature by
 * its Xen name, keeps the host's (k, s) or the default (x); NAME=NUMBER
 * sets a multi-bit field.  Each Xen name with a QEMU -cpu property is
 * mapped; any other name, and the xend form (a list of "leaf:reg=bits"
 * strings), is warned about and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlmodel.h"

struct cpuid_name {
	const char *xen, *qemu;
};

/* Xen's feature names (libxl_cpuid.c and Xen's cpufeatureset.h, with
 * libxl's aliases) and QEMU's for the same CPUID bit; sorted by Xen name
 * for bsearch */
static const struct cpuid_name names[] = {
	{ "3dnow", "3dnow" }, { "3dnowext", "3dnowext" },
	{ "3dnowprefetch", "3dnowprefetch" }, { "abm", "abm" },
	{ "acpi", "acpi" }, { "adx", "adx" }, { "aes", "aes" },
	{ "altmovcr8", "cr8legacy" }, { "apic", "apic" }, { "arat", "arat" },
	{ "avx", "avx" }, { "avx2", "avx2" },
	{ "avx512_bitalg", "avx512bitalg" }, { "avx512_ifma", "avx512ifma" },
	{ "avx512_vbmi", "avx512vbmi" }, { "avx512_vbmi2", "avx512vbmi2" },
	{ "avx512_vnni", "avx512vnni" },
	{ "avx512_vpopcntdq", "avx512-vpopcntdq" },
	{ "avx512bw", "avx512bw" }, { "avx512cd", "avx512cd" },
	{ "avx512dq", "avx512dq" }, { "avx512er", "avx512er" },
	{ "avx512f", "avx512f" }, { "avx512pf", "avx512pf" },
	{ "avx512vl", "avx512vl" }, { "bmi1", "bmi1" }, { "bmi2", "bmi2" },
	{ "clflushopt", "clflushopt" }, { "clfsh", "clflush" },
	{ "clwb", "clwb" }, { "clzero", "clzero" }, { "cmov", "cmov" },
	{ "cmp_legacy", "cmp-legacy" }, { "cmplegacy", "cmp-legacy" },
	{ "cmpxchg16", "cx16" }, { "cmpxchg8", "cx8" }, { "cntxid", "cid" },
	{ "cr8_legacy", "cr8legacy" }, { "cx16", "cx16" }, { "cx8", "cx8" },
	{ "dca", "dca" }, { "de", "de" }, { "ds", "ds" },
	{ "dscpl", "ds-cpl" }, { "dtes64", "dtes64" }, { "erms", "erms" },
	{ "est", "est" }, { "extapic", "extapic" }, { "f16c", "f16c" },
	{ "ffxsr", "fxsr-opt" }, { "fma", "fma" }, { "fma4", "fma4" },
	{ "fpu", "fpu" }, { "fsgsbase", "fsgsbase" }, { "fxsr", "fxsr" },
	{ "gfni", "gfni" }, { "hle", "hle" }, { "htt", "ht" },
	{ "hypervisor", "hypervisor" }, { "ia64", "ia64" }, { "ibs", "ibs" },
	{ "invpcid", "invpcid" }, { "invtsc", "invtsc" },
	{ "lahf_lm", "lahf-lm" }, { "lahfsahf", "lahf-lm" }, { "lm", "lm" },
	{ "lwp", "lwp" }, { "mca", "mca" }, { "mce", "mce" },
	{ "misalignsse", "misalignsse" }, { "mmx", "mmx" },
	{ "mmxext", "mmxext" }, { "monitor", "monitor" },
	{ "movbe", "movbe" }, { "movdir64b", "movdir64b" },
	{ "movdiri", "movdiri" }, { "mpx", "mpx" }, { "msr", "msr" },
	{ "mtrr", "mtrr" }, { "nodeid", "nodeid-msr" },
	{ "nodeid_msr", "nodeid-msr" }, { "nx", "nx" }, { "osvw", "osvw" },
	{ "pae", "pae" }, { "page1gb", "pdpe1gb" }, { "pat", "pat" },
	{ "pbe", "pbe" }, { "pcid", "pcid" }, { "pclmulqdq", "pclmulqdq" },
	{ "pdcm", "pdcm" }, { "perfctr_core", "perfctr-core" },
	{ "perfctr_nb", "perfctr-nb" }, { "pge", "pge" }, { "pku", "pku" },
	{ "popcnt", "popcnt" }, { "proc_trace", "intel-pt" },
	{ "pse", "pse" }, { "pse36", "pse36" }, { "psn", "pn" },
	{ "rdpid", "rdpid" }, { "rdrand", "rdrand" }, { "rdseed", "rdseed" },
	{ "rdtscp", "rdtscp" }, { "rtm", "rtm" }, { "sep", "sep" },
	{ "sha", "sha-ni" }, { "skinit", "skinit" }, { "smap", "smap" },
	{ "smep", "smep" }, { "smx", "smx" }, { "ss", "ss" },
	{ "sse", "sse" }, { "sse2", "sse2" }, { "sse3", "pni" },
	{ "sse4.1", "sse4.1" }, { "sse4.2", "sse4.2" },
	{ "sse4_1", "sse4.1" }, { "sse4_2", "sse4.2" }, { "sse4a", "sse4a" },
	{ "ssse3", "ssse3" }, { "svm", "svm" }, { "syscall", "syscall" },
	{ "sysenter", "sep" }, { "tbm", "tbm" }, { "tm", "tm" },
	{ "tm2", "tm2" }, { "topoext", "topoext" }, { "tsc", "tsc" },
	{ "tsc_adjust", "tsc-adjust" }, { "tsc_deadline", "tsc-deadline" },
	{ "umip", "umip" }, { "vaes", "vaes" }, { "vme", "vme" },
	{ "vmx", "vmx" }, { "vpclmulqdq", "vpclmulqdq" }, { "wdt", "wdt" },
	{ "x2apic", "x2apic" }, { "xop", "xop" }, { "xsave", "xsave" },
	{ "xsavec", "xsavec" }, { "xsaveopt", "xsaveopt" },
	{ "xsaves", "xsaves" }, { "xtpr", "xtpr" },
};

/* libxl's multi-bit fields that QEMU's -cpu takes as properties */
static const struct cpuid_name fields[] = {
	{ "family", "family" }, { "maxleaf", "level" }, { "model", "model" },
	{ "stepping", "stepping" },
};

static int cmp(const void *a, const void *b)
{
	return strcmp(a, ((const struct cpuid_name *)b)->xen);
}

static const char *lookup(const struct cpuid_name *t, size_t n,
			  const char *xen)
{
	const struct cpuid_name *e = bsearch(xen, t, n, sizeof(*t), cmp);

	return e ? e->qemu : NULL;
}

/* ",<prefix><name>" or ",<name>=<value>" onto *flags */
static int append(char **flags, const char *a, const char *sep,
		  const char *b)
{
	size_t old = *flags ? strlen(*flags) : 0;
	size_t add = 1 + strlen(a) + strlen(sep) + strlen(b);
	char *n = realloc(*flags, old + add + 1);

	if (!n)
		return -1;
	snprintf(n + old, add + 1, ",%s%s%s", a, sep, b);
	*flags = n;
	return 0;
}

/* One NAME=VALUE item of libxl's form; what Xen's xl only warns about
 * is warned about here too.  0, or -1 out of memory. */
static int item(const char *where, char *it, char **flags)
{
	char *eq = strchr(it, '='), *end;
	const char *q;

	if (!eq) {
		xlm_spec_warning(where, "cpuid: `%s': missing \"=\" in "
				 "key=value, ignored", it);
		return 0;
	}
	*eq++ = '\0';
	q = lookup(fields, sizeof(fields) / sizeof(fields[0]), it);
	if (q) {
		strtoul(eq, &end, 0);
		if (end != eq && !*end)
			return append(flags, q, "=", eq);
		xlm_spec_warning(where, "cpuid: %s=%s: xen-kvm maps a number "
				 "there, not a bit string; ignored", it, eq);
		return 0;
	}
	q = lookup(names, sizeof(names) / sizeof(names[0]), it);
	if (!q) {
		xlm_spec_warning(where, "cpuid: `%s' has no QEMU -cpu flag, "
				 "ignored", it);
		return 0;
	}
	if (!strcmp(eq, "1") || !strcmp(eq, "0"))
		return append(flags, *eq == '1' ? "+" : "-", "", q);
	if (strcmp(eq, "x") && strcmp(eq, "k") && strcmp(eq, "s"))
		xlm_spec_warning(where, "cpuid: %s=%s: illegal value (must be "
				 "0, 1, x, k or s), ignored", it, eq);
	/* x, k, s: the default, the host's: what -cpu gives anyway */
	return 0;
}

int xlm_cpuid_flags(const char *where, const char *policy, char **flags)
{
	char *copy = strdup(policy), *it, *save = NULL;
	int r = 0;

	if (!copy)
		return -1;
	it = strtok_r(copy, ",", &save);
	if (it && strcmp(it, "host"))
		xlm_spec_warning(where, "cpuid: the first word must be "
				 "\"host\"; the string is ignored");
	else
		while (!r && (it = strtok_r(NULL, ",", &save)))
			r = item(where, it, flags);
	free(copy);
	return r;
}
