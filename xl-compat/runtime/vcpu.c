/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vcpu.c: QEMU's vCPU threads (vcpu.h) and their hard affinity.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vcpu.h"

int xlrt_vcpu_threads(struct xlrt_qmp *q, struct xlrt_vcpu_thread **out,
		      int *n)
{
	json_object *ret, *e, *v;
	struct xlrt_vcpu_thread *t;
	size_t i, len;
	int r;

	r = xlrt_qmp_execute(q, "query-cpus-fast", NULL, &ret, 30000);
	if (r)
		return r;
	len = json_object_array_length(ret);
	t = calloc(len + 1, sizeof(*t));
	if (!t) {
		json_object_put(ret);
		return -ENOMEM;
	}
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(ret, i);
		t[i].index = json_object_object_get_ex(e, "cpu-index", &v) ?
			     json_object_get_int(v) : (int)i;
		t[i].tid = json_object_object_get_ex(e, "thread-id", &v) ?
			   json_object_get_int(v) : 0;
	}
	json_object_put(ret);
	*out = t;
	*n = (int)len;
	return 0;
}

int xlrt_vcpu_stat(pid_t pid, pid_t tid, struct xlrt_vcpu_stat *s)
{
	char path[128], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;
	int r = -ENOENT;

	s->state = '?';
	s->cpu = 0;
	s->time_ns = 0;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	/* after ") ": state(3) ... utime(14) stime(15) ... processor(39) */
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
	    sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu "
		   "%*d %*d %*d %*d %*d %*d %*u %*u %*d %*u %*u %*u %*u %*u "
		   "%*u %*u %*u %*u %*u %*u %*u %*u %*d %u", &s->state, &ut, &st,
		   &s->cpu) == 4)
		r = 0;
	fclose(f);
	if (r)
		s->state = '?';
	s->time_ns = (ut + st) * (1000000000ULL / (uint64_t)sysconf(_SC_CLK_TCK));
	return r;
}

int xlrt_vcpu_pin(pid_t tid, const struct xlm_cpumap *map)
{
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	for (i = 0; i < map->size * 8 && i < CPU_SETSIZE; i++)
		if (map->map[i / 8] & (1u << (i % 8)))
			CPU_SET(i, &set);
	return sched_setaffinity(tid, sizeof(set), &set) ? -errno : 0;
}

int xlrt_vcpu_pin_config(struct xlrt_qmp *q, const struct xlm_b_info *b,
			 char *err, size_t len)
{
	struct xlrt_vcpu_thread *t;
	int n, i, r;

	if (!b->num_vcpu_hard_affinity)
		return 0;
	r = xlrt_vcpu_threads(q, &t, &n);
	if (r) {
		snprintf(err, len, "cannot list the vCPU threads: %s",
			 xlrt_qmp_strerror(q));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (t[i].index >= b->num_vcpu_hard_affinity ||
		    !b->vcpu_hard_affinity[t[i].index].map)
			continue;
		r = xlrt_vcpu_pin(t[i].tid,
				  &b->vcpu_hard_affinity[t[i].index]);
		if (r) {
			snprintf(err, len, "setting vcpu %d's affinity (cpus=): %s",
				 t[i].index, strerror(-r));
			free(t);
			return -1;
		}
	}
	free(t);
	return 0;
}
