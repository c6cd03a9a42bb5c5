/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_cpus.c: xl's cpu list syntax for cpus= and cpus_soft=: items
 * "all", "N", "N-M", "nodes:N-M" (or "node:"), each optionally negated
 * with "^", applied left to right to a bitmap sized like libxl sizes a
 * cpu map (the host's cpus rounded up to whole bytes).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlmodel.h"

static int cpumap_alloc(struct xlm_cpumap *m)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	if (m->map)
		return 0;
	m->size = (int)((n > 0 ? n : 1) + 7) / 8;
	m->map = calloc(m->size, 1);
	return m->map ? 0 : -1;
}

static void set_bit(struct xlm_cpumap *m, unsigned long bit, int on)
{
	if (bit >= (unsigned long)m->size * 8)
		return;	/* libxl ignores cpus the host does not have */
	if (on)
		m->map[bit / 8] |= 1 << (bit % 8);
	else
		m->map[bit / 8] &= ~(1 << (bit % 8));
}

/* "N" or "N-M" with nothing after; 0 or -1 */
static int parse_range(const char *s, unsigned long *a, unsigned long *b)
{
	char *end;

	*a = *b = strtoul(s, &end, 10);
	if (end == s || *a == ULONG_MAX)
		return -1;
	if (*end == '-') {
		const char *n = end + 1;

		*b = strtoul(n, &end, 10);
		if (end == n || *b == ULONG_MAX || *b < *a)
			return -1;
	}
	return *end ? -1 : 0;
}

/* Sets or clears the cpus of NUMA node `node'. */
static int node_cpus(unsigned long node, struct xlm_cpumap *m, int on)
{
	char path[64], list[4096], *item, *save = NULL;
	FILE *f;
	unsigned long a, b;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%lu/cpulist",
		 node);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(list, sizeof(list), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	list[strcspn(list, "\n")] = 0;
	for (item = strtok_r(list, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		if (parse_range(item, &a, &b))
			return -1;
		for (; a <= b; a++)
			set_bit(m, a, on);
	}
	return 0;
}

static int item(const char *where, const char *s, struct xlm_cpumap *m)
{
	int neg = 0, nodes = 0;
	unsigned long a, b;

	if (*s == '^') {
		neg = 1;
		s++;
	}
	if (!strncmp(s, "node:", 5)) {
		nodes = 1;
		s += 5;
	} else if (!strncmp(s, "nodes:", 6)) {
		nodes = 1;
		s += 6;
	}
	if (!strcmp(s, "all")) {
		if (neg) {
			xlm_spec_error(where, "can't combine \"^\" and \"all\"");
			return -1;
		}
		memset(m->map, 0xff, m->size);
		return 0;
	}
	if (parse_range(s, &a, &b)) {
		xlm_spec_error(where, "invalid pcpu range: %s", s);
		return -1;
	}
	for (; a <= b; a++) {
		if (!nodes) {
			set_bit(m, a, !neg);
		} else if (node_cpus(a, m, !neg)) {
			xlm_spec_error(where, "no NUMA node %lu on this host", a);
			return -1;
		}
	}
	return 0;
}

int xlm_parse_cpurange(const char *where, const char *s,
		       struct xlm_cpumap *map)
{
	char *buf = strdup(s), *p, *save = NULL;
	int e = buf && !cpumap_alloc(map) ? 0 : -1;

	for (p = e ? NULL : strtok_r(buf, ",", &save); p && !e;
	     p = strtok_r(NULL, ",", &save))
		e = item(where, p, map);
	free(buf);
	return e;
}

void xlm_cpumap_and(struct xlm_cpumap *m, const struct xlm_cpumap *mask)
{
	int i;

	for (i = 0; mask->map && i < m->size; i++)
		m->map[i] &= i < mask->size ? mask->map[i] : 0;
}

static bool cpumap_full(const struct xlm_cpumap *m)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	long i;

	for (i = 0; m->map && i < n; i++)
		if (i / 8 >= m->size || !(m->map[i / 8] & (1 << (i % 8))))
			return false;
	return true;
}

static bool cpumap_empty(const struct xlm_cpumap *m)
{
	int i;

	for (i = 0; i < m->size; i++)
		if (m->map[i])
			return false;
	return true;
}

int xlm_apply_affinity_masks(struct xlm_domain *d, const struct xlm_cpumap *vm,
			     const struct xlm_cpumap *type)
{
	struct xlm_b_info *b = &d->b_info;
	int i, n = b->max_vcpus > 0 ? b->max_vcpus : 1;

	if (!b->num_vcpu_hard_affinity && (!cpumap_full(vm) || !cpumap_full(type))) {
		b->vcpu_hard_affinity = calloc((size_t)n, sizeof(*b->vcpu_hard_affinity));
		if (!b->vcpu_hard_affinity)
			return -1;
		b->num_vcpu_hard_affinity = n;
		for (i = 0; i < n; i++)
			if (xlm_parse_cpurange("vm.cpumask", "all", &b->vcpu_hard_affinity[i]))
				return -1;
	}
	for (i = 0; i < b->num_vcpu_hard_affinity; i++) {
		xlm_cpumap_and(&b->vcpu_hard_affinity[i], vm);
		xlm_cpumap_and(&b->vcpu_hard_affinity[i], type);
		if (cpumap_empty(&b->vcpu_hard_affinity[i])) {
			fprintf(stderr, "xl: vcpu %d of domain %s has no cpu left once xl.conf's vm.cpumask and vm.%s.cpumask are applied\n",
				i, d->c_info.name ? d->c_info.name : "", b->type == XLM_TYPE_PV ? "pv" : "hvm");
			return -1;
		}
	}
	return 0;
}
