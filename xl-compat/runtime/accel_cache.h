/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVM self-test verdict cache: one small file, valid for one kernel
 * release, CPU model, KVM device, probe version and timeout.
 */
#ifndef XLRT_ACCEL_CACHE_H
#define XLRT_ACCEL_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The key for this host and self-test timeout, e.g.
 * "6.1.0-13-amd64|AMD EPYC|/dev/kvm|v1|500ms".
 */
int xlrt_accel_cache_key(const char *kvm_dev, int timeout_ms, char *buf,
			 size_t len);

/* 0 and the verdict if the cache holds one for key, else -ENOENT. */
int xlrt_accel_cache_load(const char *key, bool *pass, char *why,
			  size_t len);

/* Store atomically (write, then rename); 0 or -errno. */
int xlrt_accel_cache_store(const char *key, bool pass, const char *why);

#endif
