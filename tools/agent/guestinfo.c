/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest's facts (see guestinfo.h). */
#include "tools/agent/guestinfo.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static FILE *open_in(const char *root, const char *rel)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", root, rel) >= (int)sizeof(path))
		return NULL;
	return fopen(path, "re");
}

/* The first line of root/rel without its newline; "" when unreadable. */
static void read_line(const char *root, const char *rel, char *buf, size_t size)
{
	FILE *f = open_in(root, rel);

	if (!f || !fgets(buf, (int)size, f))
		buf[0] = '\0';
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

/*
 * An os-release value, in place: shell-style quotes removed; inside double
 * quotes a backslash escapes the next character.
 */
static char *unquote(char *v)
{
	char q = *v, *in = v + 1, *out = v;

	if (q != '"' && q != '\'')
		return v;
	while (*in && *in != q) {
		if (q == '"' && *in == '\\' && in[1])
			in++;
		*out++ = *in++;
	}
	*out = '\0';
	return v;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

void guestinfo_os(const char *root, struct guestinfo_os *os)
{
	FILE *f = open_in(root, "etc/os-release");
	char line[512];

	memset(os, 0, sizeof(*os));
	copy(os->name, sizeof(os->name), "Linux");
	if (!f)
		f = open_in(root, "usr/lib/os-release");
	while (f && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *v;

		if (!eq)
			continue;
		line[strcspn(line, "\n")] = '\0';
		*eq = '\0';
		v = unquote(eq + 1);
		if (!strcmp(line, "PRETTY_NAME") && *v) {
			copy(os->name, sizeof(os->name), v);
		} else if (!strcmp(line, "ID")) {
			copy(os->distro, sizeof(os->distro), v);
		} else if (!strcmp(line, "VERSION_ID")) {
			char *dot = strchr(v, '.');

			if (dot) {
				*dot = '\0';
				copy(os->minor, sizeof(os->minor), dot + 1);
			}
			copy(os->major, sizeof(os->major), v);
		}
	}
	if (f)
		fclose(f);
	read_line(root, "proc/sys/kernel/osrelease", os->uname, sizeof(os->uname));
}

void guestinfo_meminfo(const char *root, long long *total_kb, long long *free_kb)
{
	FILE *f = open_in(root, "proc/meminfo");
	char line[256];
	long long avail = -1, mfree = -1;

	*total_kb = -1;
	while (f && fgets(line, sizeof(line), f)) {
		long long v;

		if (sscanf(line, "MemTotal: %lld", &v) == 1)
			*total_kb = v;
		else if (sscanf(line, "MemAvailable: %lld", &v) == 1)
			avail = v;
		else if (sscanf(line, "MemFree: %lld", &v) == 1)
			mfree = v;
	}
	if (f)
		fclose(f);
	*free_kb = avail >= 0 ? avail : mfree;
}

/* A bound device shows as a link named after it (virtio0, ...). */
bool guestinfo_balloon(const char *root)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *e;
	bool bound = false;

	if (snprintf(path, sizeof(path), "%s/sys/bus/virtio/drivers/virtio_balloon",
		     root) >= (int)sizeof(path) || !(d = opendir(path)))
		return false;
	while (!bound && (e = readdir(d)))
		bound = !strncmp(e->d_name, "virtio", 6);
	closedir(d);
	return bound;
}

bool guestinfo_nic_by_mac(const char *root, const char *mac, char ifname[IF_NAMESIZE])
{
	char path[PATH_MAX], addr[64];
	DIR *d;
	struct dirent *e;
	bool found = false;

	if (snprintf(path, sizeof(path), "%s/sys/class/net", root) >= (int)sizeof(path) ||
	    !(d = opendir(path)))
		return false;
	while (!found && (e = readdir(d))) {
		char rel[64 + NAME_MAX];

		if (e->d_name[0] == '.' || strlen(e->d_name) >= IF_NAMESIZE)
			continue;
		snprintf(rel, sizeof(rel), "sys/class/net/%s/address", e->d_name);
		read_line(root, rel, addr, sizeof(addr));
		if (*addr && !strcasecmp(addr, mac)) {
			copy(ifname, IF_NAMESIZE, e->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

void guestinfo_addrs(const struct ifaddrs *list, const char *ifname,
		     struct guestinfo_addrs *out)
{
	memset(out, 0, sizeof(*out));
	for (const struct ifaddrs *a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || (a->ifa_flags & IFF_LOOPBACK) ||
		    strcmp(a->ifa_name, ifname))
			continue;
		if (a->ifa_addr->sa_family == AF_INET && out->n4 < GUESTINFO_MAX_ADDRS)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)a->ifa_addr)->sin_addr,
				  out->v4[out->n4++], INET_ADDRSTRLEN);
		else if (a->ifa_addr->sa_family == AF_INET6 && out->n6 < GUESTINFO_MAX_ADDRS)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)a->ifa_addr)->sin6_addr,
				  out->v6[out->n6++], INET6_ADDRSTRLEN);
	}
}
