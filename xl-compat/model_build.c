/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model_build.c: a parsed config turned into the domain model, key by key
 * in the order and with the checks of xl's parse_config_data (Xen 4.17).
 * Keys that mean nothing on KVM are read only where xl would reject a bad
 * value; their warnings come from xlcfg_warn_keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlmodel.h"

struct build {
	const struct xlcfg *cfg;
	const char *src;
	struct xlm_domain *d;
	char where[512];
};

/* "file:line:col" of a list item, for spec messages */
static const char *item_where(struct build *b, const struct xlcfg_value *l,
			      int i)
{
	snprintf(b->where, sizeof(b->where), "%s:%d:%d", b->src,
		 l->items[i]->line, l->items[i]->col);
	return b->where;
}

/* Reports an error at key's (winning) setting, or at the file. */
static int __attribute__((format(printf, 3, 4)))
fail(struct build *b, const char *key, const char *fmt, ...)
{
	const struct xlcfg_setting *s = key ? xlcfg_find(b->cfg, key) : NULL;
	char msg[512], where[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s)
		snprintf(where, sizeof(where), "%s:%d:%d", b->src, s->line, s->col);
	else
		snprintf(where, sizeof(where), "%s", b->src);
	xlm_spec_error(where, "%s", msg);
	return -1;
}

static void defbool(struct build *b, const char *key, int *field)
{
	int v;

	if (!xlcfg_get_defbool(b->cfg, key, &v, 0))
		*field = XLM_BOOL(v);
}

static void rstring(struct build *b, const char *key, char **field)
{
	const char *s;

	if (!xlcfg_get_string(b->cfg, key, &s, 0)) {
		free(*field);
		*field = strdup(s);
	}
}

static int getlong(struct build *b, const char *key, long *l)
{
	return !xlcfg_get_long(b->cfg, key, l, 0);
}

static void memkb(struct build *b, const char *key, uint64_t *field)
{
	long l;

	if (getlong(b, key, &l))
		*field = (uint64_t)l * 1024;
}

/* A list's leading strings, NULL-terminated (libxlutil stops at a list). */
static char **string_list(const struct xlcfg_value *l)
{
	char **sl = calloc(l->n + 1, sizeof(*sl));
	int i;

	for (i = 0; sl && xlcfg_list_string(l, i); i++)
		sl[i] = strdup(l->items[i]->str);
	return sl;
}

/* list-or-string keys (serial, usbdevice): 0 ok, -1 fatal */
static int list_or_string(struct build *b, const char *key, char ***list,
			  char **str)
{
	const struct xlcfg_value *l;

	switch (xlcfg_get_list(b->cfg, key, &l, NULL, 1)) {
	case 0:
		*list = string_list(l);
		return 0;
	case ESRCH:
		return 0;
	}
	rstring(b, key, str);
	return 0;
}

/* xl matches domain types by prefix: "h" is hvm, even "" is */
static int prefix_of(const char *s, const char *word)
{
	return !strncmp(s, word, strlen(s));
}

static void random_uuid(uint8_t u[16])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, u, 16) != 16)
		memset(u, 0x5a, 16);
	if (fd >= 0)
		close(fd);
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
}

static int c_info(struct build *b, const struct xlm_defaults *df)
{
	struct xlm_c_info *c = &b->d->c_info;
	const char *s;

	if (!xlcfg_get_string(b->cfg, "init_seclabel", &s, 0))
		rstring(b, "init_seclabel", &c->ssid_label);
	if (!xlcfg_get_string(b->cfg, "seclabel", &s, 0))
		rstring(b, "seclabel", c->ssid_label ?
			&b->d->b_info.exec_ssid_label : &c->ssid_label);
	c->run_hotplug_scripts = XLM_BOOL(df ? df->run_hotplug_scripts : 1);
	if (!xlcfg_get_string(b->cfg, "type", &s, 0)) {
		if (prefix_of(s, "hvm"))
			c->type = XLM_TYPE_HVM;
		else if (prefix_of(s, "pv"))
			c->type = XLM_TYPE_PV;
		else if (prefix_of(s, "pvh"))
			c->type = XLM_TYPE_PVH;
		else
			return fail(b, "type", "invalid domain type `%s' (pv, pvh or hvm)", s);
	}
	if (!xlcfg_get_string(b->cfg, "builder", &s, 0)) {
		enum xlm_domain_type t;

		if (prefix_of(s, "hvm"))
			t = XLM_TYPE_HVM;
		else if (prefix_of(s, "generic"))
			t = XLM_TYPE_PV;
		else
			return fail(b, "builder", "invalid builder `%s'", s);
		if (c->type != XLM_TYPE_INVALID && c->type != t)
			return fail(b, "builder", "contradicting builder and type");
		c->type = t;
	}
	if (c->type == XLM_TYPE_INVALID)
		c->type = XLM_TYPE_PV;
	defbool(b, "hap", &c->hap);
	if (xlcfg_get_string(b->cfg, "name", &s, 0))
		return fail(b, NULL, "domain name must be specified (name = \"...\")");
	c->name = strdup(s);
	if (!xlcfg_get_string(b->cfg, "uuid", &s, 0)) {
		if (xlm_parse_uuid(s, c->uuid))
			return fail(b, "uuid", "failed to parse UUID: %s", s);
	} else {
		random_uuid(c->uuid);
	}
	defbool(b, "oos", &c->oos);
	rstring(b, "pool", &c->pool_name);
	return 0;
}

