/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxsd: the XenStore daemon's core as a library with no sockets. The
 * public part (first section) is what the daemon, the unit tests and the
 * fuzz target drive; the rest is shared between the library's own files.
 *
 * Driving it:
 *   struct xsd *x = xsd_new(&cfg);      cfg.state_dir NULL = memory only
 *   struct xsd_conn *c = xsd_conn_new(x, 0, true, NULL);   dom0
 *   xsd_conn_input(x, c, bytes, n);     raw wire bytes, any split
 *   xsd_commit(x);                      make journaled writes durable
 *   then xsd_buf_head(&c->out) / xsd_buf_used(&c->out) are the bytes to
 *   send (replies in request order, watch events interleaved); consume them
 *   with xsd_buf_consume(). A negative return from xsd_conn_input (or
 *   c->dead set) means: drop this connection with xsd_conn_free().
 * A reply must not leave the process before xsd_commit() returned 0: that
 * is the durability contract (group commit across everything processed).
 */
#ifndef XSD_H
#define XSD_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

#include "buf.h"
#include "store.h"

/* Message types newer than Debian's Xen 4.17 xs_wire.h. */
#define XSD_GET_FEATURE		23
#define XSD_SET_FEATURE		24
#define XSD_GET_QUOTA		25
#define XSD_SET_QUOTA		26
#define XSD_TYPE_MAX		27

#define XSD_DOMID_MAX		0x7ff0	/* DOMID_FIRST_RESERVED */

enum xsd_quota {
	XSD_Q_NODES,
	XSD_Q_NODE_SIZE,
	XSD_Q_WATCHES,
	XSD_Q_TRANSACTIONS,
	XSD_Q_PERMS,
	XSD_Q_TX_NODES,
	XSD_Q_PATH,
	XSD_Q_OUTSTANDING,
	XSD_Q_MEMORY,
	XSD_Q_COUNT
};

enum { XSD_LOG_ERR, XSD_LOG_WARN, XSD_LOG_INFO, XSD_LOG_DEBUG };

struct xsd;
struct xsd_conn;

struct xsd_config {
	const char *state_dir;		/* NULL: memory-only store */
	long quota[XSD_Q_COUNT];	/* 0 entries: Xen 4.17 default */
	long soft_memory;		/* 0: Xen 4.17 default, 2 MiB */
	int log_level;
	void *ctx;
	void (*log)(void *ctx, int level, const char *msg);
	void (*introduced)(void *ctx, uint32_t domid);
	void (*released)(void *ctx, uint32_t domid);
	/* c's output went from empty to non-empty */
	void (*output)(void *ctx, struct xsd_conn *c);
	/*
	 * Has the peer consumed everything taken from c's output? NULL: what
	 * left c->out is consumed (the buffer is the transport).
	 */
	bool (*consumed)(void *ctx, struct xsd_conn *c);
};

struct xsd *xsd_new(const struct xsd_config *cfg, int *err);
void xsd_free(struct xsd *x);
struct xsd_conn *xsd_conn_new(struct xsd *x, uint32_t domid, bool priv,
			      void *user);
void xsd_conn_free(struct xsd_conn *c);
int xsd_conn_input(struct xsd *x, struct xsd_conn *c, const void *buf,
		   size_t len);
int xsd_conn_process(struct xsd *x, struct xsd_conn *c, unsigned max);
int xsd_commit(struct xsd *x);
bool xsd_domain_introduced(struct xsd *x, uint32_t domid);
int xsd_quota_parse(const char *name, enum xsd_quota *q);
const char *xsd_quota_name(enum xsd_quota q);

/* ---- library internals ---- */

struct xsd_domain {
	uint32_t domid;
	bool introduced;
	bool has_target;
	uint32_t target;
	uint32_t features;
	long nodes;
	long bytes;
	unsigned watches;
	unsigned txs;
	long txbytes;			/* copies held by its transactions */
	bool soft_reported;		/* over the soft memory quota */
	int64_t soft_msg;		/* s, last message about it */
	long wrl_credit;		/* write rate limit, wrl.c */
	int64_t wrl_ms;
	bool wrl_logged;
	long quota[XSD_Q_COUNT];	/* -1: use the global value */
};

