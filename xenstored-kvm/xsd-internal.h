/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What libxsd's own files share (the public contract is xsd.h). Listed
 * bottom-up: each file calls only files listed above it, so no two files
 * depend on each other (see README, "Files").
 */
#ifndef XSD_INTERNAL_H
#define XSD_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

#include "buf.h"
#include "htab.h"
#include "store.h"
#include "xsd.h"

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
	struct xsd_conn *conns;		/* its unprivileged connections */
};

struct xsd_watch;			/* watch.c */
struct xsd_tx;				/* txn.c */
struct xsd_tnode;

struct xsd_conn {
	struct xsd *x;
	struct xsd_conn *next, *prev;
	struct xsd_conn *dnext, *dprev;	/* dom->conns, if !priv */
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

/*
 * Who hears of every change of the committed state (db.c calls it): the
 * journal, once it has loaded the state directory. end closes what one
 * request changed; room says, before a request that changes the store,
 * whether its changes can be made durable (0, or the error to refuse it
 * with, nothing applied).
 */
struct xsd_change_hook {
	void (*node)(struct xsd *x, const struct xsd_node *n);
	void (*removed)(struct xsd *x, const char *path);
	void (*domain)(struct xsd *x, uint32_t domid);
	void (*special)(struct xsd *x, int which);
	void (*end)(struct xsd *x);
	int (*room)(struct xsd *x);
};

struct xsd_journal;

struct xsd {
	struct xsd_config cfg;
	long quota[XSD_Q_COUNT];
	struct xsd_store store;
	struct xsd_domain *dom[XSD_DOMID_MAX];
	struct xsd_conn *conns;
	struct htab watches;		/* struct xsd_watch by path */
	struct xsd_perms *special[2];	/* @introduceDomain, @releaseDomain */
	const struct xsd_change_hook *hook;
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

/* quota.c: names, defaults, the per-connection value */
long xsd_quota_default(enum xsd_quota q);
long xsd_quota(const struct xsd_conn *c, enum xsd_quota q);
bool xsd_quota_hit(const struct xsd_conn *c, enum xsd_quota q, long value);

/* req.c: what every request handler uses */
int xsd_reply(struct xsd_req *r, const void *data, size_t len);
int xsd_reply_str(struct xsd_req *r, const char *s);
void xsd_reply_error(struct xsd_req *r, int err);
int xsd_send(struct xsd_conn *c, uint32_t type, uint32_t req_id,
	     uint32_t tx_id, const void *data, size_t len);
int xsd_args(const struct xsd_req *r, const char **v, int n);
int xsd_canon(const struct xsd_req *r, const char *in, char *out);
int xsd_parse_domid(const char *s, uint32_t *domid);
unsigned xsd_conn_perm(const struct xsd_conn *c, const struct xsd_perms *p);
void xsd_mark_dead(struct xsd_conn *c, const char *why);

/* watch.c */
void xsd_fire(struct xsd *x, const char *path, bool exact,
	      struct xsd_perms *perms);
void xsd_watches_free(struct xsd *x, struct xsd_conn *c);
int xsd_do_watch(struct xsd_req *r);
int xsd_do_unwatch(struct xsd_req *r);

/* db.c: changes of the committed store, told to x->hook */
struct xsd_node *xsd_db_create(struct xsd *x, struct xsd_node *parent,
			       const char *name, size_t len,
			       struct xsd_perms *perms);
int xsd_db_set_data(struct xsd *x, struct xsd_node *n, const void *data,
		    uint32_t len);
void xsd_db_set_perms(struct xsd *x, struct xsd_node *n,
		      struct xsd_perms *perms);
int xsd_db_add(struct xsd *x, const char *path, struct xsd_perms *perms,
	       const void *data, uint32_t len);
int xsd_db_set(struct xsd *x, struct xsd_node *n, struct xsd_perms *perms,
	       const void *data, uint32_t len);
void xsd_db_remove(struct xsd *x, struct xsd_node *n, bool fire);
void xsd_db_set_special(struct xsd *x, int which, struct xsd_perms *perms);
void xsd_db_domain_changed(struct xsd *x, uint32_t domid);
void xsd_db_end_request(struct xsd *x);
int xsd_db_room(struct xsd *x);

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
int xsd_do_get_quota(struct xsd_req *r);
int xsd_do_set_quota(struct xsd_req *r);

/* wrl.c */
void xsd_wrl_domain_new(struct xsd *x, struct xsd_domain *d);
void xsd_wrl_domain_gone(struct xsd *x, struct xsd_domain *d);
void xsd_wrl_write(struct xsd_req *r, long nodes);
void xsd_wrl_commit(struct xsd_req *r);
bool xsd_wrl_blocked(struct xsd *x, struct xsd_conn *c);

/* txn.c */
struct xsd_tx *xsd_tx_find(struct xsd_conn *c, uint32_t id);
struct xsd_tnode *xsd_tx_get(struct xsd_req *r, const char *path, int *err);
void xsd_tx_ent(const struct xsd_tnode *t, struct xsd_ent *e);
const char *xsd_tx_children(const struct xsd_tnode *t, uint32_t *len);
int xsd_tx_list(struct xsd *x, struct xsd_tnode *t);
long xsd_tx_nodes_delta(const struct xsd_tx *tx);
void xsd_tx_add_nodes(struct xsd_tx *tx, long nodes);
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

/* view.c: the committed store or the request's transaction */
void xsd_event(struct xsd_req *r, const char *path, bool exact,
	       struct xsd_perms *perms);
int xsd_get(struct xsd_req *r, const char *path, struct xsd_ent *e);
int xsd_ent_list(struct xsd_req *r, struct xsd_ent *e);
size_t xsd_ent_children(const struct xsd_ent *e, size_t off, char *buf,
			size_t max, bool *complete);
int xsd_create(struct xsd_req *r, const char *path, struct xsd_ent *parent,
	       struct xsd_perms *perms, struct xsd_ent *out);
int xsd_set_data(struct xsd_req *r, struct xsd_ent *e, const void *data,
		 uint32_t len);
int xsd_set_perms(struct xsd_req *r, struct xsd_ent *e, struct xsd_perms *perms);
int xsd_remove(struct xsd_req *r, const char *path, struct xsd_ent *e);

/* nodeops.c */
int xsd_do_read(struct xsd_req *r);
int xsd_do_write(struct xsd_req *r);
int xsd_do_mkdir(struct xsd_req *r);
int xsd_do_rm(struct xsd_req *r);
int xsd_do_directory(struct xsd_req *r);
int xsd_do_directory_part(struct xsd_req *r);
int xsd_do_get_perms(struct xsd_req *r);
int xsd_do_set_perms(struct xsd_req *r);

/* aside.c: state files kept as evidence, moved (or linked) */
int xsd_aside(int dirfd, const char *prefix, const char *const *names,
	      size_t n, bool link, char *sub, size_t size);

/* bootid.c: which boot the state directory belongs to */
int xsd_boot_check(struct xsd *x, int dirfd, const char *dir, bool *record);
int xsd_boot_record(int dirfd);

/* journal.c (with snapshot.c): the state directory */
int xsd_journal_open(struct xsd *x, const char *dir);
void xsd_journal_close(struct xsd *x);
int xsd_journal_sync(struct xsd *x);
int xsd_snapshot_write(struct xsd *x);

/* control.c */
int xsd_do_control(struct xsd_req *r);

/* core.c */
int xsd_do_reset_watches(struct xsd_req *r);

#endif
