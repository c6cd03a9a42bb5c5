/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the agent's guest-info gatherers against a fake root tree:
 * os-release variants (quotes, escapes, VERSION_ID with and without a dot,
 * the usr/lib fallback, none at all), meminfo with and without MemAvailable,
 * the balloon driver, MAC matching under sys/class/net, and the addresses
 * taken from a getifaddrs() list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools/agent/guestinfo.h"

static char root[] = "/tmp/test-guestinfo.XXXXXX";

/* Writes root/rel, making its directories. */
static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	strcpy(root, "/tmp/test-guestinfo.XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void test_os_release(void **state)
{
	struct guestinfo_os os;

	put("etc/os-release",
	    "NAME=\"Debian GNU/Linux\"\n"
	    "# a comment\n"
	    "PRETTY_NAME=\"Debian \\\"bookworm\\\" 12\"\n"
	    "VERSION_ID=\"12.4.1\"\n"
	    "ID=debian\n");
	put("usr/lib/os-release", "PRETTY_NAME=Other\n");
	put("proc/sys/kernel/osrelease", "6.1.0-26-amd64\n");
	guestinfo_os(root, &os);
	assert_string_equal(os.name, "Debian \"bookworm\" 12");
	assert_string_equal(os.distro, "debian");
	assert_string_equal(os.major, "12");
	assert_string_equal(os.minor, "4.1");
	assert_string_equal(os.uname, "6.1.0-26-amd64");
}

static void test_os_release_fallback(void **state)
{
	struct guestinfo_os os;

	/* only usr/lib/os-release, single quotes, no dot in VERSION_ID */
	put("usr/lib/os-release", "ID='alpine'\nPRETTY_NAME='Alpine Linux v3'\nVERSION_ID=3\n");
	guestinfo_os(root, &os);
	assert_string_equal(os.name, "Alpine Linux v3");
	assert_string_equal(os.distro, "alpine");
	assert_string_equal(os.major, "3");
	assert_string_equal(os.minor, "");
	assert_string_equal(os.uname, "");	/* no proc/ */
}

static void test_os_release_missing(void **state)
{
	struct guestinfo_os os;

	guestinfo_os(root, &os);
	assert_string_equal(os.name, "Linux");
	assert_string_equal(os.distro, "");
	assert_string_equal(os.major, "");
	assert_string_equal(os.minor, "");

	/* an empty PRETTY_NAME leaves the default */
	put("etc/os-release", "PRETTY_NAME=\"\"\nID=x\n");
	guestinfo_os(root, &os);
	assert_string_equal(os.name, "Linux");
	assert_string_equal(os.distro, "x");
}

static void test_meminfo(void **state)
{
	long long total, avail;

	put("proc/meminfo", "MemTotal:        8123456 kB\n"
	    "MemFree:          100000 kB\n"
	    "MemAvailable:    4000000 kB\n"
	    "Buffers:           12345 kB\n");
	guestinfo_meminfo(root, &total, &avail);
	assert_int_equal(total, 8123456);
	assert_int_equal(avail, 4000000);

	/* an old kernel: no MemAvailable, MemFree stands in */
	put("proc/meminfo", "MemTotal:  262144 kB\nMemFree:  200000 kB\n");
	guestinfo_meminfo(root, &total, &avail);
	assert_int_equal(total, 262144);
	assert_int_equal(avail, 200000);
}

static void test_meminfo_missing(void **state)
{
	long long total = 0, avail = 0;

	guestinfo_meminfo(root, &total, &avail);
	assert_int_equal(total, -1);
	assert_int_equal(avail, -1);
}

static void test_balloon(void **state)
{
	char path[512];

	assert_false(guestinfo_balloon(root));
	/* the driver is registered but nothing is bound to it */
	put("sys/bus/virtio/drivers/virtio_balloon/bind", "");
	put("sys/bus/virtio/drivers/virtio_balloon/uevent", "");
	assert_false(guestinfo_balloon(root));
	snprintf(path, sizeof(path), "%s/sys/bus/virtio/drivers/virtio_balloon/virtio2", root);
	assert_int_equal(symlink("../../../../devices/pci0000:00/virtio2", path), 0);
	assert_true(guestinfo_balloon(root));
}

static void test_nic_by_mac(void **state)
{
	char ifname[IF_NAMESIZE] = "";

	put("sys/class/net/lo/address", "00:00:00:00:00:00\n");
	put("sys/class/net/eth0/address", "52:54:00:12:34:56\n");
	put("sys/class/net/enp0s3/address", "00:16:3e:0a:0b:0c\n");
	assert_true(guestinfo_nic_by_mac(root, "00:16:3E:0A:0B:0C", ifname));
	assert_string_equal(ifname, "enp0s3");
	assert_true(guestinfo_nic_by_mac(root, "52:54:00:12:34:56", ifname));
	assert_string_equal(ifname, "eth0");
	assert_false(guestinfo_nic_by_mac(root, "00:16:3e:0a:0b:0d", ifname));
	assert_false(guestinfo_nic_by_mac(root, "00:16:3e:0a:0b:0", ifname));
	assert_false(guestinfo_nic_by_mac(root, "", ifname));
}

static struct sockaddr_in v4(const char *s)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	assert_int_equal(inet_pton(AF_INET, s, &a.sin_addr), 1);
	return a;
}

static struct sockaddr_in6 v6(const char *s)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };

	assert_int_equal(inet_pton(AF_INET6, s, &a.sin6_addr), 1);
	return a;
}

static void test_addrs(void **state)
{
	struct sockaddr_in a1 = v4("10.0.0.5"), a2 = v4("192.168.1.7"),
		other = v4("10.9.9.9"), loop = v4("127.0.0.1");
	struct sockaddr_in6 b1 = v6("fd00::5"), b2 = v6("fe80::5054:ff:fe12:3456");
	struct ifaddrs l[7] = {
		{ .ifa_name = "eth0", .ifa_addr = (struct sockaddr *)&a1 },
		{ .ifa_name = "eth1", .ifa_addr = (struct sockaddr *)&other },
		{ .ifa_name = "eth0", .ifa_addr = (struct sockaddr *)&b1 },
		{ .ifa_name = "eth0", .ifa_addr = NULL },	/* e.g. AF_PACKET-less */
		{ .ifa_name = "eth0", .ifa_addr = (struct sockaddr *)&loop,
		  .ifa_flags = IFF_LOOPBACK },
		{ .ifa_name = "eth0", .ifa_addr = (struct sockaddr *)&a2 },
		{ .ifa_name = "eth0", .ifa_addr = (struct sockaddr *)&b2 },
	};
	struct guestinfo_addrs out;

	for (int i = 0; i < 6; i++)
		l[i].ifa_next = &l[i + 1];
	guestinfo_addrs(l, "eth0", &out);
	assert_int_equal(out.n4, 2);
	assert_string_equal(out.v4[0], "10.0.0.5");
	assert_string_equal(out.v4[1], "192.168.1.7");
	assert_int_equal(out.n6, 2);
	assert_string_equal(out.v6[0], "fd00::5");
	assert_string_equal(out.v6[1], "fe80::5054:ff:fe12:3456");
	guestinfo_addrs(l, "eth2", &out);
	assert_int_equal(out.n4 + out.n6, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_os_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os_release_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os_release_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meminfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meminfo_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_balloon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nic_by_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addrs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