struct xsd_watch {
	struct xsd_watch *hnext;	/* bucket chain, keyed by path */
	struct xsd_watch *cnext;	/* the connection's list */
	struct xsd_conn *conn;
	char *token;
	bool relative;
	char path[];			/* absolute, or @special */
};

struct xsd_event;

/* A transaction's private copy of one node (its read and write set). */
struct xsd_tnode {
	struct xsd_tnode *hnext, *lnext;
	uint64_t basegen;	/* committed generation seen; 0: absent */
	uint64_t gen;
	bool exists;
	bool modified;
	struct xsd_perms *perms;
	char *data;
	uint32_t datalen;
	uint32_t childlen;
	char *children;		/* "name\0name\0" */
	char path[];
};

struct xsd_tx {
	struct xsd_tx *next;
	uint32_t id;
	struct xsd_tnode **tab;
	size_t tabmask;
	size_t count;
	struct xsd_tnode *list;
	struct xsd_event *events, **events_tail;
	long bytes;			/* data and child names copied */
	long nodes_delta;		/* nodes the caller's domain gains */
};

struct xsd_conn {
	struct xsd *x;
	struct xsd_conn *next, *prev;
	uint32_t domid;
	bool priv;
	bool dead;
	struct xsd_domain *dom;
	struct xsd_buf in, out;
	struct xsd_watch *watches;
	struct xsd_tx *txs;
	uint32_t next_txid;
	long outstanding;		/* replies not known to be consumed */
	void *user;
};

struct xsd_journal;

struct xsd {
	struct xsd_config cfg;
	long quota[XSD_Q_COUNT];
	struct xsd_store store;
	struct xsd_domain *dom[XSD_DOMID_MAX];
	struct xsd_conn *conns;
	struct xsd_watch **wtab;
	size_t wmask, wcount;
	struct xsd_perms *special[2];	/* @introduceDomain, @releaseDomain */
	struct xsd_journal *journal;
	uint64_t tx_gen;
	unsigned long ntxs;
	long wrl_ndomains, wrl_reserve;
};

/* One request being handled. */
struct xsd_req {
	struct xsd *x;
	struct xsd_conn *c;
	struct xsd_tx *tx;
	struct xsd_sockmsg hdr;
	char *payload;		/* NUL-terminated copy (hdr.len + 1 bytes) */
};

/* A node seen by one request: from the store or from a transaction. */
struct xsd_ent {
	bool exists;
	const char *data;
	uint32_t datalen;
	uint32_t childlen;
	struct xsd_perms *perms;
	uint64_t gen;
	struct xsd_node *node;
	struct xsd_tnode *tn;
};

