/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XenStore's domain tree: the one place its paths are spelt (xs_layout.h
 * says what lives in it):
 *   /local/domain/<domid>/<rel>                        a domain's home
 *   /local/domain/<be>/backend/<kind>/<domid>/<devid>  a device's backend,
 *                                                      in its backend
 *                                                      domain's tree
 *   /libxl/name/<name>                                 the domid called
 *                                                      <name> (below)
 * The path functions fill buf and return the path's length, or
 * -ENAMETOOLONG.
 */
#ifndef XLRT_XS_PATH_H
#define XLRT_XS_PATH_H

#include <stdbool.h>
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

/*
 * The name index: /libxl/name/<name> holds the domid of the domain called
 * <name> (characters other than [A-Za-z0-9_-] spelt @xx in hex), so that a
 * name is found, and a create's name checked, in one read whatever the
 * number of domains (libxl reads every domain's name).  The name itself
 * stays /local/domain/<domid>/name; the index is written in the same
 * transactions that write or remove it (create, rename, destroy).
 */
int xlrt_xs_name_path(char *buf, size_t len, const char *name);
/* The domid the index gives for name, if that domain is still called so;
 * 0, or -ENOENT (no entry, a stale one, or a name too long). */
int xlrt_xs_name_holder(struct xs_handle *xs, xs_transaction_t t,
			const char *name, unsigned int *domid);
/* Whether the index exists: every domain's name is in it (the first
 * create on a store from before it builds it). */
bool xlrt_xs_name_indexed(struct xs_handle *xs, xs_transaction_t t);
/* Records domid as name's holder; 0 or -errno. */
int xlrt_xs_name_claim(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *name);
/* Drops name's entry if it names domid. */
void xlrt_xs_name_drop(struct xs_handle *xs, xs_transaction_t t,
		       unsigned int domid, const char *name);
/* Renames domain domid: /local/domain/<domid>/name and the index; 0 or
 * -errno. */
int xlrt_xs_name_set(struct xs_handle *xs, xs_transaction_t t,
		     unsigned int domid, const char *name);

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
