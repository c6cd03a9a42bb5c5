/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target over what libxsd loads at start: the input becomes a
 * state directory's snapshot and journal, and xsd_new() opens it. Any
 * outcome but a crash, a sanitizer report or a leak is allowed at first
 * (a damaged file is put aside, or the start refused); but a store that
 * did start must take a write, and what it leaves behind at xsd_free()
 * must load again without a single error and hold that write: the daemon
 * reads back whatever it writes.
 *
 * Input: [flags][snapshot length, 4 bytes LE][snapshot][journal]. A part
 * of length 0 is no file. Flag bit 0 recomputes the snapshot's trailing
 * CRC32 and bit 1 the journal header's and every record's, after
 * mutation, so the decoders behind the checksums are fuzzed too.
 */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <xen/io/xs_wire.h>

#include "xenstored-kvm/xsd.h"
#include "xenstored-kvm/statefile.h"

#define SNAP_CRC_MIN	28	/* magic, sequence, end marker, CRC32 */
#define JNL_HDR		20	/* magic, sequence, CRC32 of both */

static char dir[64];
static int errors;

static void count_errors(void *ctx, int level, const char *msg)
{
	(void)ctx;
	(void)msg;
	errors += level <= XSD_LOG_ERR;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	return ftw->level ? remove(path) : 0;
}

static void empty_dir(void)
{
	if (nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS))
		abort();
}

static void put_file(const char *name, const uint8_t *p, size_t len)
{
	char path[128];
	int fd;

	if (!len)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, p, len) != (ssize_t)len || close(fd))
		abort();
}

static uint32_t crc(const uint8_t *p, size_t len)
{
	return crc32(crc32(0, NULL, 0), p, len);
}

static void seal_snapshot(uint8_t *p, size_t len)
{
	uint32_t c;

	if (len < SNAP_CRC_MIN)
		return;
	c = crc(p, len - 4);
	memcpy(p + len - 4, &c, 4);
}

/* The header's CRC, then each record's (over its length and payload). */
static void seal_journal(uint8_t *p, size_t len)
{
	size_t off = JNL_HDR;
	uint32_t c, n;

	if (len < JNL_HDR)
		return;
	c = crc(p, 16);
	memcpy(p + 16, &c, 4);
	while (len - off >= 8) {
		memcpy(&n, p + off, 4);
		if (n > len - off - 8)
			break;
		c = crc32(crc(p + off, 4), p + off + 8, n);
		memcpy(p + off + 4, &c, 4);
		off += 8 + n;
	}
}

/* One request from dom0; true if its reply is not an error. */
static bool request(struct xsd *x, struct xsd_conn *c, uint32_t type,
		    const char *payload, size_t len)
{
	struct xsd_sockmsg h = { .type = type, .len = len };
	char buf[sizeof(h) + 64];
	const char *out;
	size_t n;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), payload, len);
	if (xsd_conn_input(x, c, buf, sizeof(h) + len) < 0 || xsd_commit(x))
		abort();
	out = xsd_conn_output(c, &n);
	if (!out || n < sizeof(h))
		abort();
	memcpy(&h, out, sizeof(h));
	xsd_conn_sent(c, n);
	return h.type == type;
}

static struct xsd *open_store(void)
{
	struct xsd_config cfg = {
		.state_dir = dir, .log_level = XSD_LOG_ERR, .log = count_errors,
	};
	int err = 0;

	return xsd_new(&cfg, &err);
}

/*
 * The start maps the snapshot, and ASan sees no read past a mapping's end
 * within its last page: the decoder also reads an exact heap copy.
 */
static void load_snapshot_copy(const uint8_t *p, size_t len)
{
	struct xsd_config cfg = { .log_level = XSD_LOG_ERR, .log = count_errors };
	unsigned char *copy = malloc(len);
	struct xsd *x;
	uint64_t seq;
	bool old;
	int err = 0;

	x = xsd_new(&cfg, &err);
	if (!copy || !x)
		abort();
	memcpy(copy, p, len);
	xsd_snapshot_load(x, copy, len, &seq, &old);
	free(copy);
	xsd_free(x);
}

static void remove_dir(void)
{
	empty_dir();
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/xsd-fuzz-state.XXXXXX", base);
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char probe[] = "/fuzz-probe\0written";
	uint8_t *buf, flags;
	uint32_t slen;
	struct xsd_conn *c;
	struct xsd *x;

	if (size < 5)
		return 0;
	flags = data[0];
	memcpy(&slen, data + 1, 4);
	size -= 5;
	if (slen > size)
		slen = size;
	buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data + 5, size);
	if (flags & 1)
		seal_snapshot(buf, slen);
	if (flags & 2)
		seal_journal(buf + slen, size - slen);
	if (slen)
		load_snapshot_copy(buf, slen);
	empty_dir();
	put_file("snapshot", buf, slen);
	put_file("journal", buf + slen, size - slen);
	free(buf);

	x = open_store();
	if (!x)
		return 0;
	c = xsd_conn_new(x, 0, true, NULL);
	if (!c || !request(x, c, XS_WRITE, probe, sizeof(probe) - 1))
		abort();
	xsd_free(x);

	/* What the store left is loaded again without complaint. */
	errors = 0;
	x = open_store();
	if (!x || errors)
		abort();
	c = xsd_conn_new(x, 0, true, NULL);
	if (!c || !request(x, c, XS_READ, probe, strlen(probe) + 1))
		abort();
	xsd_free(x);
	return 0;
}
