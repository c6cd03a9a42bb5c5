/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Durability: a snapshot (snapshot.c) plus an append-only journal in the
 * state directory. Each request that changed the store appends one framed
 * record (length, CRC32 of length and operations, operations), so a
 * transaction is all or nothing on replay; the header (magic, sequence
 * number) has a CRC32 of its own. Records of everything
 * processed in one event-loop pass are written and fdatasync'd together
 * (group commit) before any reply leaves. When the journal outgrows the
 * snapshot, a new snapshot is written beside it and renamed over it, then
 * the journal restarts; both carry a sequence number so a journal older
 * than the snapshot is never replayed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "statefile.h"
#include "xsd-internal.h"

#define JNL_MAGIC	"XSKVJNL2"
#define HDR_SIZE	20	/* magic, sequence number, their CRC32 */
#define JNL_MAGIC_V1	"XSKVJNL1"	/* no header CRC, payload-only CRCs */
#define HDR_SIZE_V1	16
#define COMPACT_MIN	(8u << 20)
#define COMPACT_RETRY	(1u << 20)
/*
 * Journal space kept allocated ahead of its end: more than one request of
 * a domain can add (a commit of 1024 transaction nodes, each with a path
 * and a value of 2 KiB, is about 4.3 MiB), so a request let through never
 * meets a full disk after it was applied.
 */
#define ROOM		(8u << 20)

struct xsd_journal {
	int fd;
	int dirfd;
	uint64_t seq;
	struct xsd_buf pend;	/* framed records not yet written */
	size_t frame;		/* start of the open record, or SIZE_MAX */
	uint64_t size;		/* bytes in the journal file */
	uint64_t snap_size;
	uint64_t compact_retry;	/* journal size before compacting again */
	bool switching;		/* "journal.tmp" not yet renamed into place */
	uint64_t allocated;	/* file space known to be allocated */
	bool no_fallocate;	/* the filesystem cannot allocate ahead */
	bool full;		/* changes refused for want of space */
	bool failing;		/* pending records could not be written */
};

/* A record's CRC covers its length too, so a damaged length is seen. */
static uint32_t record_crc(uint32_t len, const void *payload)
{
	return xsd_crc(xsd_crc(xsd_crc(0, NULL, 0), &len, 4), payload, len);
}

/* Version 1 records: the CRC of the payload alone. */
static uint32_t record_crc_v1(uint32_t len, const void *payload)
{
	return xsd_crc(xsd_crc(0, NULL, 0), payload, len);
}

/* ---- encoding ---- */

static void put(struct xsd_journal *j, const void *p, size_t len)
{
	if (xsd_buf_add(&j->pend, p, len))
		abort();	/* cannot keep the durability promise */
}

static void put_u32(struct xsd_journal *j, uint32_t v)
{
	put(j, &v, 4);
}

static void put_str(struct xsd_journal *j, const char *s)
{
	uint16_t len = strlen(s);

	put(j, &len, 2);
	put(j, s, len);
}

static void begin_op(struct xsd_journal *j, char op)
{
	if (j->frame == SIZE_MAX) {
		j->frame = j->pend.len;
		put(j, "\0\0\0\0\0\0\0\0", 8);
	}
	put(j, &op, 1);
}

static void put_perms(struct xsd_journal *j, const struct xsd_perms *p)
{
	uint16_t num = p->num;
	uint32_t i;

	put(j, &num, 2);
	for (i = 0; i < num; i++) {
		put_u32(j, p->p[i].domid);
		put(j, &p->p[i].perm, 1);
	}
}

/* The change hook (db.c): one operation per change, a record per request. */
static void journal_node(struct xsd *x, const struct xsd_node *n)
{
	struct xsd_journal *j = x->journal;
	char path[XENSTORE_ABS_PATH_MAX + 1];

	if (xsd_node_path(n, path, sizeof(path)) >= sizeof(path))
		return;
	begin_op(j, 'P');
	put_str(j, path);
	put_perms(j, n->perms);
	put_u32(j, n->datalen);
	put(j, n->data, n->datalen);
}

static void journal_removed(struct xsd *x, const char *path)
{
	begin_op(x->journal, 'D');
	put_str(x->journal, path);
}

static void journal_special(struct xsd *x, int which)
{
	char v = which;

	begin_op(x->journal, 'S');
	put(x->journal, &v, 1);
	put_perms(x->journal, x->special[which]);
}

