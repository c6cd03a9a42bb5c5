/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host end of the guest link as a library for a libevent program: it
 * drives one link over a connected fd (QEMU's link.sock), and connects every
 * `xenstore` stream the guest opens to a fresh connection on the domain's
 * XenStore socket, so the guest can never choose who it speaks as.
 * xen-kvm-linkd is a thin main around it; the per-domain monitor embeds it.
 */
#ifndef XEN_KVM_RELAY_H
#define XEN_KVM_RELAY_H

struct event_base;
struct link_relay;

struct link_relay_ops {
	/* Where a new guest `xenstore` stream connects: the domain socket. */
	const char *(*xenstore_path)(void *opaque);
	/*
	 * The link is gone: 0 for end of file, else a negative errno (-EPROTO:
	 * the guest broke the protocol).  Every stream is closed already; the
	 * owner may free the relay from here.
	 */
	void (*down)(void *opaque, int err);
};

/*
 * Take over link_fd (connected, any blocking mode; it is made non-blocking
 * and closed by link_relay_free(), or at once when this returns NULL).
 */
struct link_relay *link_relay_new(struct event_base *base, int link_fd,
				  const struct link_relay_ops *ops, void *opaque);
/* Close the link fd and every stream. */
void link_relay_free(struct link_relay *r);

#endif
