/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device-model command line: the string vector, the build context's
 * helpers, and the domain-wide options (machine, accelerator, CPU, memory,
 * identity, boot, lifecycle policy, device_model_args).  The devices are
 * in dm_disk.c, dm_net.c, dm_chan.c, dm_display.c and dm_dev.c.
 */
#include <cpuid.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_internal.h"
#include "memlayout.h"
#include "qemu_info.h"

/* Xen 4.19 as xen-version: what the Xen emulation advertises. */
#define DM_XEN_VERSION	"0x40013"
/* libxl's PV shim (PVSHIM_BASENAME, PVSHIM_CMDLINE) */
#define DM_PVSHIM_PATH	"/usr/lib/xen/boot/xen-shim"
#define DM_PVSHIM_CMDLINE "pv-shim console=xen,pv"

int xlrt_argv_add(struct xlrt_argv *a, const char *s)
{
	char *dup;

	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		char **v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	dup = strdup(s);
	if (!dup)
		return -ENOMEM;
	a->v[a->n++] = dup;
	a->v[a->n] = NULL;
	return 0;
}

static int argv_vaddf(struct xlrt_argv *a, const char *fmt, va_list ap)
{
	char *s;
	int r;

	if (vasprintf(&s, fmt, ap) < 0)
		return -ENOMEM;
	r = xlrt_argv_add(a, s);
	free(s);
	return r;
}

int xlrt_argv_addf(struct xlrt_argv *a, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = argv_vaddf(a, fmt, ap);
	va_end(ap);
	return r;
}

void xlrt_argv_free(struct xlrt_argv *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

void xlrt_dm_free(struct xlrt_dm *dm)
{
	size_t i;

	free(dm->qemu);
	xlrt_argv_free(&dm->args);
	xlrt_argv_free(&dm->warnings);
	for (i = 0; i < dm->num_files; i++) {
		free(dm->files[i].path);
		free(dm->files[i].data);
	}
	free(dm->files);
	for (i = 0; i < dm->num_images; i++) {
		free((char *)dm->images[i].path);
		free((char *)dm->images[i].opaque);
	}
	free(dm->images);
	memset(dm, 0, sizeof(*dm));
}

int dm_fail(struct dm_ctx *c, int e, const char *fmt, ...)
{
	va_list ap;

	if (!c->rc) {
		c->rc = e;
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return c->rc;
}

static void oom(struct dm_ctx *c, int r)
{
	if (r)
		dm_fail(c, r, "out of memory building the QEMU command line");
}

void dm_warn(struct dm_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	oom(c, argv_vaddf(&c->dm->warnings, fmt, ap));
	va_end(ap);
}

void dm_arg(struct dm_ctx *c, const char *s)
{
	if (!c->rc)
		oom(c, xlrt_argv_add(&c->dm->args, s));
}

void dm_opt(struct dm_ctx *c, const char *opt, const char *fmt, ...)
{
	va_list ap;

	dm_arg(c, opt);
	if (c->rc)
		return;
	va_start(ap, fmt);
	oom(c, argv_vaddf(&c->dm->args, fmt, ap));
	va_end(ap);
}

const char *dm_esc(struct dm_ctx *c, const char *s)
{
	size_t n = 0, i;
	char *e, *p;

	for (i = 0; s[i]; i++)
		n += s[i] == ',' ? 2 : 1;
	e = p = malloc(n + 1);
	if (!e) {
		oom(c, -ENOMEM);
		return "";
	}
	for (i = 0; s[i]; i++) {
		*p++ = s[i];
		if (s[i] == ',')
			*p++ = ',';
	}
	*p = 0;
	/* the vector owns a copy; hand out that one */
	oom(c, xlrt_argv_add(&c->scratch, e));
	free(e);
	return c->rc ? "" : c->scratch.v[c->scratch.n - 1];
}

bool dm_backend_is_dom0(const char *backend)
{
	return !backend || !*backend || !strcmp(backend, "0") ||
	       !strcmp(backend, "Domain-0");
}

/* nestedhvm: the virtualization extension the guest's CPU gets: TCG
 * emulates AMD's SVM only; KVM passes the host's own (its vendor from
 * CPUID leaf 0: "AuthenticAMD" or "HygonGenuine" is SVM) */
static const char *nested_flag(const struct dm_ctx *c)
{
	unsigned int a, b, cx, d;

	if (c->env->accel == XLRT_ACCEL_TCG)
		return "svm";
	if (!__get_cpuid(0, &a, &b, &cx, &d))
		return "vmx";
	/* ebx holds the vendor's first four letters: "Auth", "Hygo" */
	return b == 0x68747541 || b == 0x6f677948 ? "svm" : "vmx";
}

static void machine(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	char props[64] = "", flags[2048] = "";

	/* Xen's PV guests have no ACPI; their "acpi" says nothing here */
	if (b->type != XLM_TYPE_PV && b->acpi == XLM_FALSE)
		strcat(props, ",acpi=off");
	if (c->hvm && b->hvm.hpet == XLM_FALSE)
		strcat(props, ",hpet=off");
	if (c->hvm && b->hvm.pae == XLM_FALSE)
		strcat(flags, ",-pae");
	if (c->hvm && b->hvm.nx == XLM_FALSE)
		strcat(flags, ",-nx");
	/* nestedhvm=0, libxl's default, leaves -cpu's own default */
	if (b->nested_hvm == XLM_TRUE)
		snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags),
			 ",+%s", nested_flag(c));
	if (b->cpu_flags && strlen(b->cpu_flags) < sizeof(flags) - strlen(flags))
		strcat(flags, b->cpu_flags);
	else if (b->cpu_flags)
		dm_warn(c, "cpuid: too many flags; none of them applied");
	dm_opt(c, "-machine", "pc%s", props);
	switch (c->env->accel) {
	case XLRT_ACCEL_XEN:
		dm_opt(c, "-accel", "kvm,xen-version=" DM_XEN_VERSION
		       ",kernel-irqchip=split");
		dm_opt(c, "-cpu", "host,+xen-vapic%s", flags);
		dm_opt(c, "-xen-domid", "%u", c->env->domid);
		break;
	case XLRT_ACCEL_KVM:
		dm_opt(c, "-accel", "kvm");
		dm_opt(c, "-cpu", "host%s", flags);
		break;
	default:
		dm_opt(c, "-accel", "tcg");
		dm_opt(c, "-cpu", "max%s", flags);
		break;
	}
	if (c->hvm && b->hvm.viridian == XLM_TRUE)
		dm_warn(c, "viridian=1: Hyper-V enlightenments are not "
			"mapped to KVM's hv-* CPU flags yet; the guest runs "
			"without them");
}

