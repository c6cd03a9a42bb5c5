/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Accelerator choice: explicit settings first, then the KVM self-test
 * (cached) and the Xen emulation check, each leaving a one-line reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "accel.h"
#include "accel_cache.h"
#include "kvm_selftest.h"

#define DEFAULT_TIMEOUT_MS	500
#define XEN_FLAGS_NEEDED	(KVM_XEN_HVM_CONFIG_HYPERCALL_MSR | \
				 KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL | \
				 KVM_XEN_HVM_CONFIG_SHARED_INFO)
#define XEN_MIN_QEMU		8

static const char *const names[] = {
	[XLRT_ACCEL_AUTO] = "auto",
	[XLRT_ACCEL_XEN] = "xen",
	[XLRT_ACCEL_KVM] = "kvm",
	[XLRT_ACCEL_TCG] = "tcg",
};

int xlrt_accel_parse(const char *s, enum xlrt_accel *a)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*a = i;
			return 0;
		}
	return -EINVAL;
}

const char *xlrt_accel_name(enum xlrt_accel a)
{
	return a <= XLRT_ACCEL_TCG ? names[a] : "?";
}

void xlrt_accel_notice(const struct xlrt_accel_choice *c, char *buf,
		       size_t len)
{
	snprintf(buf, len, "accel: %s (%s)", xlrt_accel_name(c->accel),
		 c->why);
}

bool xlrt_accel_xen_hvm(int kvm_fd, char *why, size_t len)
{
	int flags = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XEN_HVM);

	if (flags <= 0) {
		snprintf(why, len, "kernel lacks KVM_CAP_XEN_HVM "
			 "(CONFIG_KVM_XEN)");
		return false;
	}
	if ((flags & XEN_FLAGS_NEEDED) != XEN_FLAGS_NEEDED) {
		snprintf(why, len, "KVM_CAP_XEN_HVM flags %#x lack %#x", flags,
			 XEN_FLAGS_NEEDED & ~flags);
		return false;
	}
	snprintf(why, len, "KVM_CAP_XEN_HVM flags %#x", flags);
	return true;
}

/* The first setting given decides; 1 if one did, -EINVAL if it is bad. */
static int explicit_choice(const struct xlrt_accel_req *req,
			   struct xlrt_accel_choice *c)
{
	const struct {
		const char *val, *src;
	} src[] = {
		{ getenv("XEN_KVM_ACCEL"), "XEN_KVM_ACCEL" },
		{ req->config, "device_model_accel in the domain config" },
		{ req->xlconf, "kvm.accel in xl.conf" },
	};
	size_t i;

	for (i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		if (!src[i].val || !*src[i].val)
			continue;
		if (xlrt_accel_parse(src[i].val, &c->accel)) {
			c->accel = XLRT_ACCEL_TCG;
			snprintf(c->why, sizeof(c->why), "accel \"%s\" from %s "
				 "is not one of auto, xen, kvm, tcg",
				 src[i].val, src[i].src);
			return -EINVAL;
		}
		if (c->accel == XLRT_ACCEL_AUTO)
			return 0;
		c->forced = true;
		snprintf(c->why, sizeof(c->why), "set by %s", src[i].src);
		return 1;
	}
	return 0;
}

static void qemu_version(const struct xlrt_accel_req *req,
			 struct xlrt_accel_choice *c, char *err, size_t len)
{
	struct xlrt_qemu_info probed;
	const struct xlrt_qemu_info *info = req->qemu_info;

	if (!info) {
		if (xlrt_qemu_info_get(req->qemu, &probed, err, len))
			return;
		info = &probed;
	}
	c->qemu_major = info->major;
	c->qemu_minor = info->minor;
	c->qemu_micro = info->micro;
}

/* Self-test verdict, from the cache unless asked to re-check. */
static bool kvm_works(const struct xlrt_accel_req *req, const char *dev,
		      struct xlrt_accel_choice *c, char *why, size_t len)
{
	const char *env = getenv("XEN_KVM_ACCEL_RECHECK");
	int timeout = req->timeout_ms > 0 ? req->timeout_ms
					  : DEFAULT_TIMEOUT_MS;
	struct xlrt_kvm_selftest t;
	char key[512];
	bool pass;

	if (xlrt_accel_cache_key(dev, timeout, key, sizeof(key)))
		key[0] = '\0';
	if (*key && !req->recheck && !(env && !strcmp(env, "1")) &&
	    !xlrt_accel_cache_load(key, &pass, why, len)) {
		c->cached = true;
		return pass;
	}
	if (xlrt_kvm_selftest(dev, timeout, &t) < 0) {
		/* The probe itself could not run: say so, cache nothing. */
		snprintf(why, len, "KVM self-test could not run: %.160s",
			 t.why);
		return false;
	}
	snprintf(why, len, "%s", t.why);
	if (*key)
		xlrt_accel_cache_store(key, t.pass, t.why);
	return t.pass;
}

static void auto_choice(const struct xlrt_accel_req *req,
			struct xlrt_accel_choice *c)
{
	const char *dev = req->kvm_dev ? req->kvm_dev : "/dev/kvm";
	char test[200], xen[128], qerr[200] = "";
	int fd;

	if (req->no_probe) {
		c->accel = XLRT_ACCEL_KVM;
		snprintf(c->why, sizeof(c->why), "auto, not probed");
		return;
	}
	c->accel = XLRT_ACCEL_TCG;
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(c->why, sizeof(c->why), "%s: %s", dev,
			 strerror(errno));
		return;
	}
	if (!kvm_works(req, dev, c, test, sizeof(test))) {
		snprintf(c->why, sizeof(c->why), "%.200s%s: guests would "
			 "hang on this host", test,
			 c->cached ? ", cached" : "");
		close(fd);
		return;
	}
	c->accel = XLRT_ACCEL_KVM;
	if (!xlrt_accel_xen_hvm(fd, xen, sizeof(xen))) {
		snprintf(c->why, sizeof(c->why), "%.200s%s; no Xen "
			 "emulation: %.100s", test, c->cached ? ", cached" : "",
			 xen);
		close(fd);
		return;
	}
	close(fd);
	qemu_version(req, c, qerr, sizeof(qerr));
	if (c->qemu_major < XEN_MIN_QEMU) {
		snprintf(c->why, sizeof(c->why), "%.200s; no Xen emulation: "
			 "%.150s", test, *qerr ? qerr : "QEMU older than 8.0");
		return;
	}
	c->accel = XLRT_ACCEL_XEN;
	snprintf(c->why, sizeof(c->why), "%.200s; %.100s, QEMU %d.%d.%d", test,
		 xen, c->qemu_major, c->qemu_minor, c->qemu_micro);
}

int xlrt_accel_choose(const struct xlrt_accel_req *req,
		      struct xlrt_accel_choice *c)
{
	int r;

	memset(c, 0, sizeof(*c));
	r = explicit_choice(req, c);
	if (r < 0)
		return r;
	if (r == 0)
		auto_choice(req, c);
	return 0;
}
