/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XenStore paths of the domain tree and a domain's keys (xs_path.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_path.h"

struct xs_handle *xlrt_xs_open(char *err, size_t errlen)
{
	struct xs_handle *xs = xs_open(0);
	const char *p = getenv("XENSTORED_PATH");

	if (!xs && err)
		snprintf(err, errlen, "cannot connect to xenstored (%s): %s; is xenstored-kvm running?",
			 p && *p ? p : "XENSTORED_RUNDIR or /var/run/xenstored/socket",
			 strerror(errno));
	return xs;
}

/* XenStore's own limit on a path (XENSTORE_ABS_PATH_MAX) */
#define PATH_MAX_XS 3072

int xlrt_xs_dom_home(char *buf, size_t len, unsigned int domid)
{
	int n = snprintf(buf, len, XLRT_XS_DOMAINS "/%u", domid);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : n;
}

int xlrt_xs_dom_path(char *buf, size_t len, unsigned int domid,
		     const char *relfmt, ...)
{
	va_list ap;
	int n = xlrt_xs_dom_home(buf, len, domid), m;

	if (n < 0 || (size_t)n + 1 >= len)
		return -ENAMETOOLONG;
	buf[n++] = '/';
	va_start(ap, relfmt);
	m = vsnprintf(buf + n, len - (size_t)n, relfmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		return -ENAMETOOLONG;
	if (!m)
		buf[--n] = '\0';	/* an empty rel: the home itself */
	return n + m;
}

int xlrt_xs_backend_path(char *buf, size_t len, unsigned int bedom,
			 const char *kind, unsigned int domid, int devid)
{
	return devid < 0 ?
	       xlrt_xs_dom_path(buf, len, bedom, "backend/%s/%u", kind, domid) :
	       xlrt_xs_dom_path(buf, len, bedom, "backend/%s/%u/%d", kind,
				domid, devid);
}

/* Decimal digits up to '\0' or '/' as a domid; -EINVAL otherwise. */
static int domid_at(const char *s, unsigned int *domid)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	v = strtoul(s, &end, 10);
	if ((*end && *end != '/') || v > 0xffffffffUL)
		return -EINVAL;
	*domid = (unsigned int)v;
	return 0;
}

int xlrt_xs_child_domid(const char *name, unsigned int *domid)
{
	return strchr(name, '/') ? -EINVAL : domid_at(name, domid);
}

int xlrt_xs_path_domid(const char *path, unsigned int *domid)
{
	static const char home[] = XLRT_XS_DOMAINS "/";

	if (strncmp(path, home, sizeof(home) - 1))
		return -EINVAL;
	return domid_at(path + sizeof(home) - 1, domid);
}

char *xlrt_xs_dom_read(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *rel)
{
	char path[PATH_MAX_XS];
	unsigned int len;

	if (xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel) < 0) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return xs_read(xs, t, path, &len);
}

int xlrt_xs_dom_write(struct xs_handle *xs, xs_transaction_t t,
		      unsigned int domid, const char *rel, const char *val)
{
	char path[PATH_MAX_XS];

	if (xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel) < 0)
		return -ENAMETOOLONG;
	if (!xs_write(xs, t, path, val, (unsigned int)strlen(val)))
		return errno ? -errno : -EIO;
	return 0;
}

char **xlrt_xs_dom_dir(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *rel, unsigned int *n)
{
	char path[PATH_MAX_XS];

	if (xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel) < 0) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return xs_directory(xs, t, path, n);
}

#define NAME_INDEX "/libxl/name"

int xlrt_xs_name_path(char *buf, size_t len, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = sizeof(NAME_INDEX);	/* with its '/' */
	const unsigned char *c;

	if (len < n + 1)
		return -ENAMETOOLONG;
	memcpy(buf, NAME_INDEX "/", n);
	for (c = (const unsigned char *)name; *c; c++) {
		if (n + 4 > len)
			return -ENAMETOOLONG;
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '_' || *c == '-') {
			buf[n++] = (char)*c;
		} else {
			buf[n++] = '@';
			buf[n++] = hex[*c >> 4];
			buf[n++] = hex[*c & 15];
		}
	}
	buf[n] = '\0';
	return (int)n;
}

/* The domid name's entry holds, unchecked; -ENOENT without one. */
static int name_entry(struct xs_handle *xs, xs_transaction_t t,
		      const char *name, unsigned int *domid)
{
	char path[PATH_MAX_XS], *v;
	unsigned int len;
	int r;

	if (xlrt_xs_name_path(path, sizeof(path), name) < 0)
		return -ENOENT;
	v = xs_read(xs, t, path, &len);
	r = v && !xlrt_xs_child_domid(v, domid) ? 0 : -ENOENT;
	free(v);
	return r;
}

int xlrt_xs_name_holder(struct xs_handle *xs, xs_transaction_t t,
			const char *name, unsigned int *domid)
{
	unsigned int d;
	char *v;
	int r;

	if (name_entry(xs, t, name, &d))
		return -ENOENT;
	v = xlrt_xs_dom_read(xs, t, d, "name");
	r = v && !strcmp(v, name) ? 0 : -ENOENT;
	free(v);
	if (!r)
		*domid = d;
	return r;
}

bool xlrt_xs_name_indexed(struct xs_handle *xs, xs_transaction_t t)
{
	unsigned int len;
	char *v = xs_read(xs, t, NAME_INDEX, &len);

	free(v);
	return v != NULL;
}

int xlrt_xs_name_claim(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *name)
{
	char path[PATH_MAX_XS], v[16];
	int n = snprintf(v, sizeof(v), "%u", domid);

	if (xlrt_xs_name_path(path, sizeof(path), name) < 0)
		return -ENAMETOOLONG;
	if (!xs_write(xs, t, path, v, (unsigned int)n))
		return errno ? -errno : -EIO;
	return 0;
}

void xlrt_xs_name_drop(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *name)
{
	char path[PATH_MAX_XS];
	unsigned int d;

	if (!name_entry(xs, t, name, &d) && d == domid &&
	    xlrt_xs_name_path(path, sizeof(path), name) > 0)
		xs_rm(xs, t, path);
}

int xlrt_xs_name_set(struct xs_handle *xs, xs_transaction_t t,
		     unsigned int domid, const char *name)
{
	char *old = xlrt_xs_dom_read(xs, t, domid, "name");
	int r;

	if (old)
		xlrt_xs_name_drop(xs, t, domid, old);
	free(old);
	r = xlrt_xs_dom_write(xs, t, domid, "name", name);
	return r ? r : xlrt_xs_name_claim(xs, t, domid, name);
}