static int parse_action(struct build *b, const char *key, const char *dflt,
			enum xlm_action *a)
{
	const char *s;
	int v;

	if (xlcfg_get_string(b->cfg, key, &s, 0))
		s = dflt;
	if (xlm_enum_parse(xlm_action_names, 1, 7, s, &v))
		return fail(b, key, "unknown %s action `%s'", key, s);
	*a = v;
	return 0;
}

static int grant_limit(struct build *b, const char *key, long dflt,
		       long *out)
{
	int e = xlcfg_get_bounded_long(b->cfg, key, 0, INT_MAX, out, 1);

	if (e == ESRCH)
		*out = dflt;
	else if (e)
		return fail(b, key, "invalid %s (0..INT_MAX)", key);
	return 0;
}

static char *cmdline(struct build *b)
{
	const char *cmd = NULL, *root = NULL, *extra = NULL;
	char *s = NULL;

	xlcfg_get_string(b->cfg, "cmdline", &cmd, 0);
	xlcfg_get_string(b->cfg, "root", &root, 0);
	xlcfg_get_string(b->cfg, "extra", &extra, 0);
	if (cmd) {
		if (root || extra)
			xlm_spec_warning(b->src, "ignoring root= and extra= in favour of cmdline=");
		return strdup(cmd);
	}
	if (root && extra) {
		if (asprintf(&s, "root=%s %s", root, extra) < 0)
			s = NULL;
	} else if (root) {
		if (asprintf(&s, "root=%s", root) < 0)
			s = NULL;
	} else if (extra) {
		s = strdup(extra);
	}
	return s;
}

/* cpus= and cpus_soft=: one string for every vcpu, or a list per vcpu */
static int affinity(struct build *b, const char *key, int hard)
{
	struct xlm_b_info *bi = &b->d->b_info;
	const struct xlcfg_setting *set = xlcfg_find(b->cfg, key);
	const struct xlcfg_value *l = NULL;
	const char *s = NULL;
	struct xlm_cpumap *maps, scratch = { 0 };
	int n = 0, i, e = 0;
	char where[512];

	if (xlcfg_get_list(b->cfg, key, &l, &n, 1) &&
	    xlcfg_get_string(b->cfg, key, &s, 0))
		return 0;
	snprintf(where, sizeof(where), "%s:%d:%d", b->src, set->line, set->col);
	if (s || n > bi->max_vcpus)
		n = bi->max_vcpus;
	maps = calloc(n + 1, sizeof(*maps));
	if (!maps)
		return fail(b, NULL, "out of memory");
	if (hard) {
		bi->vcpu_hard_affinity = maps;
		bi->num_vcpu_hard_affinity = n;
	} else {
		bi->vcpu_soft_affinity = maps;
		bi->num_vcpu_soft_affinity = n;
	}
	if (!s) {
		for (i = 0; !e && i < n && xlcfg_list_string(l, i); i++)
			e = xlm_parse_cpurange(where, l->items[i]->str, &maps[i]);
		bi->numa_placement = XLM_FALSE;
		return e;
	}
	/* the string is checked even when there is no vcpu to apply it to */
	e = xlm_parse_cpurange(where, s, n ? &maps[0] : &scratch);
	free(scratch.map);
	for (i = 1; !e && i < n; i++) {
		maps[i].size = maps[0].size;
		maps[i].map = malloc(maps[0].size);
		if (!maps[i].map)
			return fail(b, NULL, "out of memory");
		memcpy(maps[i].map, maps[0].map, maps[0].size);
	}
	if (!hard)
		bi->numa_placement = XLM_FALSE;
	return e;
}

