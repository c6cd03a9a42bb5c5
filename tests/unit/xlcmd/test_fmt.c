/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_fmt.c: cmocka tests of xl_fmt.c against Xen 4.17's exact strings:
 * xl info (the real output in seed 004), uptime, vcpu-list, block-list,
 * xentop's batch table, the cpu-list syntax (as vcpu-pin takes it) and
 * memory sizes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xl_fmt.h"
#include "xlmodel.h"

static char *buf;
static size_t len;

static FILE *out(void)
{
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	return f;
}

static const char *done(FILE *f)
{
	fclose(f);
	return buf;
}

/* Drop trailing blanks of each line (the seed was stored without them). */
static char *rstrip_lines(const char *s)
{
	char *r = malloc(strlen(s) + 1), *w = r;

	for (; *s; s++) {
		if (*s == '\n')
			while (w > r && w[-1] == ' ')
				w--;
		*w++ = *s;
	}
	*w = '\0';
	return r;
}

/* Seed 004: a real `xl info' of Xen 4.19.1 (the format is 4.17's). */
static const char seed_info[] =
	"host                   : saphir.local\n"
	"release                : 6.12.20-0-lts\n"
	"version                : #1-Alpine SMP PREEMPT_DYNAMIC 2025-03-24 08:09:11\n"
	"machine                : x86_64\n"
	"nr_cpus                : 12\n"
	"max_cpu_id             : 11\n"
	"nr_nodes               : 1\n"
	"cores_per_socket       : 6\n"
	"threads_per_core       : 2\n"
	"cpu_mhz                : 1689.603\n"
	"hw_caps                : bfebfbff:77faf3ff:2c100800:00000121:0000000f:239c27eb:9840078c:00000100\n"
	"virt_caps              : pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share vmtrace gnttab-v1 gnttab-v2\n"
	"total_memory           : 7933\n"
	"free_memory            : 2341\n"
	"sharing_freed_memory   : 0\n"
	"sharing_used_memory    : 0\n"
	"outstanding_claims     : 0\n"
	"free_cpus              : 0\n"
	"xen_major              : 4\n"
	"xen_minor              : 19\n"
	"xen_extra              : .1\n"
	"xen_version            : 4.19.1\n"
	"xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64\n"
	"xen_scheduler          : credit2\n"
	"xen_pagesize           : 4096\n"
	"platform_params        : virt_start=0xffff800000000000\n"
	"xen_changeset          :\n"
	"xen_commandline        : placeholder loglevel=0 console=null dom0_mem=512M,max:1024M no-real-mode edd=off\n"
	"cc_compiler            : gcc (Alpine 14.2.0) 14.2.0\n"
	"cc_compile_by          : buildozer\n"
	"cc_compile_domain      :\n"
	"cc_compile_date        : Thu Dec  5 07:41:26 UTC 2024\n"
	"build_id               : 15af702fbe87428a0a43890ac319043c8d0ec991\n"
	"xend_config_format     : 4\n";

static void test_info_seed(void **state)
{
	struct xlf_info in = {
		.host = "saphir.local", .release = "6.12.20-0-lts",
		.version = "#1-Alpine SMP PREEMPT_DYNAMIC 2025-03-24 08:09:11",
		.machine = "x86_64", .nr_cpus = 12, .max_cpu_id = 11,
		.nr_nodes = 1, .cores_per_socket = 6, .threads_per_core = 2,
		.cpu_khz = 1689603,
		.hw_caps = { 0xbfebfbff, 0x77faf3ff, 0x2c100800, 0x121, 0xf,
			     0x239c27eb, 0x9840078c, 0x100 },
		.virt_caps = " pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share vmtrace gnttab-v1 gnttab-v2",
		.total_mb = 7933, .free_mb = 2341, .xen_major = 4,
		.xen_minor = 19, .xen_extra = ".1",
		.xen_caps = "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
		.xen_scheduler = "credit2", .pagesize = 4096,
		.virt_start = 0xffff800000000000ULL, .changeset = "",
		.commandline = "placeholder loglevel=0 console=null dom0_mem=512M,max:1024M no-real-mode edd=off",
		.cc_compiler = "gcc (Alpine 14.2.0) 14.2.0",
		.cc_compile_by = "buildozer", .cc_compile_domain = "",
		.cc_compile_date = "Thu Dec  5 07:41:26 UTC 2024",
		.build_id = "15af702fbe87428a0a43890ac319043c8d0ec991",
	};
	FILE *f = out();
	char *s;

	(void)state;
	xlf_info_phys(f, &in);
	xlf_info_xen(f, &in);
	done(f);
	/* Xen's "%s\n" after ": " leaves a blank on empty values */
	assert_non_null(strstr(buf, "xen_changeset          : \n"));
	s = rstrip_lines(buf);
	assert_string_equal(s, seed_info);
	free(s);
}

