/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Accelerator choice for the device model: xen (KVM's Xen emulation), kvm
 * (KVM with virtio devices) or tcg.  An explicit setting always wins, in
 * this order: $XEN_KVM_ACCEL, the domain config, xl.conf (the first one
 * set decides, "auto" included).  Otherwise (auto):
 *   - tcg unless /dev/kvm opens and the KVM self-test (kvm_selftest.h)
 *     passes; its verdict is cached per kernel release and CPU model in
 *     xlrt_path_cache_dir()/kvm-selftest, re-run with recheck or
 *     $XEN_KVM_ACCEL_RECHECK=1;
 *   - xen if also QEMU >= 8 and KVM_CAP_XEN_HVM has the hypercall MSR,
 *     hypercall intercept and shared-info flags;
 *   - kvm otherwise.
 */
#ifndef XLRT_ACCEL_H
#define XLRT_ACCEL_H

#include <stdbool.h>
#include <stddef.h>

#include "qemu_info.h"

enum xlrt_accel {
	XLRT_ACCEL_AUTO,
	XLRT_ACCEL_XEN,
	XLRT_ACCEL_KVM,
	XLRT_ACCEL_TCG,
};

struct xlrt_accel_req {
	const char *config;	/* the domain config's setting, or NULL */
	const char *xlconf;	/* xl.conf's setting, or NULL */
	const char *kvm_dev;	/* NULL: /dev/kvm */
	const char *qemu;	/* NULL: xlrt_qemu_binary() */
	const struct xlrt_qemu_info *qemu_info;	/* NULL: probed if needed */
	bool recheck;		/* ignore a cached self-test verdict */
	bool no_probe;		/* auto is kvm, unprobed (xl -N: kvm and
				 * tcg refuse the same configs) */
	int timeout_ms;		/* of the self-test; 0: 500 */
};

struct xlrt_accel_choice {
	enum xlrt_accel accel;
	bool forced;		/* an explicit setting decided */
	bool cached;		/* the self-test verdict came from the cache */
	int qemu_major, qemu_minor, qemu_micro;	/* 0 when not probed */
	char why[400];
};

/* "auto", "xen", "kvm", "tcg" <-> enum; parse gives 0 or -EINVAL. */
int xlrt_accel_parse(const char *s, enum xlrt_accel *a);
const char *xlrt_accel_name(enum xlrt_accel a);

/*
 * Decide.  Returns 0, or -EINVAL when a setting is not one of the four
 * names (c->why says which); c->accel is then tcg.
 */
int xlrt_accel_choose(const struct xlrt_accel_req *req,
		      struct xlrt_accel_choice *c);

/* The one-line notice: "accel: tcg (KVM self-test timed out ...)". */
void xlrt_accel_notice(const struct xlrt_accel_choice *c, char *buf,
		       size_t len);

/*
 * Xen emulation check alone: true when kvm_fd reports KVM_CAP_XEN_HVM with
 * the flags QEMU needs; otherwise why says what is missing.
 */
bool xlrt_accel_xen_hvm(int kvm_fd, char *why, size_t len);

#endif