/* cpuid=: libxl's string form as QEMU -cpu flags; the xend form (a list
 * of "leaf:reg=bits") is not mapped */
static int cpuid(struct build *b)
{
	const struct xlcfg_setting *set = xlcfg_find(b->cfg, "cpuid");
	const struct xlcfg_value *l;
	const char *s;
	char where[512];

	if (!set)
		return 0;
	snprintf(where, sizeof(where), "%s:%d:%d", b->src, set->line, set->col);
	if (!xlcfg_get_list(b->cfg, "cpuid", &l, NULL, 1)) {
		xlm_spec_warning(where, "cpuid: the xend form (leaf:register="
				 "bits) is not mapped to QEMU -cpu flags; "
				 "ignored");
		return 0;
	}
	if (xlcfg_get_string(b->cfg, "cpuid", &s, 0))
		return 0;
	if (xlm_cpuid_flags(where, s, &b->d->b_info.cpu_flags))
		return fail(b, "cpuid", "out of memory");
	return 0;
}

static int b_info_general(struct build *b, const struct xlm_defaults *df)
{
	struct xlm_b_info *bi = &b->d->b_info;
	long l, vcpus = 0;

	bi->type = b->d->c_info.type;
	if (bi->type == XLM_TYPE_PVH) {
		defbool(b, "pvshim", &bi->pvh.pvshim);
		rstring(b, "pvshim_path", &bi->pvh.pvshim_path);
		rstring(b, "pvshim_cmdline", &bi->pvh.pvshim_cmdline);
		rstring(b, "pvshim_extra", &bi->pvh.pvshim_extra);
	}
	if (df && df->blkdev_start)
		bi->blkdev_start = strdup(df->blkdev_start);
	if (getlong(b, "cpu_weight", &l))
		bi->sched_weight = (int)l;
	if (getlong(b, "cap", &l))
		bi->sched_cap = (int)l;
	memkb(b, "memory", &bi->target_memkb);
	memkb(b, "maxmem", &bi->max_memkb);
	if (getlong(b, "vcpus", &l)) {
		vcpus = l;
		bi->avail_vcpus = l > 0 ? (int)l : 0;
	}
	if (getlong(b, "maxvcpus", &l))
		bi->max_vcpus = (int)l;
	if (bi->max_memkb == XLM_MEMKB_DEFAULT)
		bi->max_memkb = bi->target_memkb;
	if (bi->max_vcpus == 0)
		bi->max_vcpus = (int)vcpus;
	if (bi->max_vcpus < vcpus)
		return fail(b, "maxvcpus", "maxvcpus < vcpus");
	if (affinity(b, "cpus", 1) || affinity(b, "cpus_soft", 0))
		return -1;
	if (grant_limit(b, "max_grant_frames", df ? df->max_grant_frames : -1, &l))
		return -1;
	bi->max_grant_frames = (uint32_t)l;
	if (grant_limit(b, "max_maptrack_frames", df ? df->max_maptrack_frames : -1, &l))
		return -1;
	bi->max_maptrack_frames = (uint32_t)l;
	if (grant_limit(b, "max_grant_version", df ? df->max_grant_version : -1, &l))
		return -1;
	bi->max_grant_version = (int)l;
	bi->claim_mode = XLM_BOOL(df ? df->claim_mode : 1);
	if (parse_action(b, "on_poweroff", "destroy", &b->d->on_poweroff) ||
	    parse_action(b, "on_reboot", "restart", &b->d->on_reboot) ||
	    parse_action(b, "on_watchdog", "destroy", &b->d->on_watchdog) ||
	    parse_action(b, "on_crash", "destroy", &b->d->on_crash) ||
	    parse_action(b, "on_soft_reset", "soft-reset", &b->d->on_soft_reset))
		return -1;
	if (bi->type == XLM_TYPE_PV)
		defbool(b, "e820_host", &bi->pv.e820_host);
	return 0;
}

/* rdm="strategy=...,policy=strict|relaxed": its policy (rdm itself has
 * no meaning on KVM: cfg_keys.c warns) */
static enum xlm_rdm_policy rdm_policy(struct build *b)
{
	enum xlm_rdm_policy p = XLM_RDM_STRICT;
	const char *s, *t;

