/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's vCPUs are QEMU's vCPU threads: QMP query-cpus-fast gives each
 * one's cpu-index and thread-id; pinning one is sched_setaffinity on it.
 */
#ifndef XLRT_VCPU_H
#define XLRT_VCPU_H

#include <sys/types.h>

#include "qmp.h"
#include "xlmodel.h"

struct xlrt_vcpu_thread {
	int index;		/* cpu-index */
	pid_t tid;
};

/* QEMU's vCPU threads into *out (malloc'ed, *n of them): 0, or a negative
 * errno (QMP failures: xlrt_qmp_strerror(q) says why). */
int xlrt_vcpu_threads(struct xlrt_qmp *q, struct xlrt_vcpu_thread **out,
		      int *n);

/* Sets thread tid's affinity to the cpus of map: 0 or a negative errno. */
int xlrt_vcpu_pin(pid_t tid, const struct xlm_cpumap *map);

/*
 * cpus=: pins each vCPU thread to its hard affinity, as libxl does when it
 * builds the domain.  0, or -1 with err saying which vCPU and why.
 */
int xlrt_vcpu_pin_config(struct xlrt_qmp *q, const struct xlm_b_info *b,
			 char *err, size_t len);

#endif
