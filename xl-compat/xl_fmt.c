/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_fmt.c: Xen 4.17's output formats and input syntaxes for the host and
 * domain commands (see xl_fmt.h). Format strings follow tools/xl and
 * tools/xentop; no Xen code is copied.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xl_fmt.h"
#include "xlmodel.h"

void xlf_info_line(FILE *f, const char *key, const char *val)
{
	fprintf(f, "%-23s: %s\n", key, val);
}

static void info_u(FILE *f, const char *key, uint64_t v)
{
	fprintf(f, "%-23s: %" PRIu64 "\n", key, v);
}

static void info_d(FILE *f, const char *key, int v)
{
	fprintf(f, "%-23s: %d\n", key, v);
}

void xlf_info_phys(FILE *f, const struct xlf_info *in)
{
	const uint32_t *c = in->hw_caps;

	xlf_info_line(f, "host", in->host);
	xlf_info_line(f, "release", in->release);
	xlf_info_line(f, "version", in->version);
	xlf_info_line(f, "machine", in->machine);
	info_d(f, "nr_cpus", in->nr_cpus);
	info_d(f, "max_cpu_id", in->max_cpu_id);
	info_d(f, "nr_nodes", in->nr_nodes);
	info_d(f, "cores_per_socket", in->cores_per_socket);
	info_d(f, "threads_per_core", in->threads_per_core);
	fprintf(f, "%-23s: %u.%03u\n", "cpu_mhz", in->cpu_khz / 1000,
		in->cpu_khz % 1000);
	fprintf(f, "%-23s: %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n",
		"hw_caps", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
	/* Xen prints each cap with its own leading space */
	fprintf(f, "%-23s:%s\n", "virt_caps", in->virt_caps);
	info_u(f, "total_memory", in->total_mb);
	info_u(f, "free_memory", in->free_mb);
	info_u(f, "sharing_freed_memory", 0);
	info_u(f, "sharing_used_memory", 0);
	info_u(f, "outstanding_claims", 0);
	info_d(f, "free_cpus", in->free_cpus);
}

void xlf_info_xen(FILE *f, const struct xlf_info *in)
{
	info_d(f, "xen_major", in->xen_major);
	info_d(f, "xen_minor", in->xen_minor);
	xlf_info_line(f, "xen_extra", in->xen_extra);
	fprintf(f, "%-23s: %d.%d%s\n", "xen_version", in->xen_major,
		in->xen_minor, in->xen_extra);
	xlf_info_line(f, "xen_caps", in->xen_caps);
	xlf_info_line(f, "xen_scheduler", in->xen_scheduler);
	fprintf(f, "%-23s: %u\n", "xen_pagesize", in->pagesize);
	fprintf(f, "%-23s: virt_start=0x%" PRIx64 "\n", "platform_params",
		in->virt_start);
	xlf_info_line(f, "xen_changeset", in->changeset);
	xlf_info_line(f, "xen_commandline", in->commandline);
	xlf_info_line(f, "cc_compiler", in->cc_compiler);
	xlf_info_line(f, "cc_compile_by", in->cc_compile_by);
	xlf_info_line(f, "cc_compile_domain", in->cc_compile_domain);
	xlf_info_line(f, "cc_compile_date", in->cc_compile_date);
	if (in->build_id)
		xlf_info_line(f, "build_id", in->build_id);
	info_d(f, "xend_config_format", 4);
}

void xlf_info_topology(FILE *f, const struct xlf_cpu_topo *cpus, int n)
{
	int i;

	fprintf(f, "cpu_topology           :\n");
	fprintf(f, "cpu:    core    socket     node\n");
	for (i = 0; i < n; i++)
		if (cpus[i].core >= 0)
			fprintf(f, "%3d:    %4d     %4d     %4d\n", i,
				cpus[i].core, cpus[i].socket, cpus[i].node);
}

void xlf_info_numa(FILE *f, const struct xlf_numa_node *nodes, int n)
{
	int i, j;

	fprintf(f, "numa_info              :\n");
	fprintf(f, "node:    memsize    memfree    distances\n");
	for (i = 0; i < n; i++) {
		fprintf(f, "%4d:    %6" PRIu64 "     %6" PRIu64 "      %u", i,
			nodes[i].size_mb, nodes[i].free_mb,
			nodes[i].ndists ? nodes[i].dists[0] : 0);
		for (j = 1; j < nodes[i].ndists; j++)
			fprintf(f, ",%u", nodes[i].dists[j]);
		fputc('\n', f);
	}
}

void xlf_uptime_str(char *buf, size_t len, unsigned long secs, bool short_mode)
{
	unsigned long day = secs / 86400, hour = secs / 3600 % 24,
		      min = secs / 60 % 60, sec = secs % 60;
	char days[32] = "";

	if (day)
		snprintf(days, sizeof(days), "%lu day%s, ", day,
			 day > 1 ? "s" : "");
	if (short_mode)
		snprintf(buf, len, "%s%2lu:%02lu", days, hour, min);
	else
		snprintf(buf, len, "%s%2lu:%02lu:%02lu", days, hour, min, sec);
}

void xlf_uptime_header(FILE *f)
{
	fprintf(f, "%-33s %4s %s\n", "Name", "ID", "Uptime");
}

void xlf_uptime_row(FILE *f, const char *name, unsigned int domid,
		    unsigned long secs)
{
	char up[64];

	xlf_uptime_str(up, sizeof(up), secs, false);
	fprintf(f, "%-33s %4u %s\n", name, domid, up);
}

void xlf_uptime_short(FILE *f, time_t now, const char *name,
		      unsigned int domid, unsigned long secs)
{
	char up[64], t[16] = "";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(t, sizeof(t), "%H:%M:%S", &tm);
	xlf_uptime_str(up, sizeof(up), secs, true);
	fprintf(f, " %s up %s, %s (%u)\n", t, up, name, domid);
}

static bool bit(const uint8_t *map, int i)
{
	return map[i / 8] & (1u << (i % 8));
}

static void range(FILE *f, bool first, int a, int b)
{
	fprintf(f, "%s%d", first ? "" : ",", a);
	if (b > a)
		fprintf(f, "-%d", b);
}

void xlf_bitmap(FILE *f, const uint8_t *map, int nbits)
{
	int i, start = -1;
	bool first = true;

	for (i = 0; i < nbits && bit(map, i); i++)
		;
	if (nbits > 0 && i == nbits) {
		fputs("all", f);
		return;
	}
	for (i = 0; i <= nbits; i++) {
		if (i < nbits && bit(map, i)) {
			if (start < 0)
				start = i;
		} else if (start >= 0) {
			range(f, first, start, i - 1);
			first = false;
			start = -1;
		}
	}
	if (first)
		fputs("none", f);
}

int64_t xlf_parse_mem_kb(const char *s)
{
	char *end;
	int64_t kb = strtoll(s, &end, 10);

	if (end == s || strlen(end) > 1 || kb < 0)
		return -1;
	switch (tolower((unsigned char)*end)) {
	case 't':
		return kb << 30;
	case 'g':
		return kb << 20;
	case '\0':
	case 'm':
		return kb << 10;
	case 'k':
		return kb;
	case 'b':
		return kb >> 10;
	default:
		return -1;
	}
}

void xlf_vcpu_header(FILE *f)
{
	fprintf(f, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU",
		"CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
}

void xlf_vcpu_row(FILE *f, const struct xlf_vcpu *v, int nbits)
{
	fprintf(f, "%-32s %5u %5u", v->name, v->domid, v->vcpuid);
	if (!v->online)
		fprintf(f, "%5c %3c%cp ", '-', '-', '-');
	else
		fprintf(f, "%5u %3c%c- ", v->cpu, v->running ? 'r' : '-',
			v->blocked ? 'b' : '-');
	fprintf(f, "%9.1f  ", v->time_s);
	xlf_bitmap(f, v->hard, nbits);
	fputs(" / ", f);
	xlf_bitmap(f, v->soft, nbits);
	fputc('\n', f);
}

void xlf_block_header(FILE *f)
{
	fprintf(f, "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE",
		"handle", "state", "evt-ch", "ring-ref", "BE-path");
}

void xlf_block_row(FILE *f, const struct xlf_vbd *b)
{
	fprintf(f, "%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", b->devid,
		b->backend_id, b->frontend_id, b->state, b->evtch, b->rref,
		b->be_path);
}

void xlf_nic_header(FILE *f)
{
	fprintf(f, "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx",
		"BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-",
		"rx-ring-ref", "BE-path");
}

void xlf_nic_row(FILE *f, const struct xlf_vif *v)
{
	fprintf(f, "%-3d %-2d %-17s%6d %5d %6d %5d/%-11d %-30s\n", v->devid,
		v->backend_id, v->mac, v->devid, v->state, v->evtch,
		v->rref_tx, v->rref_rx, v->be_path);
}

void xlf_top_header(FILE *f)
{
	fprintf(f, "%10s %6s %10s %6s %10s %6s %10s %9s %5s %4s %8s %8s %4s %8s %8s %8s %10s %10s %4s\n",
		"NAME", "STATE", "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)",
		"MAXMEM(k)", "MAXMEM(%)", "VCPUS", "NETS", "NETTX(k)",
		"NETRX(k)", "VBDS", "VBD_OO", "VBD_RD", "VBD_WR", "VBD_RSECT",
		"VBD_WSECT", "SSID");
}

void xlf_top_row(FILE *f, const struct xlf_top *t)
{
	fprintf(f, "%10.10s %s %10" PRIu64 " %6.1f %10" PRIu64 " %6.1f ",
		t->name, t->state, t->cpu_s, t->cpu_pct, t->mem_kb,
		t->mem_pct);
	if (t->maxmem_kb)
		fprintf(f, "%10" PRIu64 " %9.1f ", t->maxmem_kb, t->maxmem_pct);
	else
		fprintf(f, "%10s %9s ", "no limit", "n/a");
	fprintf(f, "%5u %4u %8" PRIu64 " %8" PRIu64 " %4u %8" PRIu64 " %8" PRIu64
		" %8" PRIu64 " %10" PRIu64 " %10" PRIu64 " %4u\n", t->vcpus,
		t->nets, t->net_tx_kb, t->net_rx_kb, t->vbds, t->vbd_oo,
		t->vbd_rd, t->vbd_wr, t->vbd_rsect, t->vbd_wsect, t->ssid);
}

void xlf_device_json(FILE *f, const char *label, json_object *o)
{
	fprintf(f, "%s: ", label);
	xlm_json_print(f, o);
	fputc('\n', f);
	json_object_put(o);
}
