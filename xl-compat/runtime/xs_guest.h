/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a guest wrote into its own XenStore tree, carried across save /
 * restore and migration: a restored domain gets a new domid and a fresh
 * layout (xs_layout.h), and the guest, which does not know it moved, must
 * find what it announced still there (control/feature-poweroff of the
 * guest agent, data/ it reported).
 *
 * Carried: the nodes the domain owns under data/, drivers/, feature/,
 * attr/, error/ and control/feature-*, the places libxl's layout gives
 * the guest.  Not carried: everything the toolstack writes (it is written
 * again for the new domid), device frontends (written again, pointing at
 * the new backends), control/shutdown and control/sysrq (requests to the
 * old domain).  The same list bounds what a restore writes, whatever the
 * save file says: an image cannot set any other node.
 *
 * The blob: for each node, its path relative to the domain's home, NUL,
 * a u32 little-endian value length, the value.
 */
#ifndef XLRT_XS_GUEST_H
#define XLRT_XS_GUEST_H

#include <stddef.h>

struct xs_handle;

/* The carried nodes of domid, malloc'ed (*len may be 0).  0 or -errno. */
int xlrt_xs_guest_save(struct xs_handle *xs, unsigned int domid, char **blob,
		       size_t *len);

/*
 * Write blob's nodes into domid's home, owned by domid and readable by
 * no one else, as the layout makes them.  -EINVAL (err says which) for a
 * malformed blob or a node outside the carried places; nothing is
 * written then.  0 or -errno.
 */
int xlrt_xs_guest_restore(struct xs_handle *xs, unsigned int domid,
			  const char *blob, size_t len, char *err,
			  size_t errlen);

/*
 * A migration's last word: the guest went on writing while its memory
 * was sent, so once it has stopped the source sends its nodes again.
 * In one transaction, the nodes of was (what the restore wrote) that
 * blob no longer has are removed and blob's are written, as restore
 * does; both are checked first.  0 or -errno (err says why).
 */
int xlrt_xs_guest_update(struct xs_handle *xs, unsigned int domid,
			 const char *was, size_t was_len, const char *blob,
			 size_t len, char *err, size_t errlen);

#endif
