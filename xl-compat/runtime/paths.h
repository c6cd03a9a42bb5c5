/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every runtime path of xen-kvm, defined once (DESIGN.md, "Per-domain
 * runtime files").  Defaults live under $XEN_KVM_ROOT (empty: "/"); each
 * top directory can also be moved on its own:
 *   XEN_KVM_RUN_DIR    /var/run/xen-kvm   per-domain dirs (0700)
 *   XEN_KVM_LIB_DIR    /var/lib/xen       userdata (saved configs)
 *   XEN_KVM_LOG_DIR    /var/log/xen       qemu-dm-NAME.log, console/
 *   XEN_KVM_CACHE_DIR  /var/cache/xen-kvm the KVM self-test verdict
 * and the host's own trees (not under XEN_KVM_ROOT: they are the host's,
 * not files of ours), which tests point at fakes:
 *   XEN_KVM_VHOST_VSOCK /dev/vhost-vsock
 *   XEN_KVM_SYSFS       /sys               PCI devices, drivers, IOMMU
 *                                          groups, USB devices
 *                                          (passthrough)
 * Every function fills buf and returns 0, or -ENAMETOOLONG / -EINVAL.
 */
#ifndef XLRT_PATHS_H
#define XLRT_PATHS_H

#include <stddef.h>

int xlrt_path_run_dir(char *buf, size_t len);
int xlrt_path_lib_dir(char *buf, size_t len);
int xlrt_path_log_dir(char *buf, size_t len);
int xlrt_path_cache_dir(char *buf, size_t len);
/* xl.conf's default lockfile, Xen's /var/lock/xl (under XEN_KVM_ROOT) */
int xlrt_path_lock_file(char *buf, size_t len);
/* the vhost-vsock device whose presence offers guests a vsock link */
int xlrt_path_vhost_vsock(char *buf, size_t len);
/* the sysfs root every PCI or USB passthrough step reads and writes, and
 * a file below it ("bus/pci/devices/...") */
int xlrt_path_sysfs(char *buf, size_t len);
/* the directory that exists when systemd is the init system (as
 * sd_booted() asks); XEN_KVM_SYSTEMD_BOOTED stands in for it in tests */
int xlrt_path_systemd_booted(char *buf, size_t len);
int xlrt_path_sysfs_file(char *buf, size_t len, const char *rel);

/* RUN_DIR/<domid>/ and the files in it. */
int xlrt_path_dom_dir(char *buf, size_t len, unsigned int domid);
int xlrt_path_qmp(char *buf, size_t len, unsigned int domid);
int xlrt_path_link(char *buf, size_t len, unsigned int domid);
int xlrt_path_monitor_pid(char *buf, size_t len, unsigned int domid);
/* qmp-cmd.sock: a second QMP socket for xl's commands (the monitor holds
 * qmp.sock); state: the monitor's record of the domain (domain.h) */
int xlrt_path_qmp_cmd(char *buf, size_t len, unsigned int domid);
int xlrt_path_dom_state(char *buf, size_t len, unsigned int domid);
/* console<idx>-xl.sock: where the monitor serves `xl console' for the
 * console whose QEMU end is console<idx>.sock */
int xlrt_path_console_xl(char *buf, size_t len, unsigned int domid,
			 unsigned int idx);
/* RUN_DIR/domid: the last domid handed out, flock()ed while allocating */
int xlrt_path_domid_file(char *buf, size_t len);
/* console<idx>.sock (0: the PV console, hvc0), channel<idx>.sock */
int xlrt_path_console(char *buf, size_t len, unsigned int domid,
		      unsigned int idx);
int xlrt_path_channel(char *buf, size_t len, unsigned int domid,
		      unsigned int idx);
/* serial<idx>.sock: QEMU's end of HVM serial port idx (serial.h);
 * serial<idx>-xl.sock: where the monitor serves `xl console -t serial' */
int xlrt_path_serial(char *buf, size_t len, unsigned int domid,
		     unsigned int idx);
int xlrt_path_serial_xl(char *buf, size_t len, unsigned int domid,
			unsigned int idx);

/* LIB_DIR/userdata-d.<domid>.<uuid>.<userid>, as libxl names it. */
int xlrt_path_userdata(char *buf, size_t len, unsigned int domid,
		       const char *uuid, const char *userid);
/* LOG_DIR/console/guest-<name>.log, LOG_DIR/qemu-dm-<name>.log */
int xlrt_path_console_log(char *buf, size_t len, const char *domname);
/* LOG_DIR/console/guest-<name>-serial<idx>.log: HVM serial port idx */
int xlrt_path_serial_log(char *buf, size_t len, const char *domname,
			 unsigned int idx);
int xlrt_path_qemu_log(char *buf, size_t len, const char *domname);
/* LOG_DIR/xl-<name>.log (the monitor's log, as Xen's xl names it),
 * LIB_DIR/dump/<name> (coredump-destroy/-restart) */
int xlrt_path_xl_log(char *buf, size_t len, const char *domname);
int xlrt_path_dump(char *buf, size_t len, const char *domname);
/* The empty directory a restricted QEMU chroots into (dm_confine.h). */
int xlrt_path_qemu_root(char *buf, size_t len, unsigned int domid);
/* LOG_DIR/xl-dmesg.log: the toolstack's log ring (`xl dmesg', logring.h) */
int xlrt_path_logring(char *buf, size_t len);
/* xl migrate: RUN_DIR/incoming-<pid>.sock, where the receiving QEMU
 * listens (its domid is not known when its command line is built) */
int xlrt_path_migrate_in(char *buf, size_t len, int pid);

/* mkdir -p, mode 0755 for what it creates; 0 or -errno. */
int xlrt_mkdir_p(const char *path);

/*
 * Create RUN_DIR (0755, with parents) and RUN_DIR/<domid> (0700).  Fails
 * with -EEXIST if the domain dir is already there: it belongs to a live or
 * crashed domain, which the caller must clean up first.
 */
int xlrt_dom_dir_create(unsigned int domid);
/* Remove RUN_DIR/<domid> and everything in it; 0 if it was not there. */
int xlrt_dom_dir_remove(unsigned int domid);

#endif
