#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A fake sysfs PCI tree and the kernel's part in it, for passthrough tests.

This machine has no IOMMU and no device a test may hand over (its PCI
devices are its own virtio devices), so the tests run every sysfs step of
xl pci-assignable-* and pci= against this tree instead (XEN_KVM_SYSFS).
It is the one mock the project allows; what it does not model is said in
xl-compat/runtime/README.

    fake_kernel.py ROOT LOG [options] BDF=DRIVER@GROUP ...

DRIVER may be empty (no driver), GROUP "-" (no IOMMU group).  The tree is
laid out as the kernel's (bus/pci/devices/BDF with driver, iommu_group and
driver_override; bus/pci/drivers/D/{bind,unbind,BDF}; bus/pci/drivers_probe;
kernel/iommu_groups/N/devices).  The attributes a driver binding goes
through are FIFOs this process serves, doing what the kernel does: moving
the driver links when driver_override, unbind, bind and drivers_probe are
written.  Every write is appended to LOG as "REL-PATH VALUE".  ROOT/.ready
appears once it serves.

    --no-vfio          no vfio-pci driver
    --refuse-vfio      vfio-pci never takes a device (a failing probe)
    --vanish BDF       the device disappears when it is unbound (hot removal)
    --timeout SECONDS  stop by itself (default 600)
"""
import argparse
import os
import select
import shutil
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("log")
    ap.add_argument("devices", nargs="*")
    ap.add_argument("--no-vfio", action="store_true")
    ap.add_argument("--refuse-vfio", action="store_true")
    ap.add_argument("--vanish", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_intermixed_args()

    root = os.path.abspath(a.root)
    devdir = os.path.join(root, "bus/pci/devices")
    drvdir = os.path.join(root, "bus/pci/drivers")
    grpdir = os.path.join(root, "kernel/iommu_groups")
    os.makedirs(devdir)
    os.makedirs(drvdir)
    os.makedirs(grpdir)

    fifos = {}  # fd -> relative path

    def fifo(path):
        os.mkfifo(path, 0o600)
        fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        fifos[fd] = os.path.relpath(path, root)

    def driver(name):
        d = os.path.join(drvdir, name)
        if not os.path.isdir(d):
            os.makedirs(d)
            fifo(os.path.join(d, "bind"))
            fifo(os.path.join(d, "unbind"))

    natural, bound, override = {}, {}, {}

    def bind(bdf, name):
        os.symlink(os.path.join(drvdir, name),
                   os.path.join(devdir, bdf, "driver"))
        os.symlink(os.path.join(devdir, bdf), os.path.join(drvdir, name, bdf))
        bound[bdf] = name

    def unbind(bdf):
        name = bound.pop(bdf)
        os.unlink(os.path.join(devdir, bdf, "driver"))
        os.unlink(os.path.join(drvdir, name, bdf))

    if not a.no_vfio:
        driver("vfio-pci")
    for spec in a.devices:
        bdf, rest = spec.split("=", 1)
        drv, grp = rest.split("@", 1)
        d = os.path.join(devdir, bdf)
        os.makedirs(d)
        for attr, val in (("vendor", "0x8086"), ("device", "0x10d3"),
                          ("class", "0x020000")):
            with open(os.path.join(d, attr), "w") as f:
                f.write(val + "\n")
        fifo(os.path.join(d, "driver_override"))
        if grp != "-":
            g = os.path.join(grpdir, grp, "devices")
            os.makedirs(g, exist_ok=True)
            os.symlink(os.path.join(grpdir, grp),
                       os.path.join(d, "iommu_group"))
            os.symlink(d, os.path.join(g, bdf))
        natural[bdf] = drv or None
        override[bdf] = None
        if drv:
            driver(drv)
            bind(bdf, drv)
    fifo(os.path.join(root, "bus/pci/drivers_probe"))

    def may_bind(bdf, name):
        if bdf not in natural or bdf in bound:
            return False
        if not os.path.isdir(os.path.join(drvdir, name)):
            return False
        return not (name == "vfio-pci" and a.refuse_vfio)

    def handle(rel, val):
        parts = rel.split("/")
        if parts[-1] == "driver_override":
            override[parts[-2]] = val or None
        elif parts[-1] == "unbind" and bound.get(val) == parts[-2]:
            unbind(val)
            if val in a.vanish:
                g = os.path.join(devdir, val, "iommu_group")
                if os.path.islink(g):
                    os.unlink(os.path.join(os.path.realpath(g), "devices",
                                           val))
                shutil.rmtree(os.path.join(devdir, val))
                del natural[val]
        elif parts[-1] == "bind":
            if override.get(val) in (None, parts[-2]) and \
                    may_bind(val, parts[-2]):
                bind(val, parts[-2])
        elif rel.endswith("drivers_probe") and val in natural:
            want = override[val] or natural[val]
            if want and may_bind(val, want):
                bind(val, want)

    with open(a.log, "a") as log:
        open(os.path.join(root, ".ready"), "w").close()
        end = time.monotonic() + a.timeout
        while time.monotonic() < end:
            ready, _, _ = select.select(list(fifos), [], [], 1.0)
            for fd in ready:
                data = os.read(fd, 4096).decode()
                val = data.strip()
                log.write("%s %s\n" % (fifos[fd], val))
                log.flush()
                handle(fifos[fd], val)
    return 0


if __name__ == "__main__":
    sys.exit(main())