	if (xlcfg_get_string(b->cfg, "rdm", &s, 1))
		return p;
	for (t = s; (t = strstr(t, "policy=")); t++)
		if (t == s || t[-1] == ',')
			p = !strncmp(t + 7, "relaxed", 7) ? XLM_RDM_RELAXED :
							    XLM_RDM_STRICT;
	return p;
}

static int pcidevs(struct build *b)
{
	struct xlm_domain *d = b->d;
	const struct xlcfg_value *l;
	long msitranslate = 0, power_mgmt = 0, permissive = 0, seize = 0;
	const char *s;
	int i;

	getlong(b, "pci_msitranslate", &msitranslate);
	getlong(b, "pci_power_mgmt", &power_mgmt);
	getlong(b, "pci_permissive", &permissive);
	getlong(b, "pci_seize", &seize);
	if (xlcfg_get_list(b->cfg, "pci", &l, NULL, 0))
		return 0;
	for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
		struct xlm_pci *p;

		p = realloc(d->pcidevs, (i + 1) * sizeof(*p));
		if (!p)
			return fail(b, NULL, "out of memory");
		d->pcidevs = p;
		p += i;
		xlm_pci_init(p);
		d->num_pcidevs = i + 1;
		p->msitranslate = !!msitranslate;
		p->power_mgmt = !!power_mgmt;
		p->permissive = !!permissive;
		p->seize = !!seize;
		/* as xl: each device follows rdm='s policy, libxl's
		 * b_info default (strict) without one */
		p->rdm_policy = rdm_policy(b);
		if (xlm_parse_pci(item_where(b, l, i), s, p))
			return -1;
	}
	if (d->num_pcidevs && d->c_info.type == XLM_TYPE_PV)
		d->b_info.pv.e820_host = XLM_TRUE;
	return 0;
}

static int tsc_and_timer(struct build *b)
{
	static const char *const tsc[] = { "default", "always_emulate",
					   "native", "native_paravirt" };
	static const char *const timer[] = { "delay_for_missed_ticks",
		"no_delay_for_missed_ticks", "no_missed_ticks_pending",
		"one_missed_tick_pending" };
	struct xlm_b_info *bi = &b->d->b_info;
	const char *s;
	long l;
	int v;

	if (!xlcfg_get_long(b->cfg, "tsc_mode", &l, 1)) {
		xlm_spec_warning(b->src, "tsc_mode as an integer is deprecated; use its name");
		if (l < 0 || l > 3)
			return fail(b, "tsc_mode", "invalid tsc_mode");
		bi->tsc_mode = l;
	} else if (!xlcfg_get_string(b->cfg, "tsc_mode", &s, 0)) {
		if (xlm_enum_parse(tsc, 0, 4, s, &v))
			return fail(b, "tsc_mode", "invalid value \"%s\" for \"tsc_mode\"", s);
		bi->tsc_mode = v;
	}
	if (!xlcfg_get_long(b->cfg, "timer_mode", &l, 1)) {
		if (bi->type == XLM_TYPE_PV)
			return fail(b, "timer_mode", "timer_mode is not supported for PV guests");
		if (l < 0 || l > 3)
			return fail(b, "timer_mode", "invalid timer_mode");
		bi->timer_mode = (int)l;
	} else if (!xlcfg_get_string(b->cfg, "timer_mode", &s, 0)) {
		if (bi->type == XLM_TYPE_PV)
			return fail(b, "timer_mode", "timer_mode is not supported for PV guests");
		if (xlm_enum_parse(timer, 0, 4, s, &v))
			return fail(b, "timer_mode", "invalid value \"%s\" for \"timer_mode\"", s);
		bi->timer_mode = v;
	}
	return 0;
}