/* The whole state of a domain: introduced, target, features, quotas. */
static void journal_domain(struct xsd *x, uint32_t domid)
{
	unsigned char buf[XSD_DOMSTATE_MAX];

	begin_op(x->journal, 'T');
	put(x->journal, buf, xsd_domstate_put(x, domid, buf));
}

static void journal_end_request(struct xsd *x)
{
	struct xsd_journal *j = x->journal;
	uint32_t hdr[2];

	if (j->frame == SIZE_MAX)
		return;
	hdr[0] = j->pend.len - j->frame - 8;
	hdr[1] = record_crc(hdr[0], j->pend.data + j->frame + 8);
	memcpy(j->pend.data + j->frame, hdr, 8);
	j->frame = SIZE_MAX;
}

/* ---- decoding: straight into the store, nothing is journaled again ---- */

/* Returns a reference, NULL on bad input or no memory. */
static struct xsd_perms *get_perms(struct xsd *x, struct rd *r)
{
	struct xsd_perm p[XENSTORE_PAYLOAD_MAX / 3];
	uint16_t num, i;

	if (!get(r, &num, 2) || !num || num > sizeof(p) / sizeof(p[0]))
		return NULL;
	for (i = 0; i < num; i++)
		if (!get(r, &p[i].domid, 4) || !get(r, &p[i].perm, 1) ||
		    p[i].domid >= XSD_DOMID_MAX)
			return NULL;
	return xsd_perms_intern(&x->store, p, num);
}

/*
 * Records mostly follow each other within one directory: remembering the
 * last parent saves a walk from the root per record.
 */
struct replay_cache {
	char parent[XENSTORE_ABS_PATH_MAX + 1];
	size_t len;
	struct xsd_node *node;
};

static struct xsd_node *replay_parent(struct xsd *x, struct replay_cache *rc,
				      const char *path, size_t plen)
{
	if (rc->node && rc->len == plen && !memcmp(rc->parent, path, plen))
		return rc->node;
	memcpy(rc->parent, path, plen);
	rc->parent[plen] = '\0';
	rc->len = plen;
	rc->node = xsd_node_lookup(&x->store, rc->parent);
	return rc->node;
}

static int replay_put(struct xsd *x, struct rd *r, struct replay_cache *rc)
{
	char path[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_perms *perms;
	struct xsd_node *n = NULL, *parent;
	size_t plen;
	const char *base;
	uint32_t len;
	const void *data;
	int err;

	if (!get_str(r, path, sizeof(path)) || path[0] != '/' ||
	    !(perms = get_perms(x, r)))
		return EINVAL;
	if (!get(r, &len, 4) || (size_t)(r->end - r->p) < len) {
		xsd_perms_put(&x->store, perms);
		return EINVAL;
	}
	data = r->p;
	r->p += len;
	if (!path[1]) {
		n = x->store.root;
	} else {
		plen = xsd_path_parent_len(path);
		base = path + plen + (plen > 1);
		parent = replay_parent(x, rc, path, plen);
		if (parent) {
			n = xsd_node_child(&x->store, parent, base,
					   strlen(base));
			if (!n)
				n = xsd_node_add(&x->store, parent, base,
						 strlen(base), perms);
		} else {
			n = xsd_node_make(&x->store, path, perms, NULL, NULL);
		}
	}
	if (!n) {
		xsd_perms_put(&x->store, perms);
		return ENOMEM;
	}
	if (n->perms != perms)
		xsd_node_set_perms(&x->store, n, perms);
	err = xsd_node_set_data(&x->store, n, data, len);
	xsd_perms_put(&x->store, perms);
	return err;
}

static int replay_record(struct xsd *x, struct rd *r, struct replay_cache *rc)
{
	char path[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_perms *perms;
	struct xsd_domain *d;
	struct xsd_node *n;
	uint32_t domid;
	char op, v;
	int err;

	while (r->p < r->end) {
		if (!get(r, &op, 1))
			return EINVAL;
		switch (op) {
		case 'P':
			err = replay_put(x, r, rc);
			if (err)
				return err;
			break;
		case 'D':
			if (!get_str(r, path, sizeof(path)))
				return EINVAL;
			n = xsd_node_lookup(&x->store, path);
			if (n && n != x->store.root)
				xsd_node_remove(&x->store, n, NULL, NULL);
			rc->node = NULL;	/* it may have gone */
			break;
		case 'S':
			if (!get(r, &v, 1) || (v != 0 && v != 1) ||
			    !(perms = get_perms(x, r)))
				return EINVAL;
			xsd_perms_put(&x->store, x->special[(int)v]);
			x->special[(int)v] = perms;
			break;
		case 'T':
			if (!xsd_domstate_get(x, r))
				return EINVAL;
			break;
		case 'I':	/* journals written before 'T' */
			if (!get(r, &domid, 4) || !get(r, &v, 1))
				return EINVAL;
			d = xsd_domain_get(x, domid);
			if (d)
				d->introduced = v;
			break;
		default:
			return EINVAL;
		}
	}
	return 0;
}

/* Where a journal's valid records end, and why. */
struct replayed {
	size_t end;		/* offset just after the last valid record */
	size_t records;		/* valid records replayed */
	bool torn;		/* what follows runs past the file's end */
};

/* Replay whole valid records, up to the first one that is not. */
static struct replayed replay(struct xsd *x, const unsigned char *buf,
			      size_t len, bool v1)
{
	struct replay_cache *rc = calloc(1, sizeof(*rc));
	struct replayed out = { v1 ? HDR_SIZE_V1 : HDR_SIZE, 0, false };
	size_t off = out.end;

	if (!rc)
		return out;

	while (off < len) {
		uint32_t hdr[2];
		struct rd r;

		if (len - off < 8) {
			out.torn = true;
			break;
		}
		memcpy(hdr, buf + off, 8);
		if (hdr[0] > len - off - 8) {
			out.torn = true;
			break;
		}
		if ((v1 ? record_crc_v1 : record_crc)(hdr[0], buf + off + 8) !=
		    hdr[1])
			break;
		r.p = buf + off + 8;
		r.end = r.p + hdr[0];
		if (replay_record(x, &r, rc))
			xsd_log(x, XSD_LOG_ERR, "journal record at %zu unusable",
				off);
		off += 8 + hdr[0];
		out.records++;
	}
	free(rc);
	out.end = off;
	return out;
}

/* ---- snapshot ---- */

static int write_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += n;
		len -= n;
		off += n;
	}
	return 0;
}

