/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_create.c: starting a domain (xl_create.h): libxl's defaults, the
 * accelerator and its notice, the runtime's create (runtime/create.h),
 * then the console or the wait that xl create -c / -F ask for; and the
 * config text that xl save embeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xl.h"
#include "xl_console.h"
#include "xl_create.h"
#include "xl_dom.h"
#include "accel.h"
#include "dm_argv.h"
#include "memlayout.h"
#include "create.h"
#include "domain.h"
#include "liveness.h"

void xl_create_opts(const struct xl_args *a, struct xl_create_flags *f)
{
	if (a->opt['e'])
		fprintf(stderr, "xl %s -e: ignored: the domain's monitor "
			"always runs (it owns QEMU), so on_poweroff, on_reboot "
			"and on_crash still apply\n", a->cmd->name);
	if (a->opt['d'])
		fprintf(stderr, "xl %s -d: ignored: xl has no debug "
			"messages to enable\n", a->cmd->name);
	f->vncviewer = a->opt['A'] ? 2 : a->opt['V'] ? 1 : 0;
}

int xl_create_check(struct xlm_domain *d, const struct xl_create_flags *f,
		    bool dry, struct xlrt_accel_choice *ch)
{
	struct xlrt_accel_req req = { 0 };
	struct xlrt_dm_env env = { .domid = 1, .qemu = xl.conf.qemu,
				   .pci_unexpanded = true,
				   .migrating = f->migrating };
	struct xlrt_memlayout mem;
	struct xlrt_dm dm;
	char err[1200];
	size_t i;

	/* Ours, not libxl's default: QEMU is confined unless a config or
	 * xl.conf says otherwise, and then it is said at every create. */
	if (!dry && d->b_info.dm_restrict == XLM_DEFAULT)
		d->b_info.dm_restrict = xl.conf.dm_restrict ? XLM_TRUE
							    : XLM_FALSE;
	if (!dry && d->b_info.dm_restrict == XLM_FALSE) {
		if (xl.conf.dm_restrict)
			fprintf(stderr, "xl: warning: domain %s: dm_restrict "
				"= 0: its QEMU runs as root, unconfined\n",
				d->c_info.name);
		else
			fprintf(stderr, "%s:%d:%d: warning: kvm.dm_restrict = "
				"0: domain %s's QEMU runs as root, "
				"unconfined\n", xl.conf.path,
				xl.conf.dm_restrict_line,
				xl.conf.dm_restrict_col, d->c_info.name);
	}
	if (xlm_domain_setdefault(d))
		return EXIT_FAILURE;
	req.config = d->b_info.device_model_accel;
	req.xlconf = xlconf_accel_name(xl.conf.accel);
	req.qemu = xl.conf.qemu;
	req.no_probe = dry;
	if (xlrt_accel_choose(&req, ch)) {
		fprintf(stderr, "xl: %s\n", ch->why);
		return EXIT_FAILURE;
	}
	env.accel = ch->accel;
	/* the command line is built again by the monitor, for its domid */
	if (xlrt_memlayout_of(d, &mem, err, sizeof(err)) ||
	    xlrt_dm_build(d, &env, &dm, err, sizeof(err))) {
		fprintf(stderr, "xl: cannot create domain %s: %s\n",
			d->c_info.name, err);
		return EXIT_FAILURE;
	}
	/* the monitor reports them when the domain starts */
	for (i = 0; dry && i < dm.warnings.n; i++)
		fprintf(stderr, "%s\n", dm.warnings.v[i]);
	xlrt_dm_free(&dm);
	return EXIT_SUCCESS;
}

int xl_affinity_masks(struct xlm_domain *d)
{
	return xlm_apply_affinity_masks(d, &xl.conf.vm_mask, d->b_info.type == XLM_TYPE_PV ?
					&xl.conf.pv_mask : &xl.conf.hvm_mask);
}

int xl_create_run(struct xlm_domain *d, const struct xl_create_flags *f)
{
	struct xlrt_accel_choice ch;
	struct xlrt_create_opts o = { 0 };
	char err[1200], notice[512];
	unsigned int domid;
	pid_t mon;
	int r;

	if (xl_create_check(d, f, false, &ch))
		return EXIT_FAILURE;
	if (!f->quiet) {
		xlrt_accel_notice(&ch, notice, sizeof(notice));
		fprintf(stderr, "%s\n", notice);
	}
	o.accel = ch.accel;
	o.qemu = xl.conf.qemu;
	o.paused = f->paused;
	o.config_text = f->config_text;
	o.incoming = f->incoming;
	o.migrating = f->migrating;
	o.saved_mem = f->saved_mem;
	o.guest_xs = f->guest_xs;
	o.guest_xs_len = f->guest_xs_len;
	o.guest_link = xl.conf.guest_link;
	o.vsock_cid_base = xl.conf.vsock_cid_base;
	o.domid_random = xl.conf.domid_random;
	o.lockfile = xl.conf.lockfile;
	o.dm_restrict = d->b_info.dm_restrict == XLM_TRUE;
	r = xlrt_domain_create(d, &o, &domid, &mon, err, sizeof(err));
	if (r) {
		fprintf(stderr, "xl: cannot create domain %s: %s\n",
			d->c_info.name, err);
		return EXIT_FAILURE;
	}
	if (f->vncviewer) {
		/* the viewer beside us, as Xen's xl forks it */
		fflush(NULL);
		mon = fork();
		if (mon == 0)
			_exit(xl_vncviewer_exec(domid, f->vncviewer == 2));
		if (mon < 0)
			fprintf(stderr, "xl: cannot start the VNC viewer: %m\n");
	}
	if (f->console)
		return xl_console_attach(domid, XL_CONSOLE_PRIMARY, 0);
	if (f->foreground) {
		struct xlrt_domstate st;

		/* until no domain of this name is left (restarts included) */
		while (!xlrt_domain_lookup(NULL, d->c_info.name, &domid, NULL, 0)) {
			if (xlrt_domain_liveness(NULL, domid, &st) == XLRT_LIVE_DEAD) {
				fprintf(stderr, "xl: domain %s (domid %u) died: its monitor and QEMU are gone\n",
					d->c_info.name, domid);
				return EXIT_FAILURE;
			}
			xl_sleep_ms(200);
		}
	}
	return EXIT_SUCCESS;
}

char *xl_config_text(const char *file, const char *extra)
{
	char *data, *all;
	size_t len;
	int e = xlcfg_read_file(file, &data, &len);

	if (e) {
		fprintf(stderr, "%s: error: cannot read the config file: %s\n",
			file, strerror(e));
		return NULL;
	}
	if (!extra || !*extra)
		return data;
	/* as xl create parses it: "\n<extra>\n" appended */
	all = realloc(data, len + strlen(extra) + 3);
	if (!all) {
		free(data);
		return NULL;
	}
	sprintf(all + len, "\n%s\n", extra);
	return all;
}
