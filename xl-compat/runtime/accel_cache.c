/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM self-test verdict cache (cache.h) in "kvm-selftest":
 *   key=<kernel release>|<CPU model>|<device>|v<probe version>|<timeout>ms
 *   pass=0|1
 *   why=<the self-test's explanation>
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "accel_cache.h"
#include "cache.h"
#include "kvm_selftest.h"

#define CACHE_FILE	"kvm-selftest"

static void cpu_model(char *buf, size_t len)
{
	char line[512], *v;
	FILE *f = fopen("/proc/cpuinfo", "re");

	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) || !(v = strchr(line, ':')))
			continue;
		v += strspn(v + 1, " \t") + 1;
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		break;
	}
	fclose(f);
}

int xlrt_accel_cache_key(const char *kvm_dev, int timeout_ms, char *buf,
			 size_t len)
{
	struct utsname u;
	char cpu[256];
	int n;

	if (uname(&u) < 0)
		return -errno;
	cpu_model(cpu, sizeof(cpu));
	n = snprintf(buf, len, "%s|%s|%s|v%d|%dms", u.release, cpu, kvm_dev,
		     XLRT_KVM_SELFTEST_VERSION, timeout_ms);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int xlrt_accel_cache_load(const char *key, bool *pass, char *why,
			  size_t len)
{
	char body[1024], val[8];

	if (xlrt_cache_load(CACHE_FILE, key, body, sizeof(body)) ||
	    xlrt_cache_field(body, "pass", val, sizeof(val)) ||
	    (strcmp(val, "0") && strcmp(val, "1")))
		return -ENOENT;
	*pass = val[0] == '1';
	if (xlrt_cache_field(body, "why", why, len))
		*why = '\0';
	return 0;
}

int xlrt_accel_cache_store(const char *key, bool pass, const char *why)
{
	char body[1024];

	snprintf(body, sizeof(body), "pass=%d\nwhy=%.900s\n", pass, why);
	return xlrt_cache_store(CACHE_FILE, key, body);
}