static int b_info_boot(struct build *b)
{
	struct xlm_b_info *bi = &b->d->b_info;
	const struct xlcfg_value *l;
	long n;

	memkb(b, "shadow_memory", &bi->shadow_memkb);
	defbool(b, "nomigrate", &bi->disable_migrate);
	if (tsc_and_timer(b))
		return -1;
	if (getlong(b, "rtc_timeoffset", &n))
		bi->rtc_timeoffset = (uint32_t)n;
	if (getlong(b, "vncviewer", &n))
		xlm_spec_warning(b->src, "ignoring vncviewer; use xl create -V");
	defbool(b, "localtime", &bi->localtime);
	memkb(b, "videoram", &bi->video_memkb);
	if (getlong(b, "max_event_channels", &n))
		bi->event_channels = (uint32_t)n;
	rstring(b, "kernel", &bi->kernel);
	rstring(b, "ramdisk", &bi->ramdisk);
	rstring(b, "device_tree", &bi->device_tree);
	bi->cmdline = cmdline(b);
	defbool(b, "driver_domain", &b->d->c_info.driver_domain);
	defbool(b, "acpi", &bi->acpi);
	rstring(b, "bootloader", &bi->bootloader);
	switch (xlcfg_get_list(b->cfg, "bootloader_args", &l, NULL, 1)) {
	case 0:
		bi->bootloader_args = string_list(l);
		break;
	case EINVAL: {
		const char *s;
		char *copy, *t, *save = NULL;
		int i = 0;

		if (xlcfg_get_string(b->cfg, "bootloader_args", &s, 0))
			break;
		xlm_spec_warning(b->src, "bootloader_args as a string is deprecated; use a list");
		copy = strdup(s);
		bi->bootloader_args = calloc(strlen(s) + 1, sizeof(char *));
		for (t = strtok_r(copy, " \t\n", &save); t && bi->bootloader_args;
		     t = strtok_r(NULL, " \t\n", &save))
			bi->bootloader_args[i++] = strdup(t);
		free(copy);
		break;
	}
	}
	defbool(b, "nestedhvm", &bi->nested_hvm);
	return cpuid(b);
}

static int b_info_hvm(struct build *b)
{
	static const char *const bios[] = { "unknown", "rombios", "seabios",
					    "ovmf" };
	struct xlm_b_info *bi = &b->d->b_info;
	struct xlm_hvm *h = &bi->hvm;
	const char *s;
	long l;
	int v;

	if (bi->kernel) {
		const char *base = strrchr(bi->kernel, '/');

		if (!strcmp(base ? base + 1 : bi->kernel, "hvmloader")) {
			xlm_spec_warning(b->src, "kernel=hvmloader ignored; use firmware_override for custom firmware");
			free(bi->kernel);
			bi->kernel = NULL;
		}
	}
	rstring(b, "firmware_override", &h->firmware);
	rstring(b, "bios_path_override", &h->system_firmware);
	if (!xlcfg_get_string(b->cfg, "bios", &s, 0)) {
		if (xlm_enum_parse(bios, 0, 4, s, &v))
			return fail(b, "bios", "invalid value \"%s\" for \"bios\"", s);
		h->bios = v;
	} else if (h->system_firmware) {
		xlm_spec_warning(b->src, "bios_path_override given without specific bios name");
	}
	defbool(b, "pae", &h->pae);
	defbool(b, "acpi_s3", &h->acpi_s3);
	defbool(b, "acpi_s4", &h->acpi_s4);
	defbool(b, "acpi_laptop_slate", &h->acpi_laptop_slate);
	defbool(b, "nx", &h->nx);
	defbool(b, "hpet", &h->hpet);
	defbool(b, "vpt_align", &h->vpt_align);
	defbool(b, "apic", &bi->apic);
	if (xlcfg_get_list(b->cfg, "viridian", NULL, NULL, 1) == EINVAL)
		defbool(b, "viridian", &h->viridian);
	else if (xlcfg_find(b->cfg, "viridian"))
		xlm_spec_warning(b->src, "viridian enlightenment lists are not modelled; Hyper-V enlightenments follow the defaults");
	if (getlong(b, "mmio_hole", &l)) {
		uint64_t bytes = (uint64_t)l * 1024 * 1024;

		h->mmio_hole_memkb = (uint64_t)l * 1024;
		if (bytes < (256ULL << 20) || bytes > 0xfc000000ULL)
			return fail(b, "mmio_hole", "invalid value for \"mmio_hole\"");
	}
	rstring(b, "smbios_firmware", &h->smbios_firmware);
	rstring(b, "acpi_firmware", &h->acpi_firmware);
	memkb(b, "rdm_mem_boundary", &h->rdm_mem_boundary_memkb);
	if (!xlcfg_get_string(b->cfg, "firmware", &s, 0) &&
	    xlm_enum_parse(bios, 0, 4, s, &v)) {
		if (prefix_of(s, "uefi"))
			h->bios = XLM_BIOS_OVMF;
		else if (!prefix_of(s, "bios"))
			rstring(b, "firmware", &h->firmware);
	} else if (!xlcfg_get_string(b->cfg, "firmware", &s, 0)) {
		h->bios = v;
	}
	return 0;
}