static void test_info_empty_caps(void **state)
{
	FILE *f = out();

	(void)state;
	xlf_info_line(f, "host", "h");
	fprintf(f, "%-23s:%s\n", "virt_caps", "");
	assert_string_equal(done(f), "host                   : h\n"
			    "virt_caps              :\n");
}

static void test_info_numa(void **state)
{
	struct xlf_cpu_topo cpus[3] = { { 0, 0, 0 }, { -1, 0, 0 }, { 1, 0, 1 } };
	unsigned int d0[2] = { 10, 21 }, d1[2] = { 21, 10 };
	struct xlf_numa_node nodes[2] = { { 7933, 2341, d0, 2 },
					  { 512, 100, d1, 2 } };
	FILE *f = out();

	(void)state;
	xlf_info_topology(f, cpus, 3);
	xlf_info_numa(f, nodes, 2);
	assert_string_equal(done(f),
		"cpu_topology           :\n"
		"cpu:    core    socket     node\n"
		"  0:       0        0        0\n"
		"  2:       1        0        1\n"
		"numa_info              :\n"
		"node:    memsize    memfree    distances\n"
		"   0:      7933       2341      10,21\n"
		"   1:       512        100      21,10\n");
}

static void test_uptime(void **state)
{
	char s[64];
	FILE *f;

	(void)state;
	xlf_uptime_str(s, sizeof(s), 0, false);
	assert_string_equal(s, " 0:00:00");
	xlf_uptime_str(s, sizeof(s), 3 * 3600 + 62, false);
	assert_string_equal(s, " 3:01:02");
	xlf_uptime_str(s, sizeof(s), 86400 + 11 * 3600 + 5 * 60 + 9, false);
	assert_string_equal(s, "1 day, 11:05:09");
	xlf_uptime_str(s, sizeof(s), 3 * 86400 + 60, false);
	assert_string_equal(s, "3 days,  0:01:00");
	xlf_uptime_str(s, sizeof(s), 3 * 86400 + 60, true);
	assert_string_equal(s, "3 days,  0:01");
	xlf_uptime_str(s, sizeof(s), 59, true);
	assert_string_equal(s, " 0:00");
	f = out();
	xlf_uptime_header(f);
	xlf_uptime_row(f, "Domain-0", 0, 90061);
	xlf_uptime_row(f, "guest", 12, 5);
	assert_string_equal(done(f),
		"Name                                ID Uptime\n"
		"Domain-0                             0 1 day,  1:01:01\n"
		"guest                               12  0:00:05\n");
	setenv("TZ", "UTC", 1);
	f = out();
	xlf_uptime_short(f, 3723, "guest", 3, 7260);
	assert_string_equal(done(f), " 01:02:03 up  2:01, guest (3)\n");
}

static void test_bitmap(void **state)
{
	uint8_t all[2] = { 0xff, 0x0f }, none[2] = { 0, 0 },
		some[2] = { 0x2f, 0x0a }, one[2] = { 0, 0x08 };
	FILE *f = out();

	(void)state;
	xlf_bitmap(f, all, 12);
	fputc('|', f);
	xlf_bitmap(f, none, 12);
	fputc('|', f);
	xlf_bitmap(f, some, 12);
	fputc('|', f);
	xlf_bitmap(f, one, 12);
	fputc('|', f);
	xlf_bitmap(f, all, 16);
	assert_string_equal(done(f), "all|none|0-3,5,9,11|11|0-11");
}

/* xl's cpu list syntax (xlm_parse_cpurange, shared with cpus=) as
 * vcpu-pin uses it, printed back the way vcpu-list does */
static const char *cpus(const char *s)
{
	static char text[64];
	uint8_t map[2] = { 0, 0 };
	struct xlm_cpumap m = { map, 2 };
	FILE *f;

	if (xlm_parse_cpurange("test", s, &m))
		return "ERR";
	f = open_memstream(&buf, &len);
	xlf_bitmap(f, map, 12);
	fclose(f);
	snprintf(text, sizeof(text), "%s", buf);
	free(buf);
	buf = NULL;
	return text;
}

