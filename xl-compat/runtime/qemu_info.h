/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a QEMU binary is: its version (`--version`) and the options it
 * offers (`-help`) that the launcher and the accelerator choice depend on.
 */
#ifndef XLRT_QEMU_INFO_H
#define XLRT_QEMU_INFO_H

#include <stdbool.h>
#include <stddef.h>

struct xlrt_qemu_info {
	int major, minor, micro;
	bool sandbox;		/* -sandbox (built with seccomp) */
	bool run_with;		/* -run-with user=... (QEMU >= 9.1) */
	bool runas;		/* -runas USER (removed in QEMU 10) */
	bool run_with_chroot;	/* -run-with chroot=DIR (QEMU >= 8.1) */
	bool chroot_opt;	/* -chroot DIR (removed in QEMU 9.0) */
};

/* $XEN_KVM_QEMU, or "qemu-system-x86_64" looked up in PATH. */
const char *xlrt_qemu_binary(void);

/*
 * Fill info for qemu (NULL: xlrt_qemu_binary()): from the cache file
 * qemu-info-<path> if the binary is unchanged, else by running it twice.
 */
int xlrt_qemu_info_get(const char *qemu, struct xlrt_qemu_info *info,
		       char *err, size_t errlen);

/* Parse "QEMU emulator version 10.0.2 (...)"; 0 or -EINVAL. */
int xlrt_qemu_parse_version(const char *text, int *major, int *minor,
			    int *micro);

#endif