static int b_info_pv(struct build *b)
{
	struct xlm_b_info *bi = &b->d->b_info;
	const char *s;

	if (!xlcfg_get_string(b->cfg, "firmware", &s, 0)) {
		if (bi->kernel)
			return fail(b, "firmware", "both kernel and firmware specified");
		if (!prefix_of(s, "pvgrub32") && !prefix_of(s, "pvgrub64"))
			return fail(b, "firmware", "only pvgrub32 and pvgrub64 are firmware options for PV/PVH (got `%s')", s);
		if (asprintf(&bi->kernel, "/usr/lib/xen/boot/%s.bin", s) < 0)
			return fail(b, NULL, "out of memory");
	}
	if (!bi->bootloader && !bi->kernel)
		return fail(b, NULL, "neither kernel nor bootloader specified");
	return 0;
}

#define GROW(arr, n) ({ void *p_ = realloc((arr), ((n) + 1) * sizeof(*(arr))); \
	if (p_) { (arr) = p_; memset(&(arr)[(n)], 0, sizeof(*(arr))); } p_; })

static int devices(struct build *b)
{
	struct xlm_domain *d = b->d;
	const struct xlcfg_value *l;
	const char *s;
	int i;

	if (!xlcfg_get_list(b->cfg, "disk", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->disks, d->num_disks))
				return fail(b, NULL, "out of memory");
			d->num_disks++;
			if (xlm_parse_disk(item_where(b, l, i), 1, &s, &d->disks[i]))
				return -1;
		}
	}
	if (!xlcfg_get_list(b->cfg, "p9", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->p9s, d->num_p9s))
				return fail(b, NULL, "out of memory");
			d->num_p9s++;
			/* xl gives the p9 its index, then initializes it
			 * again: Xen's p9s have no devid */
			d->p9s[i].devid = XLM_DEVID_DEFAULT;
			if (xlm_parse_p9(item_where(b, l, i), s, &d->p9s[i]))
				return -1;
		}
	}
	if (!xlcfg_get_list(b->cfg, "vtpm", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->vtpms, d->num_vtpms))
				return fail(b, NULL, "out of memory");
			d->num_vtpms++;
			d->vtpms[i].devid = i;
			if (xlm_parse_vtpm(item_where(b, l, i), s, &d->vtpms[i]))
				return -1;
		}
	}
	if (!xlcfg_get_list(b->cfg, "channel", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->channels, d->num_channels))
				return fail(b, NULL, "out of memory");
			d->num_channels++;
			d->channels[i].devid = i;
			if (xlm_parse_channel(item_where(b, l, i), s, &d->channels[i]))
				return -1;
		}
	}
	return 0;
}

static int nics_and_more(struct build *b, const struct xlm_defaults *df)
{
	struct xlm_domain *d = b->d;
	const struct xlcfg_value *l;
	const char *s;
	int i;

	if (!xlcfg_get_list(b->cfg, "vif", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->nics, d->num_nics))
				return fail(b, NULL, "out of memory");
			d->num_nics++;
			xlm_nic_init(&d->nics[i]);
			d->nics[i].devid = i;
			xlm_nic_apply_defaults(&d->nics[i], df);
			if (xlm_parse_nic(item_where(b, l, i), s, &d->nics[i]))
				return -1;
		}
	}
	if (!xlcfg_get_list(b->cfg, "vfb", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->vfbs, d->num_vfbs) || !GROW(d->vkbs, d->num_vkbs))
				return fail(b, NULL, "out of memory");
			d->vfbs[i].devid = d->vkbs[i].devid = i;
			d->num_vfbs++;
			d->num_vkbs++;
			xlm_parse_vfb(s, &d->vfbs[i]);
		}
	}
	if (!xlcfg_get_list(b->cfg, "usbctrl", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->usbctrls, d->num_usbctrls))
				return fail(b, NULL, "out of memory");
			d->num_usbctrls++;
			d->usbctrls[i].devid = i;
			if (xlm_parse_usbctrl(item_where(b, l, i), s, &d->usbctrls[i]))
				return -1;
		}
	}
	if (!xlcfg_get_list(b->cfg, "usbdev", &l, NULL, 0)) {
		for (i = 0; (s = xlcfg_list_string(l, i)); i++) {
			if (!GROW(d->usbdevs, d->num_usbdevs))
				return fail(b, NULL, "out of memory");
			d->num_usbdevs++;
			d->usbdevs[i].ctrl = XLM_DEVID_DEFAULT;
			if (xlm_parse_usbdev(item_where(b, l, i), s, &d->usbdevs[i]))
				return -1;
		}
	}
	return 0;
}

