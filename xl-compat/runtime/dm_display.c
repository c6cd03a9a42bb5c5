/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Graphics on the QEMU command line, as libxl_dm.c maps them:
 *   HVM vga=      stdvga -> VGA, cirrus -> cirrus-vga, qxl -> qxl-vga
 *                 (vram and ram each half of videoram, as libxl), none;
 *                 videoram -> vgamem_mb
 *   PV/PVH vfb    virtio-vga plus virtio keyboard and tablet (Xen's PV
 *                 framebuffer and vkb)
 *   vnc           -vnc LISTEN:DISPLAY[,to=99 with vncunused]; a password
 *                 never appears in argv: QEMU reads it from a file in the
 *                 domain dir (-object secret,file=) that the caller
 *                 writes 0600 before QEMU starts (struct xlrt_dm.files)
 *   spice         -spice port/tls-port/addr/ticketing (password as vnc's),
 *                 agent-mouse, vdagent (spicevmc on vser0),
 *                 usbredirection (usb-redir on the xhci bus)
 *   sdl           -display sdl[,gl=on]
 * Without sdl and without a display option in device_model_args,
 * `-display none': QEMU never opens a window by surprise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_internal.h"
#include "paths.h"

/* A secret QEMU reads from RUN_DIR/<domid>/<name>.secret. */
static int secret(struct dm_ctx *c, const char *name, const char *data)
{
	struct xlrt_dm *dm = c->dm;
	struct xlrt_dm_file *f;
	char dir[4096];
	int r = xlrt_path_dom_dir(dir, sizeof(dir), c->env->domid);

	if (r)
		return dm_fail(c, r, "no path for the domain's secrets");
	f = realloc(dm->files, (dm->num_files + 1) * sizeof(*f));
	if (!f)
		return dm_fail(c, -ENOMEM, "out of memory");
	dm->files = f;
	f += dm->num_files;
	f->data = strdup(data);
	if (asprintf(&f->path, "%s/%s.secret", dir, name) < 0)
		f->path = NULL;
	dm->num_files++;
	if (!f->data || !f->path)
		return dm_fail(c, -ENOMEM, "out of memory");
	dm_opt(c, "-object", "secret,id=%s,file=%s,format=raw", name,
	       dm_esc(c, f->path));
	return c->rc;
}

/* xl's vnclisten: "HOST" or "HOST:DISPLAY" (libxl takes a colon to mean
 * the display is given); an IPv6 address is bracketed for QEMU */
static void vnc(struct dm_ctx *c, const struct xlm_vnc *v)
{
	const char *listen = v->listen ? v->listen : "127.0.0.1";
	const char *colon = strchr(listen, ':');
	bool pw = v->passwd && *v->passwd;
	bool v6 = colon && strchr(colon + 1, ':') && listen[0] != '[';
	char disp[16] = "";

	if (v->enable != XLM_TRUE)
		return;
	if (pw && secret(c, "vnc", v->passwd))
		return;
	if (!colon || v6 || (listen[0] == '[' && !strstr(listen, "]:")))
		snprintf(disp, sizeof(disp), ":%d", v->display);
	dm_opt(c, "-vnc", "%s%s%s%s%s%s", v6 ? "[" : "", listen, v6 ? "]" : "",
	       disp, v->findunused == XLM_FALSE ? "" : ",to=99",
	       pw ? ",password-secret=vnc" : "");
}

static int spice(struct dm_ctx *c)
{
	const struct xlm_spice *s = &c->d->b_info.hvm.spice;
	char port[64] = "";
	bool pw = s->passwd && *s->passwd;

	if (s->enable != XLM_TRUE)
		return 0;
	if (!s->port && !s->tls_port)
		return dm_fail(c, -EINVAL, "spice needs spiceport or "
			       "spicetls_port");
	if (!pw && s->disable_ticketing != XLM_TRUE)
		return dm_fail(c, -EINVAL, "spice needs spicepasswd, or "
			       "spicedisable_ticketing=1");
	if (pw && secret(c, "spice", s->passwd))
		return c->rc;
	if (s->port)
		snprintf(port, sizeof(port), ",port=%d", s->port);
	if (s->tls_port)
		snprintf(port + strlen(port), sizeof(port) - strlen(port),
			 ",tls-port=%d", s->tls_port);
	dm_opt(c, "-spice", "addr=%s%s%s,agent-mouse=%s%s%s%s%s%s",
	       dm_esc(c, s->host ? s->host : "127.0.0.1"), port,
	       pw ? ",password-secret=spice" : ",disable-ticketing=on",
	       s->agent_mouse == XLM_FALSE ? "off" : "on",
	       s->clipboard_sharing == XLM_TRUE ? "" :
	       ",disable-copy-paste=on",
	       s->image_compression ? ",image-compression=" : "",
	       s->image_compression ? dm_esc(c, s->image_compression) : "",
	       s->streaming_video ? ",streaming-video=" : "",
	       s->streaming_video ? dm_esc(c, s->streaming_video) : "");
	if (s->vdagent == XLM_TRUE) {
		dm_opt(c, "-chardev", "spicevmc,id=vdagent,name=vdagent");
		dm_opt(c, "-device", "virtserialport,bus=vser0.0,"
		       "chardev=vdagent,name=com.redhat.spice.0");
	}
	return c->rc;
}

static void sdl(struct dm_ctx *c, const struct xlm_sdl *s)
{
	if (s->enable != XLM_TRUE)
		return;
	dm_opt(c, "-display", "sdl%s", s->opengl == XLM_TRUE ? ",gl=on" : "");
	if (s->display || s->xauthority)
		dm_warn(c, "sdl: display= and xauthority= are QEMU's "
			"environment ($DISPLAY, $XAUTHORITY), not set by "
			"xen-kvm yet: QEMU uses the toolstack's");
}

static void vga(struct dm_ctx *c)
{
	const struct xlm_b_info *b = &c->d->b_info;
	unsigned long mb = (unsigned long)(b->video_memkb / 1024);

	if (b->hvm.nographic == XLM_TRUE)
		return;
	switch (b->hvm.vga) {
	case XLM_VGA_STD:
		dm_opt(c, "-device", "VGA,vgamem_mb=%lu", mb);
		break;
	case XLM_VGA_QXL:
		dm_opt(c, "-device", "qxl-vga,vgamem_mb=%lu,vram_size_mb=%lu,"
		       "ram_size_mb=%lu", mb / 2, mb / 2, mb / 2);
		break;
	case XLM_VGA_NONE:
		break;
	default:
		dm_opt(c, "-device", "cirrus-vga,vgamem_mb=%lu",
		       mb > 16 ? 16 : mb);
		break;
	}
}

/* a display option among device_model_args: theirs decides */
static bool user_display(const struct xlm_b_info *b, bool hvm)
{
	static const char *const opts[] = { "-display", "-nographic", "-sdl",
					    "-curses", NULL };
	char **lists[2] = { b->extra, hvm ? b->extra_hvm : b->extra_pv };
	int i, j, k;

	for (i = 0; i < 2; i++)
		for (j = 0; lists[i] && lists[i][j]; j++)
			for (k = 0; opts[k]; k++)
				if (!strcmp(lists[i][j], opts[k]))
					return true;
	return false;
}

int dm_display(struct dm_ctx *c)
{
	const struct xlm_domain *d = c->d;
	const struct xlm_sdl *s = NULL;

	if (c->hvm) {
		vga(c);
		vnc(c, &d->b_info.hvm.vnc);
		s = &d->b_info.hvm.sdl;
		if (spice(c))
			return c->rc;
		if (d->b_info.hvm.keymap)
			dm_opt(c, "-k", "%s", d->b_info.hvm.keymap);
	} else if (d->num_vfbs) {
		if (d->num_vfbs > 1)
			dm_warn(c, "only the first of %d vfbs is shown",
				d->num_vfbs);
		dm_opt(c, "-device", "virtio-vga");
		dm_opt(c, "-device", "virtio-keyboard-pci");
		dm_opt(c, "-device", "virtio-tablet-pci");
		c->virtio_in_xen = c->virtio_in_xen || c->xen;
		vnc(c, &d->vfbs[0].vnc);
		s = &d->vfbs[0].sdl;
		if (d->vfbs[0].keymap)
			dm_opt(c, "-k", "%s", d->vfbs[0].keymap);
	}
	if (s && s->enable == XLM_TRUE)
		sdl(c, s);
	else if (!user_display(&d->b_info, c->hvm))
		dm_opt(c, "-display", "none");
	return c->rc;
}
