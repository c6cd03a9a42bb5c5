/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM self-test verdict cache in xlrt_path_cache_dir()/kvm-selftest:
 *   key=<kernel release>|<CPU model>|<device>|v<probe version>
 *   pass=0|1
 *   why=<the self-test's explanation>
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "accel_cache.h"
#include "kvm_selftest.h"
#include "paths.h"

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

int xlrt_accel_cache_key(const char *kvm_dev, char *buf, size_t len)
{
	struct utsname u;
	char cpu[256];
	int n;

	if (uname(&u) < 0)
		return -errno;
	cpu_model(cpu, sizeof(cpu));
	n = snprintf(buf, len, "%s|%s|%s|v%d", u.release, cpu, kvm_dev,
		     XLRT_KVM_SELFTEST_VERSION);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int cache_path(char *buf, size_t len, char *dir, size_t dirlen)
{
	int r = xlrt_path_cache_dir(dir, dirlen);

	if (r)
		return r;
	if ((size_t)snprintf(buf, len, "%s/%s", dir, CACHE_FILE) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int xlrt_accel_cache_load(const char *key, bool *pass, char *why,
			  size_t len)
{
	char path[4096], dir[4096], line[1024];
	int have_key = 0, have_pass = 0;
	FILE *f;

	if (cache_path(path, sizeof(path), dir, sizeof(dir)))
		return -ENOENT;
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	*why = '\0';
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "key=", 4))
			have_key = !strcmp(line + 4, key);
		else if (!strncmp(line, "pass=", 5) &&
			 (line[5] == '0' || line[5] == '1') && !line[6]) {
			*pass = line[5] == '1';
			have_pass = 1;
		} else if (!strncmp(line, "why=", 4))
			snprintf(why, len, "%s", line + 4);
	}
	fclose(f);
	return have_key && have_pass ? 0 : -ENOENT;
}

int xlrt_accel_cache_store(const char *key, bool pass, const char *why)
{
	char path[4096], dir[4096], tmp[4200];
	int fd, r;
	FILE *f;

	r = cache_path(path, sizeof(path), dir, sizeof(dir));
	if (!r)
		r = xlrt_mkdir_p(dir);
	if (r)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		close(fd);
		unlink(tmp);
		return r;
	}
	fprintf(f, "key=%s\npass=%d\nwhy=%s\n", key, pass, why);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		r = -errno;
		unlink(tmp);
		return r;
	}
	return 0;
}