/* Files are replaced atomically: write "name.tmp", fsync, rename, fsync dir. */
static FILE *tmp_open(struct xsd_journal *j, const char *name)
{
	char tmp[64];
	FILE *f;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	fd = openat(j->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0600);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	else
		setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static int tmp_commit(struct xsd_journal *j, FILE *f, const char *name,
		      int err)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	if (fflush(f) && !err)
		err = errno;
	if (!err && fsync(fileno(f)))
		err = errno;
	if (fclose(f) && !err)
		err = errno;
	if (!err && renameat(j->dirfd, tmp, j->dirfd, name))
		err = errno;
	if (!err && fsync(j->dirfd))
		err = errno;
	if (err)
		unlinkat(j->dirfd, tmp, 0);
	return err;
}

/*
 * A new journal holding only its header, as "journal.tmp", open for
 * writing (the descriptor follows the file through the rename).
 */
static int journal_create(struct xsd_journal *j, uint64_t seq, int *fd)
{
	unsigned char hdr[HDR_SIZE];
	uint32_t crc;
	int err;

	memcpy(hdr, JNL_MAGIC, 8);
	memcpy(hdr + 8, &seq, 8);
	crc = xsd_crc(xsd_crc(0, NULL, 0), hdr, 16);
	memcpy(hdr + 16, &crc, 4);
	*fd = openat(j->dirfd, "journal.tmp", O_WRONLY | O_CREAT | O_TRUNC |
		     O_CLOEXEC, 0600);
	if (*fd < 0)
		return errno;
	err = write_all(*fd, hdr, HDR_SIZE, 0);
	if (!err && fsync(*fd))
		err = errno;
	if (err) {
		close(*fd);
		*fd = -1;
		unlinkat(j->dirfd, "journal.tmp", 0);
	}
	return err;
}

/* Records go to the new journal from now on; it is not in place yet. */
static void journal_adopt(struct xsd_journal *j, int fd, uint64_t seq)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = fd;
	j->seq = seq;
	j->size = HDR_SIZE;
	j->allocated = 0;
	j->switching = true;
}

/* journal.tmp becomes "journal": until then no record is written. */
static int journal_switch(struct xsd_journal *j)
{
	if (renameat(j->dirfd, "journal.tmp", j->dirfd, "journal") ||
	    fsync(j->dirfd))
		return errno;
	j->switching = false;
	return 0;
}

static int journal_start(struct xsd_journal *j, uint64_t seq)
{
	int fd, err = journal_create(j, seq, &fd);

	if (err)
		return err;
	journal_adopt(j, fd, seq);
	return journal_switch(j);
}