static int memory(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	struct xlrt_memlayout l;
	char why[256];
	int r = xlrt_memlayout_of(c->d, &l, why, sizeof(why));

	if (r)
		return dm_fail(c, r, "%s", why);
	dm_opt(c, "-m", "size=%lluM", (unsigned long long)l.ram_kb / 1024);
	c->dm->balloon_target_mib = xlrt_memlayout_balloon_mib(&l);
	/* mem-set works on every Xen guest; the balloon is always there */
	dm_opt(c, "-device", "virtio-balloon-pci,id=balloon0");
	c->virtio_in_xen = c->xen;
	if (b->max_vcpus < 1 || b->avail_vcpus < 1 ||
	    b->avail_vcpus > b->max_vcpus)
		return dm_fail(c, -EINVAL, "vcpus (%d) must be between 1 and "
			       "maxvcpus (%d)", b->avail_vcpus, b->max_vcpus);
	dm_opt(c, "-smp", "cpus=%d,maxcpus=%d", b->avail_vcpus,
	       b->max_vcpus);
	return c->rc;
}

static void identity(struct dm_ctx *c)
{
	const struct xlm_c_info *ci = &c->d->c_info;
	static const uint8_t none[16];
	const uint8_t *u = ci->uuid;

	dm_opt(c, "-name", "%s,process=qemu-dm-%u", dm_esc(c, ci->name),
	       c->env->domid);
	if (memcmp(u, none, 16))
		dm_opt(c, "-uuid", "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
		       "%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2],
		       u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		       u[12], u[13], u[14], u[15]);
	if (c->d->b_info.localtime == XLM_TRUE)
		dm_opt(c, "-rtc", "base=localtime");
	if (c->d->b_info.rtc_timeoffset)
		dm_warn(c, "rtc_timeoffset is not applied yet: the guest's "
			"clock starts at the host's time");
}

