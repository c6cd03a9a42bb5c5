/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Platform keys on the QEMU command line, and the ones KVM cannot honour
 * yet, each with a warning or an error (never a silent drop):
 *   acpi_s3=0 / acpi_s4=0   -global PIIX4_PM.disable_s3/_s4=1 (as libxl)
 *   smbios_firmware=F       -smbios file=F
 *   acpi_firmware=F         -acpitable file=F
 *   soundhw=hda|ac97|sb16|es1370  the card, on a silent audio backend
 *   pae=0, nx=0             the CPU flag removed (dm_argv.c, -cpu)
 *   tsc_mode                warned: KVM keeps its own TSC policy
 *   gfx_passthru, vtpm      refused: not implemented yet
 */
#include <errno.h>
#include <string.h>

#include "dm_internal.h"

static int sound(struct dm_ctx *c, const char *hw)
{
	static const struct { const char *xl, *dev; } cards[] = {
		{ "ac97", "AC97" }, { "sb16", "sb16" }, { "es1370", "ES1370" },
	};
	size_t i;

	dm_opt(c, "-audiodev", "none,id=snd0");
	if (!strcmp(hw, "hda")) {
		dm_opt(c, "-device", "intel-hda");
		dm_opt(c, "-device", "hda-duplex,audiodev=snd0");
		return c->rc;
	}
	for (i = 0; i < sizeof(cards) / sizeof(cards[0]); i++)
		if (!strcmp(hw, cards[i].xl)) {
			dm_opt(c, "-device", "%s,audiodev=snd0", cards[i].dev);
			return c->rc;
		}
	return dm_fail(c, -ENOTSUP, "soundhw=\"%s\": xen-kvm knows hda, "
		       "ac97, sb16 and es1370", hw);
}

int dm_platform(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	const struct xlm_hvm *h = &b->hvm;

	if (c->d->num_vtpms)
		return dm_fail(c, -ENOTSUP, "vtpm is not implemented yet "
			       "(Xen's vTPM stub domain has no KVM "
			       "counterpart here; swtpm would be one)");
	if (b->tsc_mode != XLM_TSC_DEFAULT)
		dm_warn(c, "tsc_mode is not applied: KVM and QEMU keep their "
			"own TSC policy");
	if (!c->hvm)
		return c->rc;
	if (h->gfx_passthru == XLM_TRUE)
		return dm_fail(c, -ENOTSUP, "gfx_passthru is not implemented "
			       "yet: give the GPU with pci= (vfio-pci)");
	if (h->acpi_s3 == XLM_FALSE)
		dm_opt(c, "-global", "PIIX4_PM.disable_s3=1");
	if (h->acpi_s4 == XLM_FALSE)
		dm_opt(c, "-global", "PIIX4_PM.disable_s4=1");
	if (h->smbios_firmware)
		dm_opt(c, "-smbios", "file=%s", dm_esc(c, h->smbios_firmware));
	if (h->acpi_firmware)
		dm_opt(c, "-acpitable", "file=%s", dm_esc(c, h->acpi_firmware));
	if (h->soundhw)
		sound(c, h->soundhw);
	return c->rc;
}