/*
 * Records are written at the journal's durable end (not appended): after
 * a failed write, the next try writes the whole pending batch again over
 * whatever part of it reached the file.
 */
static int flush_pending(struct xsd_journal *j)
{
	int err;

	if (!j->pend.len)
		return 0;
	if (j->switching && (err = journal_switch(j)))
		return err;
	err = write_all(j->fd, j->pend.data, j->pend.len, j->size);
	if (!err && fdatasync(j->fd))
		err = errno;
	if (err)
		return err;
	j->size += j->pend.len;
	j->pend.len = j->pend.off = 0;
	return 0;
}

/*
 * Compaction. The new journal is created before the new snapshot is
 * renamed into place (the commit point): a failure before that leaves the
 * previous snapshot and journal, which hold everything, in use; after it,
 * no record goes anywhere but the new journal, which the next start
 * replays (or, if its rename could not be done, the snapshot alone holds
 * everything and no record is written until it is).
 */
int xsd_snapshot_write(struct xsd *x)
{
	struct xsd_journal *j = x->journal;
	FILE *f;
	struct stat st;
	int err, fd;

	journal_end_request(x);
	err = flush_pending(j);
	if (err)
		return err;
	err = journal_create(j, j->seq + 1, &fd);
	if (err)
		return err;
	f = tmp_open(j, "snapshot");
	err = f ? tmp_commit(j, f, "snapshot",
			     xsd_snapshot_encode(x, f, j->seq + 1)) : errno;
	if (err) {
		close(fd);
		unlinkat(j->dirfd, "journal.tmp", 0);
		return err;
	}
	journal_adopt(j, fd, j->seq + 1);
	if (!fstatat(j->dirfd, "snapshot", &st, 0))
		j->snap_size = st.st_size;
	xsd_log(x, XSD_LOG_INFO, "snapshot written: %zu nodes",
		x->store.count + 1);
	return journal_switch(j);
}

int xsd_journal_sync(struct xsd *x)
{
	struct xsd_journal *j = x->journal;
	int err;

	journal_end_request(x);
	err = flush_pending(j);
	if (err && !j->failing)
		xsd_log(x, XSD_LOG_ERR, "journal write failed: %s; replies "
			"are held back until it succeeds", strerror(err));
	else if (!err && j->failing)
		xsd_log(x, XSD_LOG_WARN, "journal written again: replies go out");
	j->failing = err;
	if (err)
		return err;
	/*
	 * Bounds replay at restart to about one snapshot's worth. A failed
	 * compaction changed nothing; it is tried again once the journal has
	 * grown by COMPACT_RETRY, not on every pass.
	 */
	if (j->size > COMPACT_MIN && j->size > j->snap_size &&
	    j->size >= j->compact_retry) {
		err = xsd_snapshot_write(x);
		if (err) {
			j->compact_retry = j->size + COMPACT_RETRY;
			xsd_log(x, XSD_LOG_ERR, "snapshot failed: %s; the previous "
				"snapshot and journal stay in use", strerror(err));
		}
	}
	return 0;
}

/*
 * Can the next request's changes be made durable? Only if ROOM bytes
 * beyond what is pending are allocated to the journal (allocated ahead
 * in steps of ROOM, so this is rarely more than a comparison). Otherwise
 * the request is refused with ENOSPC before anything is applied; the
 * first refusal of an episode is logged, and so is its end.
 */
static int allocate_ahead(struct xsd *x, uint64_t end)
{
	struct xsd_journal *j = x->journal;

	if (!fallocate(j->fd, FALLOC_FL_KEEP_SIZE, 0, end + 2 * ROOM)) {
		j->allocated = end + 2 * ROOM;
		return 0;
	}
	if (!fallocate(j->fd, FALLOC_FL_KEEP_SIZE, 0, end + ROOM)) {
		j->allocated = end + ROOM;
		return 0;
	}
	if (errno != EOPNOTSUPP)
		return errno;
	j->no_fallocate = true;
	xsd_log(x, XSD_LOG_WARN, "the state directory's filesystem cannot "
		"allocate ahead: when it is full, replies are held back "
		"instead of changes being refused");
	return 0;
}