/* The guest's command line: the config's, plus xen_emul_unplug=never when
 * a Xen-mode guest must keep its virtio devices. */
static const char *cmdline(struct dm_ctx *c)
{
	const char *cmd = c->d->b_info.cmdline;
	const char *unplug = "xen_emul_unplug=never";

	if (!c->virtio_in_xen || (cmd && strstr(cmd, unplug)))
		return cmd;
	if (!cmd || !*cmd)
		return unplug;
	oom(c, xlrt_argv_addf(&c->scratch, "%s %s", cmd, unplug));
	return c->rc ? "" : c->scratch.v[c->scratch.n - 1];
}

static int direct_kernel(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	const char *cmd;

	if (!b->kernel) {
		if (b->bootloader)
			return dm_fail(c, -ENOTSUP, "bootloader=\"%s\" is not "
				       "supported yet: extract the guest's "
				       "kernel and set kernel= (and ramdisk=)",
				       b->bootloader);
		return dm_fail(c, -EINVAL, "a %s guest needs kernel= (xen-kvm "
			       "boots it directly)",
			       b->type == XLM_TYPE_PV ? "PV" : "PVH");
	}
	cmd = cmdline(c);
	if (!c->xen && b->type == XLM_TYPE_PVH && b->pvh.pvshim == XLM_TRUE)
		dm_warn(c, "pvshim=1 has an effect in xen mode only; in %s "
			"mode the guest's kernel boots directly, no shim",
			xlrt_accel_name(c->env->accel));
	if (c->xen && b->type == XLM_TYPE_PVH && b->pvh.pvshim == XLM_TRUE) {
		/* A PV guest in Xen's PV shim: the shim is the kernel, the
		 * guest's kernel and ramdisk its multiboot modules. */
		dm_opt(c, "-kernel", "%s", b->pvh.pvshim_path ?
		       b->pvh.pvshim_path : DM_PVSHIM_PATH);
		dm_opt(c, "-append", "%s%s%s -- %s", b->pvh.pvshim_cmdline ?
		       b->pvh.pvshim_cmdline : DM_PVSHIM_CMDLINE,
		       b->pvh.pvshim_extra ? " " : "",
		       b->pvh.pvshim_extra ? b->pvh.pvshim_extra : "",
		       cmd ? cmd : "");
		if (b->ramdisk)
			dm_opt(c, "-initrd", "%s,%s", dm_esc(c, b->kernel),
			       dm_esc(c, b->ramdisk));
		else
			dm_opt(c, "-initrd", "%s", dm_esc(c, b->kernel));
		return c->rc;
	}
	if (c->xen && b->type == XLM_TYPE_PV)
		return dm_fail(c, -ENOTSUP, "a PV guest runs in xen mode only "
			       "inside Xen's PV shim: set type=\"pvh\", "
			       "pvshim=1 and pvshim_path= (Xen's xen-shim), "
			       "or use accel kvm or tcg, which boot the PV "
			       "kernel directly");
	dm_opt(c, "-kernel", "%s", b->kernel);
	if (b->ramdisk)
		dm_opt(c, "-initrd", "%s", b->ramdisk);
	if (cmd && *cmd)
		dm_opt(c, "-append", "%s", cmd);
	return c->rc;
}

static int boot(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	const char *p;

	if (!c->hvm)
		return direct_kernel(c);
	if (b->kernel)		/* libxl boots an HVM kernel directly too */
		direct_kernel(c);
	if (b->hvm.bios == XLM_BIOS_OVMF || b->hvm.system_firmware)
		dm_opt(c, "-bios", "%s", b->hvm.system_firmware ?
		       b->hvm.system_firmware : "/usr/share/ovmf/OVMF.fd");
	else if (b->hvm.bios == XLM_BIOS_ROMBIOS)
		dm_warn(c, "bios=\"rombios\" does not exist on KVM: SeaBIOS "
			"boots the guest");
	if (b->hvm.firmware)
		dm_warn(c, "firmware_override=%s is hvmloader's and is not "
			"used: QEMU's firmware boots the guest",
			b->hvm.firmware);
	if (b->hvm.boot) {
		for (p = b->hvm.boot; *p; p++)
			if (*p < 'a' || *p > 'p')
				return dm_fail(c, -EINVAL, "boot=\"%s\": boot "
					       "devices are letters a to p "
					       "(c disk, d cdrom, n network)",
					       b->hvm.boot);
		dm_opt(c, "-boot", "order=%s", b->hvm.boot);
	}
	return c->rc;
}