static int device_model(struct build *b)
{
	struct xlm_b_info *bi = &b->d->b_info;
	const struct xlcfg_value *l;
	const char *s;
	long n;
	int e;

	if (!xlcfg_get_string(b->cfg, "device_model", &s, 0))
		xlm_spec_warning(b->src, "ignoring device_model; use device_model_override");
	rstring(b, "device_model_override", &bi->device_model);
	if (!xlcfg_get_string(b->cfg, "device_model_version", &s, 0)) {
		if (!strcmp(s, "qemu-xen-traditional"))
			bi->device_model_version = XLM_DM_QEMU_XEN_TRADITIONAL;
		else if (!strcmp(s, "qemu-xen"))
			bi->device_model_version = XLM_DM_QEMU_XEN;
		else
			return fail(b, "device_model_version", "unknown device_model_version \"%s\"", s);
	} else if (bi->device_model) {
		xlm_spec_warning(b->src, "device model override given without specific DM version");
	}
	defbool(b, "device_model_stubdomain_override", &bi->device_model_stubdomain);
	rstring(b, "device_model_stubdomain_seclabel", &bi->device_model_ssid_label);
	rstring(b, "device_model_user", &bi->device_model_user);
	if (!xlcfg_get_string(b->cfg, "device_model_accel", &s, 0)) {
		if (strcmp(s, "auto") && strcmp(s, "kvm") && strcmp(s, "xen") &&
		    strcmp(s, "tcg"))
			return fail(b, "device_model_accel", "invalid device_model_accel `%s' (auto, kvm, xen or tcg)", s);
		bi->device_model_accel = strdup(s);
	}
	rstring(b, "stubdomain_kernel", &bi->stubdomain_kernel);
	rstring(b, "stubdomain_cmdline", &bi->stubdomain_cmdline);
	rstring(b, "stubdomain_ramdisk", &bi->stubdomain_ramdisk);
	if (getlong(b, "stubdomain_memory", &n))
		bi->stubdomain_memkb = (uint64_t)n * 1024;
	{
		static const char *const keys[] = { "device_model_args",
			"device_model_args_pv", "device_model_args_hvm" };
		char ***slots[] = { &bi->extra, &bi->extra_pv, &bi->extra_hvm };
		int i;

		for (i = 0; i < 3; i++) {
			e = xlcfg_get_list(b->cfg, keys[i], &l, NULL, 0);
			if (!e)
				*slots[i] = string_list(l);
			else if (e != ESRCH)
				return fail(b, keys[i], "unable to parse %s (it must be a list)", keys[i]);
		}
	}
	return 0;
}

static void vnc_sdl(struct build *b, struct xlm_vnc *vnc, struct xlm_sdl *sdl)
{
	long l;

	defbool(b, "vnc", &vnc->enable);
	rstring(b, "vnclisten", &vnc->listen);
	rstring(b, "vncpasswd", &vnc->passwd);
	if (getlong(b, "vncdisplay", &l))
		vnc->display = (int)l;
	defbool(b, "vncunused", &vnc->findunused);
	defbool(b, "sdl", &sdl->enable);
	defbool(b, "opengl", &sdl->opengl);
	rstring(b, "display", &sdl->display);
	rstring(b, "xauthority", &sdl->xauthority);
}

static int display(struct build *b)
{
	struct xlm_domain *d = b->d;
	long l;

	if (d->c_info.type == XLM_TYPE_PV && !d->num_vfbs) {
		if (getlong(b, "vnc", &l) && l) {
			if (!GROW(d->vfbs, d->num_vfbs) || !GROW(d->vkbs, d->num_vkbs))
				return fail(b, NULL, "out of memory");
			d->num_vfbs = d->num_vkbs = 1;
			vnc_sdl(b, &d->vfbs[0].vnc, &d->vfbs[0].sdl);
			rstring(b, "keymap", &d->vfbs[0].keymap);
		}
	} else {
		vnc_sdl(b, &d->b_info.hvm.vnc, &d->b_info.hvm.sdl);
	}
	defbool(b, "dm_restrict", &d->b_info.dm_restrict);
	return 0;
}

