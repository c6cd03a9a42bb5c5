/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host PCI devices for passthrough with VFIO (pci.h): the sysfs steps of
 * pci-assignable-add/-remove/-list and of pci= at create, and the
 * /libxl/pci state libxl keeps in XenStore.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "paths.h"
#include "pci.h"

extern char **environ;

/* How long the kernel may take to bind or unbind a driver: probing is
 * synchronous for vfio-pci, but a driver may probe asynchronously. */
#define BIND_WAIT_MS 3000
#define NAME_MAX_LEN 64		/* libxl's bound on a device name */

void xlrt_bdf_str(const struct xlrt_bdf *b, char out[XLRT_BDF_LEN])
{
	snprintf(out, XLRT_BDF_LEN, "%04x:%02x:%02x.%01x", b->dom & 0xffff,
		 b->bus & 0xff, b->dev & 0x1f, b->func & 7);
}

int xlrt_bdf_parse(const char *s, struct xlrt_bdf *b)
{
	struct xlm_pci p;

	xlm_pci_init(&p);
	if (xlm_parse_pci_bdf(s, &p) || p.vfunc_mask != 1)
		return -EINVAL;
	*b = xlrt_bdf_of(&p);
	return 0;
}

struct xlrt_bdf xlrt_bdf_of(const struct xlm_pci *p)
{
	struct xlrt_bdf b = { (unsigned int)p->domain, p->bus, p->dev,
			      p->func };

	return b;
}

