/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host USB devices for passthrough (usb.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "usb.h"

void xlrt_usbctrl_qdev_id(int devid, char *buf, size_t len)
{
	snprintf(buf, len, "xenusb-%d", devid);
}

void xlrt_usbdev_qdev_id(const struct xlm_usbdev *v, char *buf, size_t len)
{
	snprintf(buf, len, "xenusb-%u-%u", v->hostbus, v->hostaddr);
}

const char *xlrt_usb_qemu_driver(void)
{
	const char *s = getenv("XEN_KVM_USB_STANDIN");

	return s && *s ? s : "usb-host";
}

/* SYSFS/bus/usb/devices/<busid>/<attr> as a number, or -1 */
static long attr(const char *busid, const char *name)
{
	char rel[PATH_MAX], p[PATH_MAX], v[32];
	FILE *f;
	long n = -1;

	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/%s", busid, name);
	if (xlrt_path_sysfs_file(p, sizeof(p), rel) || !(f = fopen(p, "re")))
		return -1;
	if (fgets(v, sizeof(v), f))
		n = strtol(v, NULL, 10);
	fclose(f);
	return n;
}

int xlrt_usb_busid(unsigned int bus, unsigned int addr, char *buf,
		   size_t len)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int r = -ENODEV;

	if (xlrt_path_sysfs_file(dir, sizeof(dir), "bus/usb/devices") ||
	    !(d = opendir(dir)))
		return -ENODEV;
	while (r && (e = readdir(d))) {
		/* devices only: not root hubs (usbN), not interfaces (1-2:1.0) */
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    strchr(e->d_name, ':'))
			continue;
		if (attr(e->d_name, "busnum") == (long)bus &&
		    attr(e->d_name, "devnum") == (long)addr &&
		    strlen(e->d_name) < len) {
			strcpy(buf, e->d_name);
			r = 0;
		}
	}
	closedir(d);
	return r;
}

int xlrt_usb_busaddr(const char *busid, unsigned int *bus,
		     unsigned int *addr)
{
	long b = attr(busid, "busnum"), a = attr(busid, "devnum");

	if (strchr(busid, '/') || b < 0 || a < 0)
		return -ENODEV;
	*bus = (unsigned int)b;
	*addr = (unsigned int)a;
	return 0;
}

int xlrt_usb_prepare(const struct xlm_domain *d, char *err, size_t errlen)
{
	char busid[64];
	int i;

	for (i = 0; i < d->num_usbdevs; i++) {
		const struct xlm_usbdev *v = &d->usbdevs[i];

		if (xlrt_usb_busid(v->hostbus, v->hostaddr, busid,
				   sizeof(busid))) {
			snprintf(err, errlen, "usbdev hostbus=%u,hostaddr=%u: no "
				 "such USB device on this host", v->hostbus,
				 v->hostaddr);
			return -ENODEV;
		}
	}
	return 0;
}
