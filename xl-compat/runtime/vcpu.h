/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A domain's vCPUs are QEMU's vCPU threads: QMP query-cpus-fast gives each
 * one's cpu-index and thread-id; pinning one is sched_setaffinity on it.
 */
#ifndef XLRT_VCPU_H
#define XLRT_VCPU_H

#include <stdint.h>
#include <sys/types.h>

#include "qmp.h"
#include "xlmodel.h"

struct xlrt_vcpu_thread {
	int index;		/* cpu-index */
	pid_t tid;
};

/* What /proc/<qemu>/task/<tid>/stat says of one vCPU thread. */
struct xlrt_vcpu_stat {
	char state;		/* 'R' on a CPU; '?' if the thread is gone */
	unsigned int cpu;	/* the CPU it last ran on */
	uint64_t time_ns;	/* utime + stime */
};

/* QEMU's vCPU threads into *out (malloc'ed, *n of them): 0, or a negative
 * errno (QMP failures: xlrt_qmp_strerror(q) says why). */
int xlrt_vcpu_threads(struct xlrt_qmp *q, struct xlrt_vcpu_thread **out,
		      int *n);

/* Thread tid of QEMU process pid: 0, or -ENOENT (s->state '?') if gone. */
int xlrt_vcpu_stat(pid_t pid, pid_t tid, struct xlrt_vcpu_stat *s);

/* Sets thread tid's affinity to the cpus of map: 0 or a negative errno. */
int xlrt_vcpu_pin(pid_t tid, const struct xlm_cpumap *map);

/*
 * cpus=: pins each vCPU thread to its hard affinity, as libxl does when it
 * builds the domain.  0, or -1 with err saying which vCPU and why.
 */
int xlrt_vcpu_pin_config(struct xlrt_qmp *q, const struct xlm_b_info *b,
			 char *err, size_t len);

#endif