int xlrt_pci_info_path(char *buf, size_t len, const struct xlrt_bdf *b,
		       const char *node)
{
	int n = snprintf(buf, len, "/libxl/pci/%04x-%02x-%02x-%01x%s%s",
			 b->dom, b->bus, b->dev, b->func, node ? "/" : "",
			 node ? node : "");

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

void xlrt_pci_qdev_id(const struct xlrt_bdf *b, char *buf, size_t len)
{
	snprintf(buf, len, "xlpci-%04x-%02x-%02x-%01x", b->dom, b->bus, b->dev,
		 b->func);
}

const char *xlrt_pci_qemu_driver(void)
{
	const char *s = getenv("XEN_KVM_PCI_STANDIN");

	return s && *s ? s : "vfio-pci";
}

static int errf(char *err, size_t len, int r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int errf(char *err, size_t len, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return r;
}

/* SYSFS/<rel...> */
static int sys_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sys_path(char *buf, size_t len, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return -ENAMETOOLONG;
	return xlrt_path_sysfs_file(buf, len, rel);
}

/* SYSFS/bus/pci/devices/BDF[/attr] */
static int dev_path(char *buf, size_t len, const struct xlrt_bdf *b,
		    const char *attr)
{
	char bdf[XLRT_BDF_LEN];

	xlrt_bdf_str(b, bdf);
	return sys_path(buf, len, "bus/pci/devices/%s%s%s", bdf,
			attr ? "/" : "", attr ? attr : "");
}

static bool dev_exists(const struct xlrt_bdf *b)
{
	char p[PATH_MAX];
	struct stat st;

	return !dev_path(p, sizeof(p), b, NULL) && !stat(p, &st);
}

/* The last component of the symlink at path: 0, -ENOENT if none. */
static int link_base(const char *path, char *out, size_t len)
{
	char t[PATH_MAX];
	ssize_t n = readlink(path, t, sizeof(t) - 1);
	const char *s;

	if (n < 0)
		return -errno;
	t[n] = '\0';
	s = strrchr(t, '/');
	s = s ? s + 1 : t;
	if (strlen(s) >= len)
		return -ENAMETOOLONG;
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* The driver holding the device: 0 and its name, -ENOENT for none. */
static int driver_of(const struct xlrt_bdf *b, char *out, size_t len)
{
	char p[PATH_MAX];
	int r = dev_path(p, sizeof(p), b, "driver");

	return r ? r : link_base(p, out, len);
}

static int group_of(const struct xlrt_bdf *b, char *out, size_t len)
{
	char p[PATH_MAX];
	int r = dev_path(p, sizeof(p), b, "iommu_group");

	return r ? r : link_base(p, out, len);
}

/* Write val to a sysfs attribute, the way the kernel wants it: one
 * write(2) of the whole value. */
static int sys_write(const char *path, const char *val)
{
	size_t n = strlen(val);
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, n) != (ssize_t)n)
		r = errno ? -errno : -EIO;
	if (close(fd) && !r)
		r = -errno;
	return r;
}

static int driver_write(const char *driver, const char *attr,
			const struct xlrt_bdf *b)
{
	char p[PATH_MAX], bdf[XLRT_BDF_LEN];
	int r = sys_path(p, sizeof(p), "bus/pci/drivers/%s/%s", driver, attr);

	xlrt_bdf_str(b, bdf);
	return r ? r : sys_write(p, bdf);
}

static int override_write(const struct xlrt_bdf *b, const char *val)
{
	char p[PATH_MAX];
	int r = dev_path(p, sizeof(p), b, "driver_override");

	return r ? r : sys_write(p, val);
}

static int probe_write(const struct xlrt_bdf *b)
{
	char p[PATH_MAX], bdf[XLRT_BDF_LEN];
	int r = sys_path(p, sizeof(p), "bus/pci/drivers_probe");

	xlrt_bdf_str(b, bdf);
	return r ? r : sys_write(p, bdf);
}

static bool driver_is(const struct xlrt_bdf *b, const char *want)
{
	char d[NAME_MAX + 1];
	int r = driver_of(b, d, sizeof(d));

	return want ? !r && !strcmp(d, want) : r == -ENOENT;
}

/* Until the device's driver is want (NULL: none); -ENODEV if the device
 * went away meanwhile, -ETIMEDOUT. */
static int wait_driver(const struct xlrt_bdf *b, const char *want)
{
	struct timespec tick = { 0, 5 * 1000 * 1000 };
	int waited;

	for (waited = 0; waited <= BIND_WAIT_MS; waited += 5) {
		if (!dev_exists(b))
			return -ENODEV;
		if (driver_is(b, want))
			return 0;
		nanosleep(&tick, NULL);
	}
	return -ETIMEDOUT;
}

static bool driver_loaded(const char *driver)
{
	char p[PATH_MAX];
	struct stat st;

	return !sys_path(p, sizeof(p), "bus/pci/drivers/%s", driver) &&
	       !stat(p, &st);
}

/* vfio-pci is a module; load it into the running kernel, whose sysfs is
 * /sys (a fake tree elsewhere has no kernel behind it to load into). */
static void load_vfio_pci(void)
{
	char root[PATH_MAX];
	char *argv[] = { "modprobe", "-q", "vfio-pci", NULL };
	pid_t pid;
	int st;

	if (xlrt_path_sysfs(root, sizeof(root)) || strcmp(root, "/sys"))
		return;
	if (posix_spawnp(&pid, "modprobe", NULL, NULL, argv, environ))
		return;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

static char *info_read(struct xs_handle *xs, const struct xlrt_bdf *b,
		       const char *node)
{
	char p[128];
	unsigned int len;

	if (xlrt_pci_info_path(p, sizeof(p), b, node))
		return NULL;
	return xs_read(xs, XBT_NULL, p, &len);
}

static int info_write(struct xs_handle *xs, const struct xlrt_bdf *b,
		      const char *node, const char *val)
{
	char p[128];
	int r = xlrt_pci_info_path(p, sizeof(p), b, node);

	if (r)
		return r;
	return xs_write(xs, XBT_NULL, p, val, strlen(val)) ? 0 : -errno;
}

/* Remove a node, and the device's directory once nothing is left in it. */
static void info_rm(struct xs_handle *xs, const struct xlrt_bdf *b,
		    const char *node)
{
	char p[128];
	unsigned int n = 0;
	char **kids;

	if (!xlrt_pci_info_path(p, sizeof(p), b, node))
		xs_rm(xs, XBT_NULL, p);
	if (xlrt_pci_info_path(p, sizeof(p), b, NULL))
		return;
	kids = xs_directory(xs, XBT_NULL, p, &n);
	free(kids);
	if (kids && !n)
		xs_rm(xs, XBT_NULL, p);
}

/* Which domain holds the device: its domid, or -1. */
static long claimed_by(struct xs_handle *xs, const struct xlrt_bdf *b)
{
	char *v = info_read(xs, b, "domid");
	long id = v ? strtol(v, NULL, 10) : -1;

	free(v);
	return id;
}

static bool peer_ok(const char *driver)
{
	/* what the kernel's VFIO lets share a group with an assigned device:
	 * no driver, VFIO itself, pci-stub, and PCIe ports (bridges) */
	static const char *const ok[] = { "vfio-pci", "pci-stub", "pcieport" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(driver, ok[i]))
			return true;
	return false;
}

static bool in_set(const char *bdf, const struct xlrt_bdf *set, int n)
{
	char s[XLRT_BDF_LEN];
	int i;

	for (i = 0; i < n; i++) {
		xlrt_bdf_str(&set[i], s);
		if (!strcmp(s, bdf))
			return true;
	}
	return false;
}

/* Every other member of the device's IOMMU group must hold no host driver
 * (or be made assignable in the same call): the guest would share the
 * group's DMA space with it. */
static int group_check(const struct xlrt_bdf *b, const char *bdf,
		       const struct xlrt_bdf *set, int nset, char *err,
		       size_t errlen)
{
	char grp[NAME_MAX + 1], dir[PATH_MAX], lp[PATH_MAX], drv[NAME_MAX + 1];
	struct dirent *e;
	DIR *d;
	int r = group_of(b, grp, sizeof(grp));

	if (r == -ENOENT)
		return errf(err, errlen, -ENXIO,
			    "%s is in no IOMMU group: the host has no IOMMU "
			    "enabled (VT-d/AMD-Vi in the firmware and "
			    "intel_iommu=on or amd_iommu=on), and VFIO cannot "
			    "pass a device through without one", bdf);
	if (r)
		return errf(err, errlen, r, "%s: cannot read its IOMMU group: %s",
			    bdf, strerror(-r));
	r = sys_path(dir, sizeof(dir), "kernel/iommu_groups/%s/devices", grp);
	if (r || !(d = opendir(dir)))
		return errf(err, errlen, r ? r : -errno,
			    "%s: cannot list IOMMU group %s: %s", bdf, grp,
			    strerror(r ? -r : errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || in_set(e->d_name, set, nset))
			continue;
		if (snprintf(lp, sizeof(lp), "%s/%s/driver", dir, e->d_name) >=
		    (int)sizeof(lp))
			continue;
		if (link_base(lp, drv, sizeof(drv)) || peer_ok(drv))
			continue;
		r = errf(err, errlen, -EBUSY,
			 "%s shares IOMMU group %s with %s (driver %s), which "
			 "is not assignable: make it assignable too (xl "
			 "pci-assignable-add %s) or leave both to the host",
			 bdf, grp, e->d_name, drv, e->d_name);
		break;
	}
	closedir(d);
	return r;
}

/* Put the device back where it was after a failed bind: no override, and
 * the original driver recorded for it, if any and the device is still
 * there; the record goes. */
static void rollback(struct xs_handle *xs, const struct xlrt_bdf *b)
{
	char *dp = info_read(xs, b, "driver_path");
	const char *orig = dp ? strrchr(dp, '/') : NULL;

	override_write(b, "\n");
	if (dev_exists(b)) {
		if (driver_is(b, "vfio-pci") &&
		    !driver_write("vfio-pci", "unbind", b))
			wait_driver(b, NULL);
		if (orig && driver_is(b, NULL) &&
		    !driver_write(orig + 1, "bind", b))
			wait_driver(b, orig + 1);
	}
	free(dp);
	info_rm(xs, b, "driver_path");
}

static int check_name(const char *name, char *err, size_t errlen)
{
	size_t i, n = strlen(name);

	if (!n || n > NAME_MAX_LEN)
		return errf(err, errlen, -EINVAL,
			    "name `%s': 1 to %d characters", name,
			    NAME_MAX_LEN);
	for (i = 0; i < n; i++)
		if (!isgraph((unsigned char)name[i]))
			return errf(err, errlen, -EINVAL,
				    "name `%s': printable characters only, "
				    "no spaces", name);
	return 0;
}

/* Bind one checked device to vfio-pci; on failure it is put back. */
static int bind_vfio(struct xs_handle *xs, const struct xlrt_bdf *b,
		     char *err, size_t errlen)
{
	char bdf[XLRT_BDF_LEN], orig[NAME_MAX + 1], p[PATH_MAX],
	     real[PATH_MAX];
	bool had;
	int r;

	xlrt_bdf_str(b, bdf);
	/* The original driver is recorded first, so even a toolstack killed
	 * half way knows what to rebind. */
	had = !driver_of(b, orig, sizeof(orig));
	if (had && (dev_path(p, sizeof(p), b, "driver") || !realpath(p, real) ||
		    info_write(xs, b, "driver_path", real)))
		return errf(err, errlen, -EIO, "%s: cannot record its driver "
			    "%s in XenStore", bdf, orig);
	r = override_write(b, "vfio-pci");
	if (r) {
		errf(err, errlen, r, "%s: cannot set driver_override: %s",
		     bdf, strerror(-r));
		goto undo;
	}
	if (had) {
		r = driver_write(orig, "unbind", b);
		if (!r)
			r = wait_driver(b, NULL);
		if (r) {
			errf(err, errlen, r, r == -ENODEV ?
			     "%s: the device went away while %s let go of it%s" :
			     "%s: cannot unbind it from %s: %s", bdf, orig,
			     r == -ENODEV ? "" : strerror(-r));
			goto undo;
		}
	}
	r = probe_write(b);
	if (!r)
		r = wait_driver(b, "vfio-pci");
	if (!r)
		return 0;
	errf(err, errlen, r, r == -ENODEV ?
	     "%s: the device went away while vfio-pci was binding it" :
	     "%s: vfio-pci did not take the device: %s (see the kernel log)",
	     bdf, strerror(-r));
undo:
	rollback(xs, b);
	return r;
}

int xlrt_pci_assignable_add(struct xs_handle *xs, const struct xlrt_bdf *set,
			    int n, const char *name, int *already, char *err,
			    size_t errlen)
{
	char bdf[XLRT_BDF_LEN] = "", p[PATH_MAX];
	bool held[8];
	int i, j, r;

	*already = 0;
	if (n < 1 || n > 8)
		return errf(err, errlen, -EINVAL, "one to eight functions of "
			    "one device at a time, not %d", n);
	if (name && n != 1)
		return errf(err, errlen, -EINVAL,
			    "a name is given to one function, not to %d", n);
	if (name && (r = check_name(name, err, errlen)))
		return r;
	/* every check before the first write: a refusal writes nothing */
	for (i = 0; i < n; i++) {
		xlrt_bdf_str(&set[i], bdf);
		if (!dev_exists(&set[i])) {
			dev_path(p, sizeof(p), &set[i], NULL);
			return errf(err, errlen, -ENODEV, "%s: no such PCI "
				    "device on this host (%s)", bdf, p);
		}
		held[i] = driver_is(&set[i], "vfio-pci");
		if (held[i])
			(*already)++;
		else if ((r = group_check(&set[i], bdf, set, n, err, errlen)))
			return r;
	}
	if (*already < n && !driver_loaded("vfio-pci"))
		load_vfio_pci();
	if (*already < n && !driver_loaded("vfio-pci"))
		return errf(err, errlen, -ENOENT,
			    "%s: the vfio-pci driver is not loaded and "
			    "`modprobe vfio-pci' did not load it", bdf);
	for (i = 0; i < n; i++) {
		if (held[i])
			continue;
		r = bind_vfio(xs, &set[i], err, errlen);
		if (r) {
			/* the functions this call bound go back too */
			for (j = 0; j < i; j++)
				if (!held[j])
					rollback(xs, &set[j]);
			return r;
		}
	}
	if (name && info_write(xs, &set[0], "name", name))
		return errf(err, errlen, -EIO, "%s: cannot record its name",
			    bdf);
	return 0;
}

int xlrt_pci_name_lookup(struct xs_handle *xs, const char *name,
			 struct xlrt_bdf *b)
{
	unsigned int n = 0, i;
	char **ids = xs_directory(xs, XBT_NULL, "/libxl/pci", &n);
	int r = -ENOENT;

	for (i = 0; ids && i < n && r; i++) {
		struct xlrt_bdf c;
		char *v;

		if (sscanf(ids[i], "%x-%x-%x-%x", &c.dom, &c.bus, &c.dev,
			   &c.func) != 4)
			continue;
		v = info_read(xs, &c, "name");
		if (v && !strcmp(v, name)) {
			*b = c;
			r = 0;
		}
		free(v);
	}
	free(ids);
	return r;
}

int xlrt_pci_assignable_remove(struct xs_handle *xs, const struct xlrt_bdf *b,
			       bool rebind, char *warn, size_t warnlen,
			       char *err, size_t errlen)
{
	char bdf[XLRT_BDF_LEN], *dp;
	char drv[NAME_MAX + 1];
	long dom;
	int r;

	xlrt_bdf_str(b, bdf);
	*warn = '\0';
	dom = claimed_by(xs, b);
	if (dom >= 0)
		return errf(err, errlen, -EBUSY,
			    "%s is assigned to domain %ld: pci-detach it first",
			    bdf, dom);
	if (!dev_exists(b))
		return errf(err, errlen, -ENODEV,
			    "%s: no such PCI device on this host", bdf);
	if (driver_is(b, "vfio-pci")) {
		override_write(b, "\n");
		r = driver_write("vfio-pci", "unbind", b);
		if (!r)
			r = wait_driver(b, NULL);
		if (r)
			return errf(err, errlen, r,
				    "%s: vfio-pci did not let go of it: %s",
				    bdf, strerror(-r));
	} else {
		snprintf(warn, warnlen, "%s is not held by vfio-pci", bdf);
	}
	dp = info_read(xs, b, "driver_path");
	if (rebind && dp) {
		const char *base = strrchr(dp, '/');
		char p[PATH_MAX];

		base = base ? base + 1 : dp;
		r = snprintf(p, sizeof(p), "%s/bind", dp) >= (int)sizeof(p) ?
		    -ENAMETOOLONG : 0;
		if (!r && driver_of(b, drv, sizeof(drv)) == -ENOENT)
			r = sys_write(p, bdf);
		if (!r)
			r = wait_driver(b, base);
		if (r) {
			free(dp);
			return errf(err, errlen, r,
				    "%s: cannot bind it back to %s: %s", bdf,
				    base, strerror(-r));
		}
		info_rm(xs, b, "driver_path");
	} else if (rebind) {
		snprintf(warn, warnlen,
			 "%s: no original driver recorded; not rebinding", bdf);
	}
	free(dp);
	info_rm(xs, b, "name");
	return 0;
}

static int bdf_cmp(const void *a, const void *b)
{
	const struct xlrt_bdf *x = a, *y = b;

	if (x->dom != y->dom)
		return x->dom < y->dom ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (int)x->func - (int)y->func;
}

/* The BDFs directly under a sysfs directory, sorted: the devices a driver
 * holds, or every device of the bus. */
static int list_bdfs(const char *rel, struct xlrt_bdf **out, int *n)
{
	char dir[PATH_MAX], bdf[XLRT_BDF_LEN];
	struct xlrt_bdf *v = NULL, *nv, c;
	struct dirent *e;
	DIR *d;
	int r = sys_path(dir, sizeof(dir), "%s", rel);

	*out = NULL;
	*n = 0;
	if (r)
		return r;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		if (sscanf(e->d_name, "%x:%x:%x.%x", &c.dom, &c.bus, &c.dev,
			   &c.func) != 4)
			continue;
		xlrt_bdf_str(&c, bdf);
		if (strcmp(bdf, e->d_name))
			continue;
		nv = realloc(v, (size_t)(*n + 1) * sizeof(*v));
		if (!nv) {
			r = -ENOMEM;
			break;
		}
		v = nv;
		v[(*n)++] = c;
	}
	closedir(d);
	if (r) {
		free(v);
		*n = 0;
		return r;
	}
	qsort(v, (size_t)*n, sizeof(*v), bdf_cmp);
	*out = v;
	return 0;
}

int xlrt_pci_slot_functions(const struct xlrt_bdf *slot, struct xlrt_bdf **out,
			    int *n)
{
	struct xlrt_bdf *all;
	int num, i, r = list_bdfs("bus/pci/devices", &all, &num);

	*n = 0;
	*out = all;
	if (r)
		return r;
	for (i = 0; i < num; i++)
		if (all[i].dom == slot->dom && all[i].bus == slot->bus &&
		    all[i].dev == slot->dev)
			all[(*n)++] = all[i];
	return 0;
}

int xlrt_pci_assignable_list(struct xs_handle *xs,
			     struct xlrt_pci_assignable **list, int *n)
{
	struct xlrt_bdf *held;
	struct xlrt_pci_assignable *l;
	int num, i, r = list_bdfs("bus/pci/drivers/vfio-pci", &held, &num);

	*list = NULL;
	*n = 0;
	if (r)
		return r;
	l = calloc((size_t)num + 1, sizeof(*l));
	if (!l) {
		free(held);
		return -ENOMEM;
	}
	for (i = 0; i < num; i++) {
		if (claimed_by(xs, &held[i]) >= 0)
			continue;
		l[*n].bdf = held[i];
		l[*n].name = info_read(xs, &held[i], "name");
		(*n)++;
	}
	free(held);
	*list = l;
	return 0;
}

void xlrt_pci_assignable_free(struct xlrt_pci_assignable *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

/* One function of a spec, checked and appended to out. */
static int prepare_fn(struct xs_handle *xs, const struct xlm_pci *spec,
		      const struct xlrt_bdf *b, struct xlm_pci **out,
		      int *nout, char *err, size_t errlen)
{
	char bdf[XLRT_BDF_LEN], drv[NAME_MAX + 1] = "no driver";
	struct xlm_pci *v, *p;
	long dom;
	int i;

	xlrt_bdf_str(b, bdf);
	for (i = 0; i < *nout; i++) {
		struct xlrt_bdf o = xlrt_bdf_of(&(*out)[i]);

		if (!bdf_cmp(&o, b))
			return errf(err, errlen, -EINVAL,
				    "pci %s: listed twice", bdf);
	}
	dom = claimed_by(xs, b);
	if (dom >= 0)
		return errf(err, errlen, -EBUSY,
			    "pci %s is already assigned to domain %ld", bdf,
			    dom);
	if (!driver_is(b, "vfio-pci")) {
		driver_of(b, drv, sizeof(drv));
		return errf(err, errlen, -EPERM,
			    "pci %s is not assignable (%s): run `xl "
			    "pci-assignable-add %s' first, or give it seize=1",
			    bdf, drv, bdf);
	}
	v = realloc(*out, (size_t)(*nout + 1) * sizeof(*v));
	if (!v)
		return errf(err, errlen, -ENOMEM, "out of memory");
	*out = v;
	p = &v[*nout];
	*p = *spec;
	p->domain = (int)b->dom;
	p->bus = (uint8_t)b->bus;
	p->dev = (uint8_t)b->dev;
	p->func = (uint8_t)b->func;
	p->vfunc_mask = 1;
	/* a single function is function 0 of its guest slot, for the guest
	 * to find it; the functions of BB:DD.* keep theirs in the slot */
	if (spec->vdevfn)
		p->vdevfn = (spec->vdevfn & ~7U) |
			    (spec->vfunc_mask == 1 ? 0 : b->func);
	p->name = spec->name ? strdup(spec->name) : NULL;
	(*nout)++;
	return 0;
}

static int prepare_spec(struct xs_handle *xs, const struct xlm_pci *spec,
			struct xlm_pci **out, int *nout, char *err,
			size_t errlen)
{
	struct xlrt_bdf b = xlrt_bdf_of(spec), *fns = NULL;
	char bdf[XLRT_BDF_LEN], e2[768];
	int n = 1, i, r, already;

	if (spec->name && xlrt_pci_name_lookup(xs, spec->name, &b))
		return errf(err, errlen, -ENOENT,
			    "pci name=%s: no assignable device has that name "
			    "(xl pci-assignable-add -n %s BDF)", spec->name,
			    spec->name);
	xlrt_bdf_str(&b, bdf);
	if (spec->vfunc_mask == 1 || spec->vfunc_mask == 0) {
		if (!dev_exists(&b))
			return errf(err, errlen, -ENODEV, "pci %s: no such "
				    "PCI device on this host", bdf);
		fns = malloc(sizeof(*fns));
		if (!fns)
			return errf(err, errlen, -ENOMEM, "out of memory");
		fns[0] = b;
	} else {
		r = xlrt_pci_slot_functions(&b, &fns, &n);
		if (r)
			return errf(err, errlen, r, "cannot list the host's PCI "
				    "devices: %s", strerror(-r));
		if (!n) {
			free(fns);
			bdf[XLRT_BDF_LEN - 3] = '\0';
			return errf(err, errlen, -ENODEV, "pci %s.*: no such "
				    "PCI device on this host", bdf);
		}
	}
	/* seize=1: the whole device made assignable at once, so that its
	 * functions do not block each other in their IOMMU group */
	r = 0;
	if (spec->seize) {
		r = xlrt_pci_assignable_add(xs, fns, n, NULL, &already, e2,
					    sizeof(e2));
		if (r)
			errf(err, errlen, r, "pci %s (seize=1): %s", bdf, e2);
	}
	for (i = 0; i < n && !r; i++)
		r = prepare_fn(xs, spec, &fns[i], out, nout, err, errlen);
	free(fns);
	return r;
}

int xlrt_pci_prepare(struct xs_handle *xs, struct xlm_pci **devs, int *num,
		     char *err, size_t errlen)
{
	struct xlm_pci *out = NULL;
	int nout = 0, i, r = 0;

	for (i = 0; i < *num && !r; i++)
		r = prepare_spec(xs, &(*devs)[i], &out, &nout, err, errlen);
	if (r) {
		for (i = 0; i < nout; i++)
			free(out[i].name);
		free(out);
		return r;
	}
	for (i = 0; i < *num; i++)
		free((*devs)[i].name);
	free(*devs);
	*devs = out;
	*num = nout;
	return 0;
}
