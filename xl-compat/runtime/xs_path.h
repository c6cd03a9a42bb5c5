/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XenStore's domain tree: the one place its paths are spelt (xs_layout.h
 * says what lives in it):
 *   /local/domain/<domid>/<rel>                        a domain's home
 *   /local/domain/<be>/backend/<kind>/<domid>/<devid>  a device's backend,
 *                                                      in its backend
 *                                                      domain's tree
 * The path functions fill buf and return the path's length, or
 * -ENAMETOOLONG.
 */
#ifndef XLRT_XS_PATH_H
#define XLRT_XS_PATH_H

#include <stddef.h>

#include <xenstore.h>

#define XLRT_XS_DOMAINS "/local/domain"

/* Opens XenStore as dom0 (honours XENSTORED_PATH / XENSTORED_RUNDIR);
 * NULL with err telling where it looked. */
struct xs_handle *xlrt_xs_open(char *err, size_t errlen);

/* /local/domain/<domid>: the home */
int xlrt_xs_dom_home(char *buf, size_t len, unsigned int domid);
/* /local/domain/<domid>/<relfmt's text> (the home if the text is empty) */
int xlrt_xs_dom_path(char *buf, size_t len, unsigned int domid,
		     const char *relfmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A backend in domain bedom's tree; devid < 0: that domain's directory of
 * kind for domid. */
int xlrt_xs_backend_path(char *buf, size_t len, unsigned int bedom,
			 const char *kind, unsigned int domid, int devid);
/* The domid of a path in /local/domain/<domid>/, or of a child name of
 * /local/domain; -EINVAL for anything else. */
int xlrt_xs_path_domid(const char *path, unsigned int *domid);
int xlrt_xs_child_domid(const char *name, unsigned int *domid);

/* /local/domain/<domid>/<rel>: its value (malloc'ed) or NULL, errno set. */
char *xlrt_xs_dom_read(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *rel);
/* Writes it; 0 or -errno. */
int xlrt_xs_dom_write(struct xs_handle *xs, xs_transaction_t t,
		      unsigned int domid, const char *rel, const char *val);
/* Its children (free() the array), *n of them, or NULL, errno set. */
char **xlrt_xs_dom_dir(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *rel, unsigned int *n);

#endif
