/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xlconf.c: reads xl.conf with the config-language library: the keys Xen's
 * xl honours (with its deprecated aliases) and the kvm.* keys.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlconf.h"

static const char *const accels[] = { "auto", "kvm", "xen", "tcg" };
static const char *const links[] = { "auto", "serial", "vsock" };

const char *xlconf_accel_name(enum xlconf_accel a)
{
	return accels[a];
}

static const char *get(struct xlconf *c, const char *key, const char *dflt)
{
	const char *s;

	return xlcfg_get_string(c->cfg, key, &s, 0) ? dflt : s;
}

/* A deprecated key, then its replacement (which wins). */
static const char *get_alias(struct xlconf *c, const char *old,
			     const char *key)
{
	const char *s = get(c, old, NULL);

	if (s)
		fprintf(stderr, "%s: warning: the global config option %s is deprecated, please switch to %s\n",
			c->path, old, key);
	return get(c, key, s);
}

static long get_long(struct xlconf *c, const char *key, long dflt)
{
	long l;

	return xlcfg_get_long(c->cfg, key, &l, 0) ? dflt : l;
}

/* A key whose value is one of names[] (names[0] is the default): its index,
 * or -1 after an error that lists the values. */
static int get_enum(struct xlconf *c, const char *key,
		    const char *const *names, int n)
{
	const char *s = get(c, key, names[0]);
	int v;

	if (!xlm_enum_parse(names, 0, n, s, &v))
		return v;
	fprintf(stderr, "%s: error: %s must be one of", c->path, key);
	for (v = 0; v < n; v++)
		fprintf(stderr, "%s %s", v ? "," : "", names[v]);
	fprintf(stderr, " (got `%s')\n", s);
	return -1;
}

static long grant(struct xlconf *c, const char *key)
{
	long l;

	return xlcfg_get_bounded_long(c->cfg, key, 0, INT_MAX, &l, 1) ? -1 : l;
}

/* A key (with value val, or any value when val is NULL) that changes
 * nothing here: said once, at its place. */
static void ignored(struct xlconf *c, const char *key, const char *val,
		    const char *why)
{
	const struct xlcfg_setting *set = xlcfg_find(c->cfg, key);
	const char *s = get(c, key, NULL);

	if (set && (!val || (s && !strcmp(s, val))))
		fprintf(stderr, "%s:%d:%d: warning: `%s'%s%s%s is ignored: %s\n",
			c->path, set->line, set->col, key, val ? " = \"" : "",
			val ? val : "", val ? "\"" : "", why);
}

/* Xen's keys that have no counterpart (yet), and ours not used yet */
static void ignored_keys(struct xlconf *c)
{
	static const char balloon[] = "the host's memory is never ballooned "
		"to make room for a domain on KVM";

	const char *s = get(c, "autoballoon", "auto");

	if (strcmp(s, "on") && strcmp(s, "1") && strcmp(s, "off") &&
	    strcmp(s, "0") && strcmp(s, "auto"))
		fprintf(stderr, "%s: warning: invalid autoballoon value `%s', using auto\n",
			c->path, s);
	ignored(c, "autoballoon", "on", balloon);
	ignored(c, "autoballoon", "1", balloon);
	ignored(c, "output_format", "sxp", "not implemented; xl list -l "
		"prints JSON");
	ignored(c, "kvm.state_dir", NULL, "not used yet; XEN_KVM_LIB_DIR "
		"sets the directory");
	ignored(c, "kvm.run_dir", NULL, "not used yet; XEN_KVM_RUN_DIR sets "
		"the directory");
}

/* A cpu mask key (xl's cpu list syntax), errors at its line. */
static int cpumask(struct xlconf *c, const char *key, struct xlm_cpumap *m)
{
	const struct xlcfg_setting *set = xlcfg_find(c->cfg, key);
	const char *s = get(c, key, NULL);
	char where[4200];

	if (!s)
		return 0;
	snprintf(where, sizeof(where), "%s:%d:%d", c->path, set->line, set->col);
	return xlm_parse_cpurange(where, s, m);
}

