/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xlmodel.h: the domain model, a C mirror of libxl's libxl_domain_config
 * (field names, enum values and initial values from libxl_types.idl), the
 * device spec parsers that fill it, and its JSON form as `xl -N' prints it.
 */
#ifndef XLMODEL_H
#define XLMODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "xlcfg.h"

/* libxl_defbool: 0 is "default" (unset), otherwise true or false */
enum xlm_defbool { XLM_DEFAULT = 0, XLM_TRUE = 1, XLM_FALSE = -1 };
#define XLM_BOOL(b) ((b) ? XLM_TRUE : XLM_FALSE)

#define XLM_MEMKB_DEFAULT UINT64_MAX	/* LIBXL_MEMKB_DEFAULT */
#define XLM_DEVID_DEFAULT (-1)

enum xlm_domain_type { XLM_TYPE_INVALID = -1, XLM_TYPE_HVM = 1,
		       XLM_TYPE_PV = 2, XLM_TYPE_PVH = 3 };
enum xlm_disk_format { XLM_FMT_UNKNOWN, XLM_FMT_QCOW, XLM_FMT_QCOW2,
		       XLM_FMT_VHD, XLM_FMT_RAW, XLM_FMT_EMPTY, XLM_FMT_QED };
enum xlm_disk_backend { XLM_DBE_UNKNOWN, XLM_DBE_PHY, XLM_DBE_TAP,
			XLM_DBE_QDISK, XLM_DBE_STANDALONE };
enum xlm_disk_spec { XLM_DSPEC_UNKNOWN, XLM_DSPEC_XEN, XLM_DSPEC_VIRTIO };
enum xlm_nic_type { XLM_NIC_UNKNOWN, XLM_NIC_VIF_IOEMU, XLM_NIC_VIF };
enum xlm_action { XLM_ACT_DESTROY = 1, XLM_ACT_RESTART,
		  XLM_ACT_RESTART_RENAME, XLM_ACT_PRESERVE,
		  XLM_ACT_COREDUMP_DESTROY, XLM_ACT_COREDUMP_RESTART,
		  XLM_ACT_SOFT_RESET };
enum xlm_chan_conn { XLM_CHAN_UNKNOWN, XLM_CHAN_PTY, XLM_CHAN_SOCKET };
enum xlm_rdm_policy { XLM_RDM_INVALID = -1, XLM_RDM_STRICT,
		      XLM_RDM_RELAXED };
enum xlm_usbctrl_type { XLM_USBCTRL_AUTO, XLM_USBCTRL_PV,
			XLM_USBCTRL_DEVICEMODEL, XLM_USBCTRL_QUSB };
enum xlm_dm_version { XLM_DM_UNKNOWN, XLM_DM_QEMU_XEN_TRADITIONAL,
		      XLM_DM_QEMU_XEN };
enum xlm_vga { XLM_VGA_UNKNOWN, XLM_VGA_CIRRUS, XLM_VGA_STD, XLM_VGA_NONE,
	       XLM_VGA_QXL };
enum xlm_bios { XLM_BIOS_UNKNOWN, XLM_BIOS_ROMBIOS, XLM_BIOS_SEABIOS,
		XLM_BIOS_OVMF };
enum xlm_tsc_mode { XLM_TSC_DEFAULT, XLM_TSC_ALWAYS_EMULATE, XLM_TSC_NATIVE,
		    XLM_TSC_NATIVE_PARAVIRT };
enum xlm_hdtype { XLM_HDTYPE_IDE = 1, XLM_HDTYPE_AHCI };

/* enum <-> libxl's lower-case names (NULL/-1 when unknown) */
const char *xlm_enum_name(const char *const *names, int lo, int v);
int xlm_enum_parse(const char *const *names, int lo, int n, const char *s,
		   int *v);
extern const char *const xlm_disk_format_names[];
extern const char *const xlm_action_names[];	/* from 1 */

struct xlm_disk {
	char *backend_domname;
	char *pdev_path;
	char *vdev;
	enum xlm_disk_backend backend;
	enum xlm_disk_format format;
	char *script;
	int removable, readwrite, is_cdrom;
	int direct_io_safe;
	int discard_enable;		/* defbool */
	enum xlm_disk_spec specification;
	int colo_enable;		/* defbool */
	char *colo_host;
	int colo_port;
	char *colo_export, *active_disk, *hidden_disk;
	int trusted;			/* defbool */
	/* ours, not libxl's: access `w!' (writable, shared between domains) */
	int shared;
};

