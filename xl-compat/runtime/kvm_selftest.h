/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM self-test: run two tiny VMs through the KVM API to find out whether
 * this host's KVM can really run x86-64 guests, not just create them.
 */
#ifndef XLRT_KVM_SELFTEST_H
#define XLRT_KVM_SELFTEST_H

#include <stdbool.h>

/* Bump when the probe changes, so cached verdicts are re-checked. */
#define XLRT_KVM_SELFTEST_VERSION 1

struct xlrt_kvm_selftest {
	bool pass;
	unsigned int elapsed_ms;
	char why[200];		/* what passed, or what went wrong and where */
};

/*
 * Stage 1 puts a vCPU straight into long mode with KVM_SET_SREGS; stage 2
 * starts in real mode and lets the guest switch to protected and long mode
 * itself, as a Linux boot does; stage 3 runs 4M instructions, which must
 * take at most 200 ms (a few ms on hardware virtualization).  Each stage
 * must write a known value to an I/O port and halt.  The VMs run in a
 * child process killed after timeout_ms.
 * Returns 0 with the verdict in *res, or -1 if the probe itself could not
 * run (fork or pipe failed; res->why says so).
 */
int xlrt_kvm_selftest(const char *dev, int timeout_ms,
		      struct xlrt_kvm_selftest *res);

#endif