static int journal_room(struct xsd *x)
{
	struct xsd_journal *j = x->journal;
	uint64_t end = j->size + j->pend.len;
	int err = 0;

	if (j->switching)
		err = journal_switch(j);
	if (!err && !j->no_fallocate && j->allocated < end + ROOM)
		err = allocate_ahead(x, end);
	if (err && !j->full)
		xsd_log(x, XSD_LOG_ERR, "state directory full (%s): changes "
			"are refused with ENOSPC until there is room again",
			strerror(err));
	else if (!err && j->full)
		xsd_log(x, XSD_LOG_WARN, "state directory has room again: "
			"changes are accepted");
	j->full = err;
	return err ? ENOSPC : 0;
}

static const struct xsd_change_hook journal_hook = {
	.node = journal_node,
	.removed = journal_removed,
	.domain = journal_domain,
	.special = journal_special,
	.end = journal_end_request,
	.room = journal_room,
};

static void *map_file(int dirfd, const char *name, size_t *len)
{
	struct stat st;
	void *p;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !st.st_size) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = st.st_size;
	return p;
}

/* What a journal's header says, against the snapshot's sequence number. */
enum jnl_kind { JNL_NONE, JNL_CURRENT, JNL_CURRENT_V1, JNL_STALE, JNL_BAD };

static enum jnl_kind journal_kind(const unsigned char *buf, size_t len,
				  uint64_t seq, const char **why)
{
	uint64_t jseq;
	uint32_t crc;
	bool v1;

	if (!buf)
		return JNL_NONE;
	v1 = len >= HDR_SIZE_V1 && !memcmp(buf, JNL_MAGIC_V1, 8);
	if (!v1) {
		*why = "its header is cut short or has no journal magic";
		if (len < HDR_SIZE || memcmp(buf, JNL_MAGIC, 8))
			return JNL_BAD;
		*why = "its header fails its CRC32";
		memcpy(&crc, buf + 16, 4);
		if (xsd_crc(xsd_crc(0, NULL, 0), buf, 16) != crc)
			return JNL_BAD;
	}
	memcpy(&jseq, buf + 8, 8);
	/* Older: the snapshot's compaction got no further (it holds all). */
	if (jseq < seq)
		return JNL_STALE;
	*why = "its header follows a snapshot that is not there";
	if (jseq > seq)
		return JNL_BAD;
	return v1 ? JNL_CURRENT_V1 : JNL_CURRENT;
}

/*
 * Evidence goes aside, in a new directory named by the time it was found
 * (moved, or linked when the caller replaces the file itself later).
 */
static int keep_aside(struct xsd_journal *j, const char *const *names,
		      size_t n, bool link, char *sub, size_t size)
{
	char prefix[48];
	time_t now = time(NULL);
	struct tm tm;

	strftime(prefix, sizeof(prefix), "damaged-%Y%m%dT%H%M%SZ",
		 gmtime_r(&now, &tm));
	return xsd_aside(j->dirfd, prefix, names, n, link, sub, size);
}

/*
 * A damaged snapshot (its magic, end marker or CRC32) cannot be trusted,
 * nor the journal that follows it: both are moved aside and the store
 * starts with dom0 only. Returns the snapshot's sequence number via *seq.
 */
static int load_snapshot(struct xsd *x, struct xsd_journal *j,
			 const char *dir, uint64_t *seq, bool *rewrite)
{
	static const char *const both[] = { "snapshot", "journal" };
	char sub[96];
	size_t len;
	unsigned char *buf = map_file(j->dirfd, "snapshot", &len);
	int err;

	*seq = 0;
	if (!buf)
		return 0;
	err = xsd_snapshot_load(x, buf, len, seq, rewrite);
	munmap(buf, len);
	if (!err) {
		j->snap_size = len;
		return 0;
	}
	if (err != EBADMSG) {
		xsd_log(x, XSD_LOG_ERR, "%s/snapshot unusable: %s", dir,
			strerror(err));
		return err;
	}
	*seq = 0;
	if (x->cfg.no_recovery) {
		xsd_log(x, XSD_LOG_ERR, "%s/snapshot is damaged (its magic, end "
			"marker or CRC32 over its %zu bytes does not match) and "
			"-R forbids recovery: not starting, nothing moved",
			dir, len);
		return EBADMSG;
	}
	err = keep_aside(j, both, 2, false, sub, sizeof(sub));
	if (!err)
		xsd_log(x, XSD_LOG_ERR, "%s/snapshot is damaged (its magic, end "
			"marker or CRC32 over its %zu bytes does not match): it "
			"and the journal that follows it are kept in %s/%s, "
			"nothing of them is loaded; starting with dom0 only",
			dir, len, dir, sub);
	return err;
}