struct xlm_nic {
	char *backend_domname;
	int devid;
	int mtu;
	char *model;
	uint8_t mac[6];
	char *ip, *bridge, *ifname, *script;
	enum xlm_nic_type nictype;
	uint64_t rate_bytes_per_interval;
	uint32_t rate_interval_usecs;
	char *gatewaydev;
	char *coloft_forwarddev;
	int trusted;			/* defbool */
};

struct xlm_pci {
	uint8_t func, dev, bus;
	int domain;
	uint32_t vdevfn, vfunc_mask;
	int msitranslate, power_mgmt, permissive, seize;
	enum xlm_rdm_policy rdm_policy;
	char *name;
};

struct xlm_p9 {
	char *backend_domname, *tag, *path, *security_model;
	int devid;
	int readonly;	/* `readonly=1': ours, Xen's p9 spec has no such key */
};

struct xlm_channel {
	char *backend_domname;
	int devid;
	char *name;
	enum xlm_chan_conn connection;
	char *socket_path;
};

struct xlm_vnc {
	int enable;			/* defbool */
	char *listen, *passwd;
	int display;
	int findunused;			/* defbool */
};

struct xlm_sdl {
	int enable, opengl;		/* defbool */
	char *display, *xauthority;
};

struct xlm_vfb {
	char *backend_domname;
	int devid;
	struct xlm_vnc vnc;
	struct xlm_sdl sdl;
	char *keymap;
};

struct xlm_vkb {
	char *backend_domname;
	int devid;
};

struct xlm_vtpm {
	char *backend_domname;
	int devid;
	uint8_t uuid[16];
};

struct xlm_usbctrl {
	enum xlm_usbctrl_type type;
	int devid, version, ports;
	char *backend_domname;
};

struct xlm_usbdev {
	int ctrl, port;
	int type;			/* 1 = hostdev, 0 = not given */
	uint8_t hostbus, hostaddr;
};

struct xlm_spice {
	int enable;			/* defbool */
	int port, tls_port;
	char *host;
	int disable_ticketing;		/* defbool */
	char *passwd;
	int agent_mouse, vdagent, clipboard_sharing;	/* defbool */
	int usbredirection;
	char *image_compression, *streaming_video;
};

struct xlm_c_info {
	enum xlm_domain_type type;
	int hap, oos;			/* defbool */
	char *ssid_label;
	char *name;
	uint8_t uuid[16];
	char *pool_name;
	int run_hotplug_scripts;	/* defbool */
	int driver_domain;		/* defbool */
	int xend_suspend_evtchn_compat;	/* defbool */
};

struct xlm_hvm {
	char *firmware;
	enum xlm_bios bios;
	int pae, acpi_s3, acpi_s4, acpi_laptop_slate, nx, viridian;
	int hpet, vpt_align;		/* defbools */
	uint64_t mmio_hole_memkb;
	char *system_firmware, *smbios_firmware, *acpi_firmware;
	enum xlm_hdtype hdtype;
	int nographic;			/* defbool */
	enum xlm_vga vga;
	struct xlm_vnc vnc;
	char *keymap;
	struct xlm_sdl sdl;
	struct xlm_spice spice;
	int gfx_passthru;		/* defbool */
	char *serial;
	char *boot;
	int usb;			/* defbool */
	int usbversion;
	char *usbdevice;
	int vkb_device;			/* defbool */
	char *soundhw;
	int xen_platform_pci;		/* defbool */
	char **usbdevice_list;
	char **serial_list;
	uint64_t rdm_mem_boundary_memkb;
};

/* libxl_bitmap: size bytes of bits, a cpu map sized for the host */
struct xlm_cpumap {
	uint8_t *map;
	int size;
};

