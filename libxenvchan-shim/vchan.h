/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A vchan end: Xen's public struct libxenvchan followed by what only this
 * library sees.  The ring is Xen's (struct vchan_interface and its two
 * rings, same orders, same index and notify-bit protocol) in a shared file
 * both ends map; the event channel is the Unix socket between the ends (a
 * byte is a notification, end of file the peer leaving).  Files: ring.c the
 * data path, shm.c the ring file and sockets, rendezvous.c XenStore,
 * server.c and client.c the two kinds of end, api.c the calls that do not
 * move data.
 */
#ifndef XK_VCHAN_H
#define XK_VCHAN_H

#include <libxenvchan.h>
#include <stddef.h>
#include <stdint.h>

#include "evtchn.h"

struct xs_handle;

/* Page 0 of a ring file; struct vchan_interface is page 1, large rings
 * follow (left first). */
#define XK_RING_MAGIC 0x43564b58u	/* "XKVC" */
struct xk_ring_header {
	uint32_t magic;
	uint16_t server_dom, peer_dom;	/* who serves it, who may join */
	uint32_t server_port;		/* the server's event port */
	uint32_t map_len;		/* bytes of the whole file */
	uint32_t server_pid;		/* whose files they are (shm.c's sweep) */
};

struct xk_vchan {
	struct libxenvchan pub;		/* first: callers hold &pub */
	void *map;			/* the whole ring file */
	size_t map_len;
	int select_fd;			/* what fd_for_select returns (epoll) */
	int conn;			/* the socket to the peer, -1 without */
	/* the notification a join leaves pending on both ends, as Xen's
	 * bind_interdomain on the client's port and the client's first
	 * notify on the server's (an eventfd until a wait takes it) */
	int join_kick;
	int join_rearmed;		/* api.c's take_join kept it once */
	/* server only */
	int listener;			/* accepts joining clients */
	int pending;			/* accepted, its hello not read yet */
	uint16_t peer_dom;
	char *ring_file, *sock_file;	/* unlinked at close */
};

static inline struct xk_vchan *xk_of(struct libxenvchan *c)
{
	return (struct xk_vchan *)c;
}

/* ring.c */
int xk_ring_orders(size_t left_min, size_t right_min, int *left_order,
		   int *right_order);
size_t xk_ring_file_len(int left_order, int right_order);
/* point pub.ring, read and write into the mapped file */
void xk_ring_attach(struct xk_vchan *v, int is_server);
/* bytes waiting to be read, without asking for a notification (-1: the
 * peer's indices are impossible) */
int xk_ring_unread(struct libxenvchan *c);

/* The hello a joining client sends first on its socket. */
#define XK_HELLO_MAGIC 0x4f4c4548u	/* "HELO" */
struct xk_hello {
	uint32_t magic;
	uint16_t client_dom;
	uint16_t pad;
	uint32_t client_port;
};

/* shm.c: names are <dir>/<server_dom>.<gref> (socket) and .ring */
int xk_vchan_dir(char *buf, size_t len);
int xk_ring_paths(uint16_t server_dom, uint32_t gref, char **sock,
		  char **ring);
/* a new ring file of len bytes, mapped; its gref picked free */
int xk_ring_create(uint16_t server_dom, size_t len, uint32_t *gref,
		   char **sock, char **ring, void **map);
/* map an existing ring file; its length from its header */
int xk_ring_open(const char *ring, void **map, size_t *len);
int xk_listen(const char *sock);
int xk_connect(const char *sock);

/* rendezvous.c */
int xk_self_domid(struct xs_handle *xs);
int xk_publish(struct xs_handle *xs, const char *path, int self, int peer,
	       uint32_t gref, uint32_t port);
int xk_lookup(struct xs_handle *xs, const char *path, uint32_t *gref,
	      uint32_t *port);

/* server.c: take in joining clients and reap a leaving one (never blocks) */
void xk_server_service(struct xk_vchan *v);
/* the peer's socket reached end of file or failed */
void xk_peer_gone(struct xk_vchan *v);
void xk_free(struct xk_vchan *v);
/* a new end, every fd -1 */
struct xk_vchan *xk_new_end(void);
void xk_epoll_add(int epfd, int fd);
/* arm the join's pending notification in the select fd; take it (1 if it
 * was there) */
int xk_arm_join_kick(struct xk_vchan *v);
int xk_take_join_kick(struct xk_vchan *v);

#endif
