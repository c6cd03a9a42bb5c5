/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host USB devices for passthrough (usbctrl=/usbdev=, xl usb*): the QEMU
 * ids libxl gives device-model controllers and devices, and the host
 * device's sysfs bus id ("3-1.2"), which libxl keeps in XenStore at the
 * controller's port/N, looked up on the sysfs root of paths.h.
 */
#ifndef XLRT_USB_H
#define XLRT_USB_H

#include <stddef.h>

#include "xlmodel.h"

/* "xenusb-<devid>" and "xenusb-<hostbus>-<hostaddr>" */
void xlrt_usbctrl_qdev_id(int devid, char *buf, size_t len);
void xlrt_usbdev_qdev_id(const struct xlm_usbdev *v, char *buf, size_t len);

/*
 * The QEMU device that takes a host USB device: usb-host, or for tests on
 * a host without a USB device to hand over, $XEN_KVM_USB_STANDIN, a device
 * QEMU emulates in its place (usb-tablet...) and that is given no
 * hostbus=/hostaddr=.
 */
const char *xlrt_usb_qemu_driver(void);

/* The bus id of the host device at bus/addr: 0, or -ENODEV (none). */
int xlrt_usb_busid(unsigned int bus, unsigned int addr, char *buf,
		   size_t len);
/* The other way, for usb-list: 0, or -ENODEV (no longer there). */
int xlrt_usb_busaddr(const char *busid, unsigned int *bus,
		     unsigned int *addr);

/* Before a domain is created: every usbdev= exists on the host (libxl
 * refuses one that does not); err names the missing one. */
int xlrt_usb_prepare(const struct xlm_domain *d, char *err, size_t errlen);

#endif