struct xlm_b_info {
	int max_vcpus;
	int avail_vcpus;		/* vcpus 0..avail_vcpus-1 online */
	struct xlm_cpumap *vcpu_hard_affinity;	/* cpus= */
	int num_vcpu_hard_affinity;
	struct xlm_cpumap *vcpu_soft_affinity;	/* cpus_soft= */
	int num_vcpu_soft_affinity;
	int numa_placement;		/* defbool */
	uint64_t max_memkb, target_memkb, video_memkb, shadow_memkb;
	uint32_t rtc_timeoffset;
	char *exec_ssid_label;
	int localtime, disable_migrate;	/* defbool */
	char *blkdev_start;
	enum xlm_tsc_mode tsc_mode;
	uint32_t max_grant_frames, max_maptrack_frames;
	int max_grant_version;
	enum xlm_dm_version device_model_version;
	int device_model_stubdomain;	/* defbool */
	uint64_t stubdomain_memkb;
	char *stubdomain_kernel, *stubdomain_cmdline, *stubdomain_ramdisk;
	char *device_model;
	char *device_model_ssid_label, *device_model_user;
	char *device_model_accel;	/* ours, not libxl's: not in the JSON */
	char *cpu_flags;		/* ours: cpuid= as QEMU -cpu flags
					 * (",+aes,-avx,family=6"); not in
					 * the JSON */
	char **extra, **extra_pv, **extra_hvm;	/* NULL-terminated */
	int sched_weight, sched_cap;	/* -1 unset... see model.c */
	int claim_mode;			/* defbool */
	uint32_t event_channels;
	char *kernel, *cmdline, *ramdisk, *device_tree;
	int acpi;			/* defbool */
	char *bootloader;
	char **bootloader_args;
	int timer_mode;
	int nested_hvm, apic, dm_restrict;	/* defbool */
	enum xlm_domain_type type;	/* selects u */
	struct xlm_hvm hvm;
	struct {
		int e820_host;		/* defbool */
	} pv;
	struct {
		int pvshim;		/* defbool */
		char *pvshim_path, *pvshim_cmdline, *pvshim_extra;
	} pvh;
	int msr_relaxed;		/* defbool (arch_x86) */
	int vmtrace_buf_kb;
	int vpmu;			/* defbool */
};

struct xlm_domain {
	struct xlm_c_info c_info;
	struct xlm_b_info b_info;
	struct xlm_disk *disks;		int num_disks;
	struct xlm_nic *nics;		int num_nics;
	struct xlm_pci *pcidevs;	int num_pcidevs;
	struct xlm_vfb *vfbs;		int num_vfbs;
	struct xlm_vkb *vkbs;		int num_vkbs;
	struct xlm_vtpm *vtpms;		int num_vtpms;
	struct xlm_p9 *p9s;		int num_p9s;
	struct xlm_channel *channels;	int num_channels;
	struct xlm_usbctrl *usbctrls;	int num_usbctrls;
	struct xlm_usbdev *usbdevs;	int num_usbdevs;
	enum xlm_action on_poweroff, on_reboot, on_watchdog, on_crash,
			on_soft_reset;
};

/* Initial values as libxl's *_init functions set them. */
void xlm_disk_init(struct xlm_disk *d);
void xlm_nic_init(struct xlm_nic *n);
void xlm_pci_init(struct xlm_pci *p);
void xlm_domain_init(struct xlm_domain *d);
void xlm_disk_dispose(struct xlm_disk *d);
void xlm_nic_dispose(struct xlm_nic *n);
void xlm_domain_dispose(struct xlm_domain *d);

/*
 * Device spec parsers. Each returns 0, or -1 after printing
 * `where: error: message' to stderr, where names the spec's origin (a
 * file:line:col or "command line"). Disk specs are one or more strings
 * describing one disk (as `xl block-attach' takes them).
 */
