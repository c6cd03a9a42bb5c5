/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_fmt.h: the pure parts of the host and domain commands: Xen 4.17's
 * output formats (xl info, uptime, vcpu-list, block-list, xentop's batch
 * table) and memory sizes (cpu lists: xlm_parse_cpurange, spec_cpus.c). No I/O besides
 * the FILE given; tests/unit/xlcmd/ checks them against Xen's strings.
 */
#ifndef XL_FMT_H
#define XL_FMT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

/* ---- xl info: "%-23s: value" lines in Xen's order */
struct xlf_info {
	const char *host, *release, *version, *machine;
	int nr_cpus, max_cpu_id, nr_nodes, cores_per_socket, threads_per_core;
	unsigned int cpu_khz;
	uint32_t hw_caps[8];
	const char *virt_caps;	/* " hvm hap": each cap with a leading space */
	uint64_t total_mb, free_mb;
	int free_cpus;
	int xen_major, xen_minor;
	const char *xen_extra, *xen_caps, *xen_scheduler;
	unsigned int pagesize;
	uint64_t virt_start;
	const char *changeset, *commandline, *cc_compiler, *cc_compile_by,
		   *cc_compile_domain, *cc_compile_date, *build_id;
};
/* One "key                    : value" line. */
void xlf_info_line(FILE *f, const char *key, const char *val);
/* host .. free_cpus (libxl's node and physical info). */
void xlf_info_phys(FILE *f, const struct xlf_info *in);
/* xen_major .. build_id, then xend_config_format. */
void xlf_info_xen(FILE *f, const struct xlf_info *in);

/* xl info -n */
struct xlf_cpu_topo { int core, socket, node; };
void xlf_info_topology(FILE *f, const struct xlf_cpu_topo *cpus, int n);
struct xlf_numa_node {
	uint64_t size_mb, free_mb;
	const unsigned int *dists;
	int ndists;
};
void xlf_info_numa(FILE *f, const struct xlf_numa_node *nodes, int n);

/* ---- xl uptime */
/* Xen's uptime_to_string: "[D day(s), ]HH:MM[:SS]" (short: no seconds). */
void xlf_uptime_str(char *buf, size_t len, unsigned long secs, bool short_mode);
void xlf_uptime_header(FILE *f);
void xlf_uptime_row(FILE *f, const char *name, unsigned int domid,
		    unsigned long secs);
/* -s: " HH:MM:SS up <uptime>, <name> (<domid>)" (now in local time) */
void xlf_uptime_short(FILE *f, time_t now, const char *name,
		      unsigned int domid, unsigned long secs);

/* ---- cpu maps: bit i of map[i / 8] */
/* Xen's print_bitmap: "all", "none", "0-3,5". */
void xlf_bitmap(FILE *f, const uint8_t *map, int nbits);
/* ---- xl mem-set/mem-max sizes: N[bBkKmMgGtT], no suffix = MiB; -1 bad */
int64_t xlf_parse_mem_kb(const char *s);

/* ---- xl vcpu-list */
struct xlf_vcpu {
	const char *name;
	unsigned int domid, vcpuid;
	bool online, running, blocked;
	unsigned int cpu;
	double time_s;
	const uint8_t *hard, *soft;	/* nbits each */
};
void xlf_vcpu_header(FILE *f);
void xlf_vcpu_row(FILE *f, const struct xlf_vcpu *v, int nbits);

/* ---- xl block-list */
struct xlf_vbd {
	int devid, backend_id, frontend_id, state, evtch, rref;
	const char *be_path;
};
void xlf_block_header(FILE *f);
void xlf_block_row(FILE *f, const struct xlf_vbd *b);

/* ---- xl network-list (Xen's columns; MAC as the frontend has it) */
struct xlf_vif {
	int devid, backend_id, state, evtch, rref_tx, rref_rx;
	const char *mac, *be_path;
};
void xlf_nic_header(FILE *f);
void xlf_nic_row(FILE *f, const struct xlf_vif *v);

/* ---- xl top (xentop's table) */
struct xlf_top {
	const char *name;
	char state[7];		/* "--b---": d s b c p r, as xentop */
	uint64_t cpu_s;
	double cpu_pct;
	uint64_t mem_kb, maxmem_kb;	/* maxmem 0: no limit */
	double mem_pct, maxmem_pct;
	unsigned int vcpus, nets, vbds, ssid;
	uint64_t net_tx_kb, net_rx_kb, vbd_oo, vbd_rd, vbd_wr, vbd_rsect,
		 vbd_wsect;
};
void xlf_top_header(FILE *f);
void xlf_top_row(FILE *f, const struct xlf_top *t);

/* ---- xl -N block-attach / network-attach: "<label>: <libxl JSON>", the
 * line Xen's check-xl-disk-parse and check-xl-vif-parse compare; puts o */
void xlf_device_json(FILE *f, const char *label, json_object *o);

#endif