static void test_cpurange(void **state)
{
	(void)state;
	assert_string_equal(cpus("all"), "all");
	assert_string_equal(cpus("0-3,^2"), "0-1,3");
	assert_string_equal(cpus("5"), "5");
	assert_string_equal(cpus("all,^0"), "1-11");
	assert_string_equal(cpus("0-7,^2-3,10"), "0-1,4-7,10");
	assert_string_equal(cpus("3,40"), "3");	/* beyond the host: ignored */
	assert_string_equal(cpus("^all"), "ERR");
	assert_string_equal(cpus("3-1"), "ERR");
	assert_string_equal(cpus("x"), "ERR");
	assert_string_equal(cpus("1-"), "ERR");
	assert_string_equal(cpus("1x"), "ERR");
}

static void test_mem_size(void **state)
{
	(void)state;
	assert_int_equal(xlf_parse_mem_kb("256"), 256 * 1024);
	assert_int_equal(xlf_parse_mem_kb("256m"), 256 * 1024);
	assert_int_equal(xlf_parse_mem_kb("256M"), 256 * 1024);
	assert_int_equal(xlf_parse_mem_kb("1g"), 1024 * 1024);
	assert_int_equal(xlf_parse_mem_kb("2G"), 2 * 1024 * 1024);
	assert_int_equal(xlf_parse_mem_kb("1t"), 1024LL * 1024 * 1024);
	assert_int_equal(xlf_parse_mem_kb("4096k"), 4096);
	assert_int_equal(xlf_parse_mem_kb("1048576b"), 1024);
	assert_int_equal(xlf_parse_mem_kb("1mb"), -1);
	assert_int_equal(xlf_parse_mem_kb("1x"), -1);
	assert_int_equal(xlf_parse_mem_kb(""), -1);
	assert_int_equal(xlf_parse_mem_kb("m"), -1);
}

static void test_vcpu_list(void **state)
{
	uint8_t all[1] = { 0x0f }, some[1] = { 0x05 };
	struct xlf_vcpu v = { "Domain-0", 0, 0, true, false, true, 3, 9.54,
			      all, all };
	FILE *f = out();

	(void)state;
	xlf_vcpu_header(f);
	xlf_vcpu_row(f, &v, 4);
	v.name = "guest";
	v.domid = 7;
	v.vcpuid = 1;
	v.running = true;
	v.blocked = false;
	v.cpu = 2;
	v.time_s = 123.45;
	v.hard = some;
	xlf_vcpu_row(f, &v, 4);
	v.online = false;
	xlf_vcpu_row(f, &v, 4);
	assert_string_equal(done(f),
		"Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n"
		"Domain-0                             0     0    3   -b-       9.5  all / all\n"
		"guest                                7     1    2   r--     123.5  0,2 / all\n"
		"guest                                7     1    -   --p     123.5  0,2 / all\n");
}

static void test_block_list(void **state)
{
	struct xlf_vbd b = { 51712, 0, 4, 4, -1, -1,
			     "/local/domain/0/backend/vbd/4/51712" };
	FILE *f = out();

	(void)state;
	xlf_block_header(f);
	xlf_block_row(f, &b);
	assert_string_equal(done(f),
		"Vdev  BE  handle state evt-ch ring-ref BE-path                       \n"
		"51712 0   4      4     -1     -1       /local/domain/0/backend/vbd/4/51712\n");
}

static void test_top(void **state)
{
	struct xlf_top t = { .name = "Domain-0", .state = "-----r",
			     .cpu_s = 1234, .cpu_pct = 2.5, .mem_kb = 524288,
			     .mem_pct = 6.5, .vcpus = 12, .ssid = 0 };
	FILE *f = out();

	(void)state;
	xlf_top_header(f);
	xlf_top_row(f, &t);
	t.name = "a-very-long-guest-name";
	snprintf(t.state, sizeof(t.state), "--b---");
	t.maxmem_kb = 1048576;
	t.maxmem_pct = 12.9;
	t.nets = 1;
	t.vbds = 2;
	t.vbd_rd = 10;
	t.vbd_wr = 3;
	t.vbd_rsect = 80;
	t.vbd_wsect = 24;
	xlf_top_row(f, &t);
	assert_string_equal(done(f),
		"      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
		"  Domain-0 -----r       1234    2.5     524288    6.5   no limit       n/a    12    0        0        0    0        0        0        0          0          0    0\n"
		"a-very-lon --b---       1234    2.5     524288    6.5    1048576      12.9    12    1        0        0    2        0       10        3         80         24    0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_seed),
		cmocka_unit_test(test_info_empty_caps),
		cmocka_unit_test(test_info_numa),
		cmocka_unit_test(test_uptime),
		cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_cpurange),
		cmocka_unit_test(test_mem_size),
		cmocka_unit_test(test_vcpu_list),
		cmocka_unit_test(test_block_list),
		cmocka_unit_test(test_top),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(buf);
	return r;
}