void xlm_spec_error(const char *where, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xlm_spec_warning(const char *where, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int xlm_parse_disk(const char *where, int nspecs, const char *const *specs,
		   struct xlm_disk *disk);
/* one `key=value' (or trusted/untrusted) item of a vif spec: 0, 1 for an
 * item xl ignores in config files (network-attach fails), -1 fatal */
int xlm_parse_nic_item(const char *where, const char *item, struct xlm_nic *nic);
/* a whole comma-separated vif spec as a config file gives it: 0 or -1 */
int xlm_parse_nic(const char *where, const char *spec, struct xlm_nic *nic);
int xlm_parse_rate(const char *where, const char *rate, struct xlm_nic *nic);
int xlm_parse_pci_bdf(const char *s, struct xlm_pci *pci);
int xlm_parse_pci(const char *where, const char *spec, struct xlm_pci *pci);
int xlm_parse_channel(const char *where, const char *spec, struct xlm_channel *c);
/* cpuid= in libxl's form ("host,aes=1,...") appended to *flags as QEMU
 * -cpu flags (spec_cpuid.c); what has no flag is warned about at where,
 * as Xen's xl warns about what it cannot parse.  0, or -1 out of memory. */
int xlm_cpuid_flags(const char *where, const char *policy, char **flags);
int xlm_parse_p9(const char *where, const char *spec, struct xlm_p9 *p9);
void xlm_parse_vfb(const char *spec, struct xlm_vfb *vfb);
int xlm_parse_vtpm(const char *where, const char *spec, struct xlm_vtpm *vtpm);
int xlm_parse_usbctrl(const char *where, const char *spec, struct xlm_usbctrl *u);
int xlm_parse_usbdev(const char *where, const char *spec, struct xlm_usbdev *u);
int xlm_parse_uuid(const char *s, uint8_t uuid[16]);
/*
 * xl's cpu list syntax ("all", "3", "0-5", "^2", "nodes:0-1", comma
 * separated) applied to map, which is allocated for the host's cpus
 * when empty. Node numbers come from /sys/devices/system/node.
 */
int xlm_parse_cpurange(const char *where, const char *s,
		       struct xlm_cpumap *map);
/*
 * xl.conf's vm.cpumask and vm.hvm.cpumask / vm.pv.cpumask (type: the one
 * of d's type; unset: map NULL), as Xen's xl applies them when it creates
 * a domain: one without cpus= gets a hard affinity per vCPU, and each
 * vCPU's is ANDed with both.  0, or -1 after saying which vCPU is left
 * without a cpu.
 */
int xlm_apply_affinity_masks(struct xlm_domain *d, const struct xlm_cpumap *vm,
			     const struct xlm_cpumap *type);
/* m &= mask (a mask with no map leaves m as it is) */
void xlm_cpumap_and(struct xlm_cpumap *m, const struct xlm_cpumap *mask);

/* What xl.conf contributes to a domain (see xlconf.h). */
struct xlm_defaults {
	const char *vif_script, *vif_bridge, *vif_gatewaydev, *vif_backend;
	const char *blkdev_start;
	int run_hotplug_scripts;
	int claim_mode;
	long max_grant_frames, max_maptrack_frames, max_grant_version;
};
void xlm_nic_apply_defaults(struct xlm_nic *n, const struct xlm_defaults *df);

/*
 * Builds d from a parsed config as xl's parse_config_data does. Returns 0,
 * or -1 after printing why (xl then exits 1 and starts nothing).
 */
int xlm_domain_from_config(const struct xlcfg *cfg,
			   const struct xlm_defaults *df, struct xlm_domain *d);

/*
 * Applies libxl's defaults (memory, vcpus, videoram per vga, HVM
 * features, nic mac/bridge/script/model/type, ...) for the runtime.
 * Returns 0, or -1 after printing why the combination is invalid.
 */
int xlm_domain_setdefault(struct xlm_domain *d);
/* libxl's defaults for one device-model USB controller (version 2, the
 * port count of its version), also for usbctrl-attach; 0 or -1. */
int xlm_usbctrl_setdefault(struct xlm_usbctrl *u);
/* libxl's nic defaults for a domain of type; hotplug: a vif added to a
 * running domain, which is a PV vif even for an HVM guest, as libxl
 * makes it.  0, or -1 after printing why. */
int xlm_nic_setdefault(struct xlm_nic *n, enum xlm_domain_type type,
		       bool hotplug);

/*
 * The whole of `xl create': reads path, appends extra (the command line's
 * `k=v' settings, newline-separated) as xl does, parses, warns about unknown
 * and KVM-meaningless keys, builds d. Returns 0 or -1 after printing why.
 */
int xlm_load(const char *path, const char *extra,
	     const struct xlm_defaults *df, struct xlm_domain *d);

/* JSON in libxl's shape; fields at their initial value are left out. */
json_object *xlm_disk_json(const struct xlm_disk *d);
json_object *xlm_nic_json(const struct xlm_nic *n);
json_object *xlm_domain_json(const struct xlm_domain *d);
/* Prints obj the way libxl's yajl generator does (4-space indent). */
void xlm_json_print(FILE *out, json_object *obj);

#endif
