/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A vif's devid, tap name, script and XenStore paths (vif.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vif.h"
#include "xs_path.h"

static int fit(int n, size_t len)
{
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int xlrt_vif_devid(const struct xlm_nic *n, int index)
{
	return n->devid >= 0 ? n->devid : index;
}

int xlrt_vif_tap_open(const char *ifname)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	int fd, e;

	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -ENAMETOOLONG;
	strcpy(ifr.ifr_name, ifname);
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int xlrt_vif_ifname(char *buf, size_t len, unsigned int domid,
		    const struct xlm_nic *n, int devid)
{
	int r;

	if (n->ifname && *n->ifname)
		r = snprintf(buf, len, "%s", n->ifname);
	else
		r = snprintf(buf, len, "vif%u.%d", domid, devid);
	if (fit(r, len) || r >= IFNAMSIZ)
		return -ENAMETOOLONG;
	return 0;
}

const char *xlrt_vif_qemu_device(const struct xlm_nic *n, bool hvm, bool xen)
{
	if (xen)
		return "xen-net-device";
	if (!hvm || n->nictype == XLM_NIC_VIF || !n->model ||
	    !strcmp(n->model, "virtio") || !strcmp(n->model, "virtio-net"))
		return "virtio-net-pci";
	return n->model;
}

int xlrt_vif_script_path(char *buf, size_t len, const char *script)
{
	const char *dir = getenv("XEN_KVM_SCRIPTS_DIR");
	const char *root = getenv("XEN_KVM_ROOT");
	char def[4096];
	size_t dl = strlen(XLRT_XEN_SCRIPT_DIR);

	if (!dir || !*dir) {
		if (fit(snprintf(def, sizeof(def), "%s%s", root ? root : "",
				 XLRT_XEN_SCRIPT_DIR), sizeof(def)))
			return -ENAMETOOLONG;
		dir = def;
	}
	if (!script || !*script)
		return -EINVAL;
	if (script[0] != '/')
		return fit(snprintf(buf, len, "%s/%s", dir, script), len);
	if (!strncmp(script, XLRT_XEN_SCRIPT_DIR "/", dl + 1))
		return fit(snprintf(buf, len, "%s/%s", dir, script + dl + 1),
			   len);
	return fit(snprintf(buf, len, "%s", script), len);
}

int xlrt_vif_backend_path(char *buf, size_t len, unsigned int domid,
			  int devid)
{
	return xlrt_xs_backend_path(buf, len, 0, "vif", domid, devid) < 0 ?
	       -ENAMETOOLONG : 0;
}

int xlrt_vif_frontend_path(char *buf, size_t len, unsigned int domid,
			   int devid)
{
	return xlrt_xs_dom_path(buf, len, domid, "device/vif/%d", devid) < 0 ?
	       -ENAMETOOLONG : 0;
}
