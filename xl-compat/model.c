/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model.c: the domain model's lifetime (initial values as libxl's *_init
 * functions set them, disposal), enum names, and spec diagnostics.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xlmodel.h"

const char *const xlm_disk_format_names[] = {
	"unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed",
};

const char *const xlm_action_names[] = {
	"destroy", "restart", "rename-restart", "preserve",
	"coredump-destroy", "coredump-restart", "soft-reset",
};

const char *xlm_enum_name(const char *const *names, int lo, int v)
{
	return names[v - lo];
}

/* libxl compares enum names without regard to case */
int xlm_enum_parse(const char *const *names, int lo, int n, const char *s,
		   int *v)
{
	int i;

	for (i = 0; i < n; i++) {
		if (names[i] && !strcasecmp(names[i], s)) {
			*v = i + lo;
			return 0;
		}
	}
	return -1;
}

static void vdiag(const char *where, const char *kind, const char *fmt,
		  va_list ap)
{
	fprintf(stderr, "%s: %s: ", where, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void xlm_spec_error(const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(where, "error", fmt, ap);
	va_end(ap);
}

void xlm_spec_warning(const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(where, "warning", fmt, ap);
	va_end(ap);
}

void xlm_disk_init(struct xlm_disk *d)
{
	memset(d, 0, sizeof(*d));
}

void xlm_nic_init(struct xlm_nic *n)
{
	memset(n, 0, sizeof(*n));
	n->devid = XLM_DEVID_DEFAULT;
}

void xlm_pci_init(struct xlm_pci *p)
{
	memset(p, 0, sizeof(*p));
	p->rdm_policy = XLM_RDM_INVALID;
}

void xlm_domain_init(struct xlm_domain *d)
{
	struct xlm_b_info *b = &d->b_info;

	memset(d, 0, sizeof(*d));
	d->c_info.type = XLM_TYPE_INVALID;
	b->type = XLM_TYPE_INVALID;
	b->max_memkb = b->target_memkb = b->video_memkb = XLM_MEMKB_DEFAULT;
	b->shadow_memkb = b->stubdomain_memkb = XLM_MEMKB_DEFAULT;
	b->max_grant_frames = b->max_maptrack_frames = UINT32_MAX;
	b->max_grant_version = -1;
	b->sched_weight = b->sched_cap = -1;
	b->timer_mode = -1;
	b->hvm.mmio_hole_memkb = XLM_MEMKB_DEFAULT;
	b->hvm.rdm_mem_boundary_memkb = XLM_MEMKB_DEFAULT;
	b->hvm.hdtype = XLM_HDTYPE_IDE;
	d->on_poweroff = d->on_reboot = d->on_watchdog = d->on_crash =
		d->on_soft_reset = XLM_ACT_DESTROY;
}

void xlm_disk_dispose(struct xlm_disk *d)
{
	free(d->backend_domname);
	free(d->pdev_path);
	free(d->vdev);
	free(d->script);
	free(d->colo_host);
	free(d->colo_export);
	free(d->active_disk);
	free(d->hidden_disk);
}

void xlm_nic_dispose(struct xlm_nic *n)
{
	free(n->backend_domname);
	free(n->model);
	free(n->ip);
	free(n->bridge);
	free(n->ifname);
	free(n->script);
	free(n->gatewaydev);
	free(n->coloft_forwarddev);
}

void xlm_nic_apply_defaults(struct xlm_nic *n, const struct xlm_defaults *df)
{
	if (!df)
		return;
	if (df->vif_script) {
		free(n->script);
		n->script = strdup(df->vif_script);
	}
	if (df->vif_bridge) {
		free(n->bridge);
		n->bridge = strdup(df->vif_bridge);
	}
	if (df->vif_gatewaydev) {
		free(n->gatewaydev);
		n->gatewaydev = strdup(df->vif_gatewaydev);
	}
	if (df->vif_backend) {
		free(n->backend_domname);
		n->backend_domname = strdup(df->vif_backend);
	}
}

static void free_list(char **l)
{
	char **p;

	for (p = l; p && *p; p++)
		free(*p);
	free(l);
}

static void vnc_dispose(struct xlm_vnc *v)
{
	free(v->listen);
	free(v->passwd);
}

static void sdl_dispose(struct xlm_sdl *s)
{
	free(s->display);
	free(s->xauthority);
}

static void hvm_dispose(struct xlm_hvm *h)
{
	free(h->firmware);
	free(h->system_firmware);
	free(h->smbios_firmware);
	free(h->acpi_firmware);
	vnc_dispose(&h->vnc);
	free(h->keymap);
	sdl_dispose(&h->sdl);
	free(h->spice.host);
	free(h->spice.passwd);
	free(h->spice.image_compression);
	free(h->spice.streaming_video);
	free(h->serial);
	free(h->boot);
	free(h->usbdevice);
	free(h->soundhw);
	free_list(h->usbdevice_list);
	free_list(h->serial_list);
}

static void cpumaps_free(struct xlm_cpumap *maps, int n)
{
	int i;

	for (i = 0; maps && i < n; i++)
		free(maps[i].map);
	free(maps);
}

static void b_info_dispose(struct xlm_b_info *b)
{
	cpumaps_free(b->vcpu_hard_affinity, b->num_vcpu_hard_affinity);
	cpumaps_free(b->vcpu_soft_affinity, b->num_vcpu_soft_affinity);
	free(b->exec_ssid_label);
	free(b->blkdev_start);
	free(b->stubdomain_kernel);
	free(b->stubdomain_cmdline);
	free(b->stubdomain_ramdisk);
	free(b->device_model);
	free(b->device_model_ssid_label);
	free(b->device_model_user);
	free(b->device_model_accel);
	free(b->cpu_flags);
	free_list(b->extra);
	free_list(b->extra_pv);
	free_list(b->extra_hvm);
	free(b->kernel);
	free(b->cmdline);
	free(b->ramdisk);
	free(b->device_tree);
	free(b->bootloader);
	free_list(b->bootloader_args);
	hvm_dispose(&b->hvm);
	free(b->pvh.pvshim_path);
	free(b->pvh.pvshim_cmdline);
	free(b->pvh.pvshim_extra);
}

void xlm_domain_dispose(struct xlm_domain *d)
{
	int i;

	free(d->c_info.ssid_label);
	free(d->c_info.name);
	free(d->c_info.pool_name);
	b_info_dispose(&d->b_info);
	for (i = 0; i < d->num_disks; i++)
		xlm_disk_dispose(&d->disks[i]);
	free(d->disks);
	for (i = 0; i < d->num_nics; i++)
		xlm_nic_dispose(&d->nics[i]);
	free(d->nics);
	for (i = 0; i < d->num_pcidevs; i++)
		free(d->pcidevs[i].name);
	free(d->pcidevs);
	for (i = 0; i < d->num_vfbs; i++) {
		free(d->vfbs[i].backend_domname);
		vnc_dispose(&d->vfbs[i].vnc);
		sdl_dispose(&d->vfbs[i].sdl);
		free(d->vfbs[i].keymap);
	}
	free(d->vfbs);
	for (i = 0; i < d->num_vkbs; i++)
		free(d->vkbs[i].backend_domname);
	free(d->vkbs);
	for (i = 0; i < d->num_vtpms; i++)
		free(d->vtpms[i].backend_domname);
	free(d->vtpms);
	for (i = 0; i < d->num_p9s; i++) {
		free(d->p9s[i].backend_domname);
		free(d->p9s[i].tag);
		free(d->p9s[i].path);
		free(d->p9s[i].security_model);
	}
	free(d->p9s);
	for (i = 0; i < d->num_channels; i++) {
		free(d->channels[i].backend_domname);
		free(d->channels[i].name);
		free(d->channels[i].socket_path);
	}
	free(d->channels);
	for (i = 0; i < d->num_usbctrls; i++)
		free(d->usbctrls[i].backend_domname);
	free(d->usbctrls);
	free(d->usbdevs);
	memset(d, 0, sizeof(*d));
}