/* log.c */
void xsd_log(struct xsd *x, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* proto.c */
int xsd_reply(struct xsd_req *r, const void *data, size_t len);
int xsd_reply_str(struct xsd_req *r, const char *s);
int xsd_send(struct xsd_conn *c, uint32_t type, uint32_t req_id,
	     uint32_t tx_id, const void *data, size_t len);
int xsd_args(const struct xsd_req *r, const char **v, int n);
int xsd_canon(const struct xsd_req *r, const char *in, char *out);
int xsd_parse_domid(const char *s, uint32_t *domid);
void xsd_mark_dead(struct xsd_conn *c, const char *why);

/* quota.c */
long xsd_quota_default(enum xsd_quota q);
long xsd_quota(const struct xsd_conn *c, enum xsd_quota q);
bool xsd_quota_hit(const struct xsd_conn *c, enum xsd_quota q, long value);
int xsd_do_get_quota(struct xsd_req *r);
int xsd_do_set_quota(struct xsd_req *r);

/* view.c: the committed store or the request's transaction */
unsigned xsd_conn_perm(const struct xsd_conn *c, const struct xsd_perms *p);
void xsd_event(struct xsd_req *r, const char *path, bool exact,
	       struct xsd_perms *perms);
int xsd_get(struct xsd_req *r, const char *path, struct xsd_ent *e);
size_t xsd_ent_children(const struct xsd_ent *e, size_t off, char *buf,
			size_t max, bool *complete);
int xsd_create(struct xsd_req *r, const char *path, struct xsd_ent *parent,
	       struct xsd_perms *perms, struct xsd_ent *out);
int xsd_set_data(struct xsd_req *r, struct xsd_ent *e, const void *data,
		 uint32_t len);
int xsd_set_perms(struct xsd_req *r, struct xsd_ent *e, struct xsd_perms *perms);
int xsd_remove(struct xsd_req *r, const char *path, struct xsd_ent *e);
int xsd_db_add(struct xsd *x, const char *path, struct xsd_perms *perms,
	       const void *data, uint32_t len);
void xsd_db_remove(struct xsd *x, struct xsd_node *n, bool fire);
int xsd_db_set(struct xsd *x, struct xsd_node *n, struct xsd_perms *perms,
	       const void *data, uint32_t len);

/* txn.c */
struct xsd_tx *xsd_tx_find(struct xsd_conn *c, uint32_t id);
struct xsd_tnode *xsd_tx_get(struct xsd_req *r, const char *path, int *err);
void xsd_tx_ent(const struct xsd_tnode *t, struct xsd_ent *e);
int xsd_tx_create(struct xsd_req *r, const char *path, struct xsd_ent *parent,
		  struct xsd_perms *perms, struct xsd_ent *out);
void xsd_tx_set(struct xsd_req *r, struct xsd_ent *e, struct xsd_perms *perms,
		const void *data, uint32_t len, int *err);
int xsd_tx_remove(struct xsd_req *r, const char *path, struct xsd_ent *e);
void xsd_tx_queue_event(struct xsd_tx *tx, const char *path, bool exact,
			struct xsd_perms *perms);
void xsd_tx_free(struct xsd *x, struct xsd_conn *c, struct xsd_tx *tx);
int xsd_do_tx_start(struct xsd_req *r);
int xsd_do_tx_end(struct xsd_req *r);

/* watch.c */
void xsd_fire(struct xsd *x, const char *path, bool exact,
	      struct xsd_perms *perms);
void xsd_watches_free(struct xsd *x, struct xsd_conn *c);
int xsd_do_watch(struct xsd_req *r);
int xsd_do_unwatch(struct xsd_req *r);
int xsd_do_reset_watches(struct xsd_req *r);

/* domain.c */
struct xsd_domain *xsd_domain_get(struct xsd *x, uint32_t domid);
void xsd_acct(void *ctx, uint32_t owner, int nodes, long bytes);
int xsd_domain_introduce(struct xsd *x, uint32_t domid);
void xsd_domain_release(struct xsd *x, uint32_t domid);
int xsd_do_introduce(struct xsd_req *r);
int xsd_do_release(struct xsd_req *r);
int xsd_do_get_domain_path(struct xsd_req *r);
int xsd_do_is_introduced(struct xsd_req *r);
int xsd_do_resume(struct xsd_req *r);
int xsd_do_set_target(struct xsd_req *r);
int xsd_do_get_feature(struct xsd_req *r);
int xsd_do_set_feature(struct xsd_req *r);

/* wrl.c */
void xsd_wrl_domain_new(struct xsd *x, struct xsd_domain *d);
void xsd_wrl_domain_gone(struct xsd *x, struct xsd_domain *d);
void xsd_wrl_write(struct xsd_req *r, long nodes);
void xsd_wrl_commit(struct xsd_req *r);
bool xsd_wrl_blocked(struct xsd *x, struct xsd_conn *c);

/* nodeops.c */
int xsd_do_read(struct xsd_req *r);
int xsd_do_write(struct xsd_req *r);
int xsd_do_mkdir(struct xsd_req *r);
int xsd_do_rm(struct xsd_req *r);
int xsd_do_directory(struct xsd_req *r);
int xsd_do_directory_part(struct xsd_req *r);
int xsd_do_get_perms(struct xsd_req *r);
int xsd_do_set_perms(struct xsd_req *r);

/* control.c */
int xsd_do_control(struct xsd_req *r);

/* journal.c */
int xsd_journal_open(struct xsd *x, const char *dir);
void xsd_journal_close(struct xsd *x);
void xsd_journal_node(struct xsd *x, const struct xsd_node *n);
void xsd_journal_del(struct xsd *x, const char *path);
void xsd_journal_domain(struct xsd *x, uint32_t domid);
void xsd_journal_special(struct xsd *x, int which);
void xsd_journal_end_request(struct xsd *x);
int xsd_journal_sync(struct xsd *x);
int xsd_snapshot_write(struct xsd *x);

#endif