/*
 * Replay the journal if it follows the snapshot. A damaged one (its
 * header, a record, or anything after the last valid record) is linked
 * aside before anything changes it; what was valid has been replayed, and
 * *rewrite asks for a compaction, which replaces it with a new file.
 * Records after a damaged one are not replayed: without it, they would
 * build a store that never was.
 */
static int load_journal(struct xsd *x, struct xsd_journal *j,
			const char *dir, bool *rewrite)
{
	static const char *const journal[] = { "journal" };
	char sub[96];
	size_t len = 0;
	unsigned char *buf = map_file(j->dirfd, "journal", &len);
	const char *why = NULL;
	enum jnl_kind kind = journal_kind(buf, len, j->seq, &why);
	struct replayed r = { len, 0, false };
	int err;

	if (kind == JNL_CURRENT || kind == JNL_CURRENT_V1) {
		r = replay(x, buf, len, kind == JNL_CURRENT_V1);
		*rewrite |= kind == JNL_CURRENT_V1;
		j->size = r.end;
		j->fd = openat(j->dirfd, "journal", O_WRONLY | O_CLOEXEC);
		if (j->fd < 0) {
			err = errno;
			munmap(buf, len);
			return err;
		}
	}
	if (buf)
		munmap(buf, len);
	if ((kind == JNL_BAD || r.end < len) && x->cfg.no_recovery) {
		if (kind == JNL_BAD)
			xsd_log(x, XSD_LOG_ERR, "%s/journal is damaged (%s) "
				"and -R forbids recovery: not starting, nothing "
				"moved", dir, why);
		else
			xsd_log(x, XSD_LOG_ERR, "%s/journal is damaged at byte "
				"%zu of %zu and -R forbids recovery: not "
				"starting, nothing moved", dir, r.end, len);
		return EBADMSG;
	}
	if (kind == JNL_BAD || r.end < len) {
		err = keep_aside(j, journal, 1, true, sub, sizeof(sub));
		if (err)
			return err;
		if (kind == JNL_BAD)
			xsd_log(x, XSD_LOG_ERR, "%s/journal is damaged: %s; "
				"kept in %s/%s, none of its %zu bytes loaded",
				dir, why, dir, sub, len);
		else
			xsd_log(x, XSD_LOG_ERR, "%s/journal is damaged at byte "
				"%zu of %zu (%s): kept in %s/%s; its %zu records "
				"before it are loaded, nothing from there on",
				dir, r.end, len, r.torn ? "a record cut short" :
				"a record fails its CRC32", dir, sub, r.records);
		*rewrite = true;
	}
	return j->fd >= 0 ? 0 : journal_start(j, j->seq);
}

int xsd_journal_open(struct xsd *x, const char *dir)
{
	struct xsd_journal *j = calloc(1, sizeof(*j));
	bool record, rewrite = false;
	int err = 0;

	if (!j)
		return ENOMEM;
	j->fd = -1;
	j->frame = SIZE_MAX;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		err = errno;
		goto fail;
	}
	j->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j->dirfd < 0) {
		err = errno;
		goto fail;
	}
	err = xsd_boot_check(x, j->dirfd, dir, &record);
	if (!err)
		err = load_snapshot(x, j, dir, &j->seq, &rewrite);
	if (!err)
		err = load_journal(x, j, dir, &rewrite);
	if (!err && record)
		err = xsd_boot_record(j->dirfd);
	if (err)
		goto fail;
	x->journal = j;
	x->hook = &journal_hook;
	/*
	 * An older format or damaged evidence in place: a new snapshot and
	 * journal hold the store from here (the files aside stay as found).
	 */
	if (rewrite && (err = xsd_snapshot_write(x))) {
		xsd_log(x, XSD_LOG_ERR, "%s: cannot write the store anew: %s",
			dir, strerror(err));
		x->journal = NULL;
		x->hook = NULL;
		goto fail;
	}
	return 0;
fail:
	if (j->fd >= 0)
		close(j->fd);
	if (j->dirfd > 0)
		close(j->dirfd);
	free(j);
	return err;
}

void xsd_journal_close(struct xsd *x)
{
	struct xsd_journal *j = x->journal;

	if (!j)
		return;
	xsd_journal_sync(x);
	/* A clean stop leaves nothing to replay: the next start is fastest. */
	if (j->size > HDR_SIZE && xsd_snapshot_write(x))
		xsd_log(x, XSD_LOG_ERR, "final snapshot failed");
	close(j->fd);
	close(j->dirfd);
	xsd_buf_free(&j->pend);
	free(j);
	x->journal = NULL;
	x->hook = NULL;
}