static int hvm_devices(struct build *b)
{
	static const char *const hdtypes[] = { "ide", "ahci" };
	struct xlm_hvm *h = &b->d->b_info.hvm;
	struct xlm_spice *sp = &h->spice;
	const char *s;
	long l;
	int v;

	if (!xlcfg_get_string(b->cfg, "vga", &s, 0)) {
		if (!strcmp(s, "stdvga"))
			h->vga = XLM_VGA_STD;
		else if (!strcmp(s, "cirrus"))
			h->vga = XLM_VGA_CIRRUS;
		else if (!strcmp(s, "none"))
			h->vga = XLM_VGA_NONE;
		else if (!strcmp(s, "qxl"))
			h->vga = XLM_VGA_QXL;
		else
			return fail(b, "vga", "unknown vga \"%s\"", s);
	} else if (getlong(b, "stdvga", &l)) {
		h->vga = l ? XLM_VGA_STD : XLM_VGA_CIRRUS;
	}
	if (!xlcfg_get_string(b->cfg, "hdtype", &s, 0)) {
		if (xlm_enum_parse(hdtypes, 1, 2, s, &v))
			return fail(b, "hdtype", "invalid value \"%s\" for \"hdtype\"", s);
		h->hdtype = v;
	}
	rstring(b, "keymap", &h->keymap);
	defbool(b, "spice", &sp->enable);
	if (getlong(b, "spiceport", &l))
		sp->port = (int)l;
	if (getlong(b, "spicetls_port", &l))
		sp->tls_port = (int)l;
	rstring(b, "spicehost", &sp->host);
	defbool(b, "spicedisable_ticketing", &sp->disable_ticketing);
	rstring(b, "spicepasswd", &sp->passwd);
	defbool(b, "spiceagent_mouse", &sp->agent_mouse);
	defbool(b, "spicevdagent", &sp->vdagent);
	defbool(b, "spice_clipboard_sharing", &sp->clipboard_sharing);
	if (getlong(b, "spiceusbredirection", &l))
		sp->usbredirection = (int)l;
	rstring(b, "spice_image_compression", &sp->image_compression);
	rstring(b, "spice_streaming_video", &sp->streaming_video);
	defbool(b, "nographic", &h->nographic);
	if (!xlcfg_get_long(b->cfg, "gfx_passthru", &l, 1))
		h->gfx_passthru = XLM_BOOL(l);
	else if (!xlcfg_get_string(b->cfg, "gfx_passthru", &s, 0))
		h->gfx_passthru = XLM_TRUE;
	list_or_string(b, "serial", &h->serial_list, &h->serial);
	rstring(b, "boot", &h->boot);
	defbool(b, "usb", &h->usb);
	if (getlong(b, "usbversion", &l))
		h->usbversion = (int)l;
	list_or_string(b, "usbdevice", &h->usbdevice_list, &h->usbdevice);
	defbool(b, "vkb_device", &h->vkb_device);
	rstring(b, "soundhw", &h->soundhw);
	defbool(b, "xen_platform_pci", &h->xen_platform_pci);
	if (h->vnc.listen && h->vnc.display && strchr(h->vnc.listen, ':'))
		return fail(b, "vncdisplay", "display specified both in vnclisten and vncdisplay");
	return 0;
}

int xlm_domain_from_config(const struct xlcfg *cfg,
			   const struct xlm_defaults *df, struct xlm_domain *d)
{
	struct build b = { .cfg = cfg, .src = xlcfg_source(cfg), .d = d };
	int hvm;

	xlm_domain_init(d);
	if (c_info(&b, df) || b_info_general(&b, df) || pcidevs(&b) ||
	    b_info_boot(&b))
		return -1;
	hvm = d->c_info.type == XLM_TYPE_HVM;
	if (hvm ? b_info_hvm(&b) : b_info_pv(&b))
		return -1;
	if (devices(&b) || nics_and_more(&b, df) || device_model(&b) ||
	    display(&b) || (hvm && hvm_devices(&b)))
		return -1;
	defbool(&b, "xend_suspend_evtchn_compat",
		&d->c_info.xend_suspend_evtchn_compat);
	defbool(&b, "msr_relaxed", &d->b_info.msr_relaxed);
	defbool(&b, "vpmu", &d->b_info.vpmu);
	return 0;
}