static int keys(struct xlconf *c)
{
	struct xlm_defaults *df = &c->defaults;
	const struct xlcfg_setting *set;
	const char *s;
	long l;
	int v;

	ignored_keys(c);
	df->run_hotplug_scripts = (int)get_long(c, "run_hotplug_scripts", 1);
	df->vif_script = get_alias(c, "vifscript", "vif.default.script");
	df->vif_bridge = get_alias(c, "defaultbridge", "vif.default.bridge");
	df->vif_gatewaydev = get(c, "vif.default.gatewaydev", NULL);
	df->vif_backend = get(c, "vif.default.backend", NULL);
	df->blkdev_start = get(c, "blkdev_start", NULL);
	df->claim_mode = (int)get_long(c, "claim_mode", 1);
	df->max_grant_frames = grant(c, "max_grant_frames");
	df->max_maptrack_frames = grant(c, "max_maptrack_frames");
	df->max_grant_version = grant(c, "max_grant_version");

	c->lockfile = get(c, "lockfile", NULL);
	if (cpumask(c, "vm.cpumask", &c->vm_mask) || cpumask(c, "vm.hvm.cpumask", &c->hvm_mask) ||
	    cpumask(c, "vm.pv.cpumask", &c->pv_mask))
		return -1;
	s = get(c, "domid_policy", "xen");
	c->domid_random = !strcmp(s, "random");
	if (strcmp(s, "xen") && !c->domid_random)
		fprintf(stderr, "%s: warning: invalid domid_policy value `%s', "
			"using xen\n", c->path, s);

	c->dm_restrict = true;
	switch (xlcfg_get_bounded_long(c->cfg, "kvm.dm_restrict", 0, 1, &l,
				       0)) {
	case 0:
		c->dm_restrict = l;
		set = xlcfg_find(c->cfg, "kvm.dm_restrict");
		c->dm_restrict_line = set->line;
		c->dm_restrict_col = set->col;
		break;
	case ESRCH:
		break;
	default:	/* the warning said why */
		return -1;
	}

	v = get_enum(c, "kvm.accel", accels, 4);
	if (v < 0)
		return -1;
	c->accel = v;
	c->qemu = get(c, "kvm.qemu", NULL);

	v = get_enum(c, "kvm.guest_link", links, 3);
	if (v < 0)
		return -1;
	c->guest_link = v;
	c->vsock_cid_base = 0x10000;
	switch (xlcfg_get_bounded_long(c->cfg, "kvm.vsock_cid_base",
				       (long)XLCONF_VSOCK_CID_MIN,
				       (long)XLCONF_VSOCK_CID_MAX, &l, 0)) {
	case 0:
		c->vsock_cid_base = (unsigned long)l;
		break;
	case ESRCH:
		break;
	default:	/* the warning said why */
		return -1;
	}
	return 0;
}

int xlconf_load(struct xlconf *c, const char *path)
{
	int explicit = path != NULL, e;

	memset(c, 0, sizeof(*c));
	if (!path)
		path = getenv("XL_CONF");
	if (path && *path)
		explicit = 1;
	else
		path = XLCONF_DEFAULT_PATH;
	c->path = path;
	c->cfg = xlcfg_new(path, stderr);
	if (!c->cfg)
		return -1;
	/* no xl.conf at the default place: built-in defaults */
	if (explicit || access(path, F_OK) == 0 || errno != ENOENT) {
		e = xlcfg_parse_file(c->cfg, path);
		if (e)
			return -1;
	}
	return keys(c);
}

void xlconf_dispose(struct xlconf *c)
{
	xlcfg_free(c->cfg);
	c->cfg = NULL;
	free(c->vm_mask.map);
	free(c->hvm_mask.map);
	free(c->pv_mask.map);
}