/* Lifecycle: QEMU never acts on a guest's shutdown, reboot or crash by
 * itself.  Each stops the VM and sends SHUTDOWN (reason guest-shutdown,
 * guest-reset, guest-panic) or GUEST_PANICKED over QMP; the monitor
 * applies on_poweroff, on_reboot (a restart is a new QEMU with a new
 * domid, as Xen makes a new domain), on_crash (a paused guest can still
 * be dumped or preserved) and on_watchdog (WATCHDOG event, for a
 * watchdog device from device_model_args).  pvpanic lets the guest
 * report a crash. */
static void policy(struct dm_ctx *c)
{
	dm_arg(c, "-no-shutdown");
	dm_arg(c, "-no-reboot");
	dm_opt(c, "-action", "panic=pause,watchdog=pause");
	dm_opt(c, "-device", "pvpanic");
	dm_opt(c, "-msg", "timestamp=on");
}

/* device_model_args, then _pv (PV and PVH) or _hvm, verbatim and last */
static void extras(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	char **lists[2] = { b->extra, c->hvm ? b->extra_hvm : b->extra_pv };
	int i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; lists[i] && lists[i][j]; j++)
			dm_arg(c, lists[i][j]);
}

int xlrt_dm_build(const struct xlm_domain *d, const struct xlrt_dm_env *env,
		  struct xlrt_dm *dm, char *err, size_t errlen)
{
	struct dm_ctx c = { .d = d, .env = env, .dm = dm, .err = err,
			    .errlen = errlen };

	memset(dm, 0, sizeof(*dm));
	if (errlen)
		*err = 0;
	if (env->accel != XLRT_ACCEL_XEN && env->accel != XLRT_ACCEL_KVM &&
	    env->accel != XLRT_ACCEL_TCG)
		return dm_fail(&c, -EINVAL, "the accelerator must be decided "
			       "(xen, kvm or tcg) before building the QEMU "
			       "command line");
	if (!env->domid)
		return dm_fail(&c, -EINVAL, "domid 0 is dom0, not a guest");
	if (!d->c_info.name || !*d->c_info.name)
		return dm_fail(&c, -EINVAL, "the domain has no name");
	c.xen = env->accel == XLRT_ACCEL_XEN;
	c.hvm = d->b_info.type == XLM_TYPE_HVM;
	if (d->b_info.type != XLM_TYPE_HVM && d->b_info.type != XLM_TYPE_PV &&
	    d->b_info.type != XLM_TYPE_PVH) {
		dm_fail(&c, -EINVAL, "the domain has no type (hvm, pvh, pv)");
		goto out;
	}
	dm->qemu = strdup(d->b_info.device_model ? d->b_info.device_model :
			  env->qemu ? env->qemu : xlrt_qemu_binary());
	if (!dm->qemu) {
		oom(&c, -ENOMEM);
		goto out;
	}
	dm_arg(&c, "-nodefaults");
	dm_arg(&c, "-no-user-config");
	identity(&c);
	machine(&c);
	/* each step stops at the first error (c.rc) */
	if (memory(&c) || dm_disks(&c) || dm_nics(&c) || dm_p9(&c) ||
	    dm_consoles(&c) || dm_serial(&c) || dm_display(&c) ||
	    dm_usb(&c) || dm_pci(&c) || dm_platform(&c) || boot(&c))
		goto out;
	policy(&c);
	extras(&c);
out:
	xlrt_argv_free(&c.scratch);
	if (c.rc)
		xlrt_dm_free(dm);
	return c.rc;
}
