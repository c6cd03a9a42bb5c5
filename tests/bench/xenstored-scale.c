/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xenstored-scale: does xenstored-kvm's cost per operation stay flat as
 * the number of domains grows? (issue #17)
 *
 *   xenstored-scale DAEMON [--quick]
 *
 * It starts DAEMON (xenstored-kvm -N) in a private directory, then brings
 * the store to 10, 1,000 and 10,000 introduced domains (--quick: 10, 100,
 * 1,000). Each domain gets the nodes xl writes for a guest with one disk,
 * one vif and a console (xl-compat/runtime/xs_layout.c: its home with
 * name, domid, vm, cpu, memory, device, control, console, data...; /vm/UUID;
 * /libxl/N; its backends in dom0's tree) in one transaction, then
 * INTRODUCE, then one connection on its own socket watching its
 * control/shutdown, as each guest's agent has. At each size it measures:
 *   - one more domain as xl create and destroy make and remove it: the
 *     transaction writing its layout, INTRODUCE, its guest connecting and
 *     watching (untimed), the transaction removing its layout, RELEASE
 *   - INTRODUCE and RELEASE of a domain without nodes: the daemon's own
 *     cost, without what the transactions before them leave in the
 *     caches
 *   - a guest's READ of its own node, on its own connection
 *   - a watch firing: dom0 writes a guest's control/shutdown, time until
 *     the guest has the event
 *   - @releaseDomain fan-out: one RELEASE, 1,000 dom0 watchers, time
 *     until the last one has its event
 *   - the daemon's RSS (VmRSS) per domain with its layout, and per
 *     connected guest
 * and prints each time as a ratio to its value at the first size, measured
 * in the same run. Client and daemon are pinned to different CPUs so that
 * every size pays the same cross-CPU wake-ups. The state directory is on
 * /dev/shm where there is one: a disk's fsync latency does not depend on
 * the number of domains and would only hide what does. Numbers only; it
 * never fails on a time.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#define NSIZES		3
#define FANOUT		1000
#define PROBE_BASE	32000	/* domids of the measured INTRODUCE/RELEASE */
#define BATCH		64	/* domains whose layouts are written at once */
#define PROBE_FDS	256	/* the daemon's other descriptors, dom0's reserve */

struct hdr {
	uint32_t type, req_id, tx_id, len;
};

static char tmpdir[64];
static char rundir[96], statedir[96], sock0[128];
static pid_t daemon_pid = -1;
static int client_cpu = -1, server_cpu = -1;

static void cleanup(void)
{
	char cmd[200];

	if (daemon_pid > 0) {
		kill(daemon_pid, SIGKILL);
		waitpid(daemon_pid, NULL, 0);
		daemon_pid = -1;
	}
	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "xenstored-scale: could not remove %s\n", tmpdir);
		tmpdir[0] = 0;
	}
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "xenstored-scale: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	cleanup();
	exit(1);
}

#include "bench_util.h"

static void on_signal(int sig)
{
	(void)sig;
	die("interrupted");
}

/* --- the wire ---------------------------------------------------------- */

/* Send type with NUL-separated args (the last one without its NUL for
 * WRITE: its value). */
static void sendv(int fd, uint32_t type, uint32_t tx, int nargs, const char **args)
{
	char buf[sizeof(struct hdr) + XENSTORE_PAYLOAD_MAX];
	struct hdr *h = (struct hdr *)buf;
	size_t off = sizeof(*h);

	for (int i = 0; i < nargs; i++) {
		size_t l = strlen(args[i]) + !(type == XS_WRITE && i == nargs - 1);

		if (off + l > sizeof(buf))
			die("request too large");
		memcpy(buf + off, args[i], l);
		off += l;
	}
	h->type = type;
	h->req_id = 0;
	h->tx_id = tx;
	h->len = off - sizeof(*h);
	write_all(fd, buf, off);
}

static void send1(int fd, uint32_t type, uint32_t tx, const char *a)
{
	sendv(fd, type, tx, 1, &a);
}

static void send2(int fd, uint32_t type, uint32_t tx, const char *a, const char *b)
{
	const char *v[2] = { a, b };

	sendv(fd, type, tx, 2, v);
}

/* One message (reply or event); its type, payload NUL-terminated in buf. */
static uint32_t recv_msg(int fd, char *buf)
{
	struct hdr h;

	if (read_all(fd, &h, sizeof(h)) < 0)
		die("connection closed by the daemon");
	if (h.len > XENSTORE_PAYLOAD_MAX)
		die("oversized message (%u bytes)", h.len);
	if (read_all(fd, buf, h.len) < 0)
		die("connection closed by the daemon");
	buf[h.len] = 0;
	return h.type;
}

/* The next reply, skipping watch events; dies on an error reply. */
static uint32_t reply(int fd, char *buf, const char *what)
{
	uint32_t t;

	while ((t = recv_msg(fd, buf)) == XS_WATCH_EVENT)
		;
	if (t == XS_ERROR)
		die("%s: %s", what, buf);
	return t;
}

static void reply_ok(int fd, const char *what)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];

	reply(fd, buf, what);
}

/* --- the daemon -------------------------------------------------------- */

static void start_daemon(const char *bin)
{
	double t0 = now();

	daemon_pid = fork();
	if (daemon_pid < 0)
		die("fork: %s", strerror(errno));
	if (daemon_pid == 0) {
		char logf[160];
		int devnull = open("/dev/null", O_RDWR);

		snprintf(logf, sizeof(logf), "%s/xenstored.log", tmpdir);
		dup2(devnull, 0);
		pin(server_cpu);
		execl(bin, bin, "-N", "--rundir", rundir, "--state-dir", statedir,
		      "--log-file", logf, "--log-level", "warning", (char *)NULL);
		_exit(127);
	}
	for (;;) {
		int st, fd = access(sock0, F_OK) == 0 ? sock_connect(sock0) : -1;

		if (fd >= 0) {
			close(fd);
			return;
		}
		if (waitpid(daemon_pid, &st, WNOHANG) == daemon_pid) {
			daemon_pid = -1;
			die("the daemon exited during start-up (status %d)", st);
		}
		if (now() - t0 > 60)
			die("the daemon's socket did not appear");
		usleep(1000);
	}
}

/* --- a domain's layout, as xl writes it --------------------------------- */

struct op {
	uint32_t type;
	char a[160], b[160];
};

/* The requests (all in one transaction) of domain d's layout. */
static int layout_ops(unsigned d, struct op *o)
{
	char home[32], vm[64], fe[96], be[96], v[64];
	int n = 0;

#define OP(t, A, B) do { \
		o[n].type = (t); \
		snprintf(o[n].a, sizeof(o[n].a), "%s", (A)); \
		snprintf(o[n].b, sizeof(o[n].b), "%s", (B)); \
		n++; \
	} while (0)
#define P(...) (snprintf(pbuf, sizeof(pbuf), __VA_ARGS__), pbuf)
	char pbuf[160], owner0[32], ownerd[32], self[16];

	snprintf(home, sizeof(home), "/local/domain/%u", d);
	snprintf(vm, sizeof(vm), "/vm/%08x-0000-4000-8000-%012x", d, d);
	snprintf(owner0, sizeof(owner0), "n0|r%u", d);	/* [n0, rD] */
	snprintf(ownerd, sizeof(ownerd), "n%u|r0", d);	/* [nD, r0] */
	snprintf(self, sizeof(self), "n%u", d);
	/* node(): MKDIR then SET_PERMS; '|' separates the permissions */
#define NODE(path, perms) do { \
		OP(XS_MKDIR, (path), ""); \
		OP(XS_SET_PERMS, (path), (perms)); \
	} while (0)
	NODE(home, owner0);
	NODE(vm, owner0);
	NODE(P("/libxl/%u", d), "n0");
	NODE(P("/libxl/%u/device", d), "n0");
	OP(XS_WRITE, P("/libxl/%u/type", d), "pvh");
	OP(XS_WRITE, P("/libxl/%u/dm-version", d), "qemu_xen");
	OP(XS_WRITE, P("%s/vm", home), vm);
	snprintf(v, sizeof(v), "guest%u", d);
	OP(XS_WRITE, P("%s/name", home), v);
	snprintf(v, sizeof(v), "%u", d);
	OP(XS_WRITE, P("%s/domid", home), v);
	OP(XS_WRITE, P("%s/uuid", vm), vm + 4);
	snprintf(v, sizeof(v), "guest%u", d);
	OP(XS_WRITE, P("%s/name", vm), v);
	OP(XS_WRITE, P("%s/start_time", vm), "1764876000.00");
	NODE(P("%s/cpu", home), owner0);
	OP(XS_WRITE, P("%s/cpu/0/availability", home), "online");
	NODE(P("%s/memory", home), owner0);
	OP(XS_WRITE, P("%s/memory/static-max", home), "65536");
	OP(XS_WRITE, P("%s/memory/target", home), "65536");
	OP(XS_WRITE, P("%s/memory/videoram", home), "0");
	NODE(P("%s/device", home), owner0);
	NODE(P("%s/control", home), owner0);
	OP(XS_WRITE, P("%s/control/platform-feature-multiprocessor-suspend", home), "1");
	OP(XS_WRITE, P("%s/control/platform-feature-xs_reset_watches", home), "1");
	NODE(P("%s/control/shutdown", home), self);
	NODE(P("%s/control/feature-poweroff", home), self);
	NODE(P("%s/control/feature-reboot", home), self);
	NODE(P("%s/control/feature-suspend", home), self);
	NODE(P("%s/control/sysrq", home), self);
	NODE(P("%s/data", home), self);
	NODE(P("%s/drivers", home), self);
	NODE(P("%s/feature", home), self);
	NODE(P("%s/attr", home), self);
	NODE(P("%s/error", home), self);
	/* one disk */
	snprintf(fe, sizeof(fe), "%s/device/vbd/51712", home);
	snprintf(be, sizeof(be), "/local/domain/0/backend/qdisk/%u/51712", d);
	NODE(fe, ownerd);
	NODE(be, owner0);
	OP(XS_WRITE, P("%s/backend", fe), be);
	OP(XS_WRITE, P("%s/backend-id", fe), "0");
	OP(XS_WRITE, P("%s/state", fe), "1");
	OP(XS_WRITE, P("%s/virtual-device", fe), "51712");
	OP(XS_WRITE, P("%s/device-type", fe), "disk");
	OP(XS_WRITE, P("%s/frontend", be), fe);
	snprintf(v, sizeof(v), "%u", d);
	OP(XS_WRITE, P("%s/frontend-id", be), v);
	OP(XS_WRITE, P("%s/online", be), "1");
	OP(XS_WRITE, P("%s/state", be), "1");
	OP(XS_WRITE, P("%s/params", be), "/var/lib/xen/images/guest.img");
	OP(XS_WRITE, P("%s/type", be), "qdisk");
	OP(XS_WRITE, P("%s/mode", be), "w");
	OP(XS_WRITE, P("%s/dev", be), "xvda");
	OP(XS_WRITE, P("%s/removable", be), "0");
	OP(XS_WRITE, P("%s/bootable", be), "1");
	OP(XS_WRITE, P("%s/device-type", be), "disk");
	/* one vif */
	snprintf(fe, sizeof(fe), "%s/device/vif/0", home);
	snprintf(be, sizeof(be), "/local/domain/0/backend/vif/%u/0", d);
	NODE(fe, ownerd);
	NODE(be, owner0);
	OP(XS_WRITE, P("%s/backend", fe), be);
	OP(XS_WRITE, P("%s/backend-id", fe), "0");
	OP(XS_WRITE, P("%s/state", fe), "1");
	OP(XS_WRITE, P("%s/handle", fe), "0");
	snprintf(v, sizeof(v), "00:16:3e:%02x:%02x:%02x", (d >> 16) & 255, (d >> 8) & 255, d & 255);
	OP(XS_WRITE, P("%s/mac", fe), v);
	OP(XS_WRITE, P("%s/mac", be), v);
	OP(XS_WRITE, P("%s/trusted", fe), "1");
	OP(XS_WRITE, P("%s/mtu", fe), "1500");
	NODE(P("%s/mtu", fe), owner0);
	OP(XS_WRITE, P("%s/frontend", be), fe);
	snprintf(v, sizeof(v), "%u", d);
	OP(XS_WRITE, P("%s/frontend-id", be), v);
	OP(XS_WRITE, P("%s/online", be), "1");
	OP(XS_WRITE, P("%s/state", be), "1");
	OP(XS_WRITE, P("%s/handle", be), "0");
	OP(XS_WRITE, P("%s/bridge", be), "xenbr0");
	OP(XS_WRITE, P("%s/script", be), "/etc/xen/scripts/vif-bridge");
	OP(XS_WRITE, P("%s/type", be), "vif");
	OP(XS_WRITE, P("%s/hotplug-status", be), "");
	/* console 0: dom0's, read-only to the guest */
	snprintf(fe, sizeof(fe), "%s/console", home);
	snprintf(be, sizeof(be), "/local/domain/0/backend/console/%u/0", d);
	NODE(fe, owner0);
	NODE(be, owner0);
	OP(XS_WRITE, P("%s/backend", fe), be);
	OP(XS_WRITE, P("%s/backend-id", fe), "0");
	OP(XS_WRITE, P("%s/limit", fe), "1048576");
	OP(XS_WRITE, P("%s/type", fe), "ioemu");
	OP(XS_WRITE, P("%s/output", fe), "pty");
	OP(XS_WRITE, P("%s/tty", fe), "/dev/pts/3");
	OP(XS_WRITE, P("%s/frontend", be), fe);
	snprintf(v, sizeof(v), "%u", d);
	OP(XS_WRITE, P("%s/frontend-id", be), v);
	OP(XS_WRITE, P("%s/online", be), "1");
	OP(XS_WRITE, P("%s/state", be), "1");
	OP(XS_WRITE, P("%s/protocol", be), "vt100");
	return n;
#undef NODE
#undef P
#undef OP
}

/* Removal as xl's xlrt_xs_layout_remove does it (before its RELEASE). */
static int remove_ops(unsigned d, struct op *o)
{
	static const char *const kinds[] = { "qdisk", "vif", "console" };
	int n = 0;

	o[n].type = XS_RM;
	snprintf(o[n++].a, sizeof(o->a), "/vm/%08x-0000-4000-8000-%012x", d, d);
	o[n].type = XS_RM;
	snprintf(o[n++].a, sizeof(o->a), "/local/domain/%u", d);
	o[n].type = XS_RM;
	snprintf(o[n++].a, sizeof(o->a), "/libxl/%u", d);
	for (int k = 0; k < 3; k++) {
		o[n].type = XS_RM;
		snprintf(o[n++].a, sizeof(o->a), "/local/domain/0/backend/%s/%u", kinds[k], d);
	}
	for (int i = 0; i < n; i++)
		o[i].b[0] = 0;
	return n;
}

static void send_op(int fd, uint32_t tx, const struct op *o)
{
	if (o->type == XS_SET_PERMS) {
		/* the permissions, '|'-separated in b, go NUL-separated */
		char perms[sizeof(o->b)], *bar;
		const char *v[3] = { o->a, perms, NULL };
		int n = 2;

		memcpy(perms, o->b, sizeof(perms));
		bar = strchr(perms, '|');
		if (bar) {
			*bar = 0;
			v[n++] = bar + 1;
		}
		sendv(fd, o->type, tx, n, v);
	} else if (o->type == XS_WRITE) {
		send2(fd, o->type, tx, o->a, o->b);
	} else {
		send1(fd, o->type, tx, o->a);
	}
}

/*
 * Domains first..last-1 get their requests (made by fn), BATCH domains at
 * a time pipelined on dom0's connection; then each is introduced if
 * introduce is set. One domain alone (the measured ones) is written in a
 * transaction, as xl writes it; many at once are written outside
 * transactions, which would only conflict on their common parents (the
 * store that results is the same).
 */
static void batch(int fd, unsigned first, unsigned last, int (*fn)(unsigned, struct op *),
		  int introduce)
{
	static struct op ops[BATCH][160];
	int nops[BATCH];
	uint32_t txid[BATCH];
	char buf[XENSTORE_PAYLOAD_MAX + 1];

	for (unsigned base = first; base < last; base += BATCH) {
		unsigned k = last - base < BATCH ? last - base : BATCH;

		for (unsigned i = 0; i < k; i++) {
			nops[i] = fn(base + i, ops[i]);
			txid[i] = 0;
			if (k == 1)
				send1(fd, XS_TRANSACTION_START, 0, "");
		}
		if (k == 1) {
			reply(fd, buf, "TRANSACTION_START");
			txid[0] = strtoul(buf, NULL, 10);
		}
		for (unsigned i = 0; i < k; i++)
			for (int j = 0; j < nops[i]; j++)
				send_op(fd, txid[i], &ops[i][j]);
		for (unsigned i = 0; i < k; i++)
			for (int j = 0; j < nops[i]; j++) {
				if (recv_msg(fd, buf) == XS_ERROR && ops[i][j].type != XS_RM)
					die("domain %u: request %d (%s): %s", base + i, j,
					    ops[i][j].a, buf);
			}
		if (k == 1) {
			send1(fd, XS_TRANSACTION_END, txid[0], "T");
			reply_ok(fd, "TRANSACTION_END");
		}
		if (!introduce)
			continue;
		for (unsigned i = 0; i < k; i++) {
			char id[16];
			const char *v[3] = { id, "0", "0" };

			snprintf(id, sizeof(id), "%u", base + i);
			sendv(fd, XS_INTRODUCE, 0, 3, v);
		}
		for (unsigned i = 0; i < k; i++)
			reply_ok(fd, "INTRODUCE");
	}
}

/* A guest's connection on its own socket, watching control/shutdown. */
static int guest_connect(unsigned d)
{
	char path[200], buf[XENSTORE_PAYLOAD_MAX + 1];
	int fd, got = 0;

	snprintf(path, sizeof(path), "%s/domain/%u", rundir, d);
	fd = sock_connect(path);
	if (fd < 0)
		die("guest %u cannot connect: %s", d, strerror(errno));
	send2(fd, XS_WATCH, 0, "control/shutdown", "shutdown");
	while (got != 3) {	/* the reply and the first event, any order */
		uint32_t t = recv_msg(fd, buf);

		if (t == XS_ERROR)
			die("guest %u WATCH: %s", d, buf);
		got |= t == XS_WATCH_EVENT ? 2 : 1;
	}
	return fd;
}

/* --- what is measured ---------------------------------------------------- */

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_d);
	return v[n / 2];
}

struct probe {
	double intro, rel;	/* INTRODUCE, RELEASE, us */
	double write, remove;	/* xl's layout and removal transactions, us */
};

/*
 * Domains PROBE_BASE+i, one after another, each timed alone: with layout
 * set, as xl create and destroy do it (its layout's transaction, INTRODUCE,
 * its guest connects and watches, the removal's transaction, RELEASE);
 * without, INTRODUCE and RELEASE of a domain that has no nodes.
 */
static void probe_domains(int fd, int probes, bool layout, struct probe *out)
{
	double a[256], b[256], w[256], m[256], t0;
	char id[16];
	const char *v[3] = { id, "0", "0" };

	for (int i = 0; i < probes; i++) {
		unsigned d = PROBE_BASE + i;
		int g = -1;

		t0 = now();
		if (layout)
			batch(fd, d, d + 1, layout_ops, 0);
		w[i] = (now() - t0) * 1e6;
		snprintf(id, sizeof(id), "%u", d);
		t0 = now();
		sendv(fd, XS_INTRODUCE, 0, 3, v);
		reply_ok(fd, "INTRODUCE");
		a[i] = (now() - t0) * 1e6;
		if (layout)
			g = guest_connect(d);
		t0 = now();
		if (layout)
			batch(fd, d, d + 1, remove_ops, 0);
		m[i] = (now() - t0) * 1e6;
		t0 = now();
		send1(fd, XS_RELEASE, 0, id);
		reply_ok(fd, "RELEASE");
		b[i] = (now() - t0) * 1e6;
		if (g >= 0)
			close(g);
	}
	out->intro = median(a, probes);
	out->rel = median(b, probes);
	out->write = median(w, probes);
	out->remove = median(m, probes);
}

/* Round trip of a guest's READ of its own name, ns (median of rounds). */
static double guest_read_ns(int g, int iters)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	double r[7], t0;

	for (int k = 0; k < 7; k++) {
		t0 = now();
		for (int i = 0; i < iters; i++) {
			send1(g, XS_READ, 0, "name");
			reply(g, buf, "guest READ");
		}
		r[k] = (now() - t0) * 1e9 / iters;
	}
	return median(r, 7);
}

/* dom0 writes guest d's control/shutdown; time until the guest has the
 * event, us (median of rounds). */
static double watch_fire_us(int fd, int g, unsigned d, int iters)
{
	char path[64], buf[XENSTORE_PAYLOAD_MAX + 1];
	double r[7], t0;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", d);
	for (int k = 0; k < 7; k++) {
		double sum = 0;

		for (int i = 0; i < iters; i++) {
			t0 = now();
			send2(fd, XS_WRITE, 0, path, i & 1 ? "" : "poweroff");
			if (recv_msg(g, buf) != XS_WATCH_EVENT)
				die("guest %u: no watch event", d);
			sum += now() - t0;
			reply_ok(fd, "WRITE control/shutdown");
		}
		r[k] = sum * 1e6 / iters;
	}
	return median(r, 7);
}

/*
 * FANOUT dom0 connections watch @releaseDomain; time from one RELEASE to
 * the last watcher's event, us (median of rounds).
 */
static double release_fanout_us(int fd, int rounds)
{
	static int w[FANOUT];
	static struct pollfd p[FANOUT];
	char buf[XENSTORE_PAYLOAD_MAX + 1], id[16];
	const char *v[3] = { id, "0", "0" };
	double r[16], t0;

	for (int i = 0; i < FANOUT; i++) {
		int got = 0;

		w[i] = sock_connect(sock0);
		if (w[i] < 0)
			die("watcher %d cannot connect: %s", i, strerror(errno));
		send2(w[i], XS_WATCH, 0, "@releaseDomain", "rel");
		while (got != 3) {
			uint32_t t = recv_msg(w[i], buf);

			if (t == XS_ERROR)
				die("watcher %d: %s", i, buf);
			got |= t == XS_WATCH_EVENT ? 2 : 1;
		}
	}
	if (rounds > 16)
		rounds = 16;
	for (int k = 0; k < rounds; k++) {
		int left = FANOUT;

		snprintf(id, sizeof(id), "%u", PROBE_BASE + 500 + k);
		sendv(fd, XS_INTRODUCE, 0, 3, v);
		reply_ok(fd, "INTRODUCE");
		for (int i = 0; i < FANOUT; i++) {
			p[i].fd = w[i];
			p[i].events = POLLIN;
		}
		t0 = now();
		send1(fd, XS_RELEASE, 0, id);
		while (left > 0) {
			if (poll(p, FANOUT, 10000) <= 0)
				die("fan-out: %d watchers got no event", left);
			for (int i = 0; i < FANOUT; i++) {
				if (p[i].fd < 0 || !(p[i].revents & POLLIN))
					continue;
				if (recv_msg(w[i], buf) == XS_WATCH_EVENT) {
					p[i].fd = -1;
					left--;
				}
			}
		}
		r[k] = (now() - t0) * 1e6;
		reply_ok(fd, "RELEASE");
	}
	for (int i = 0; i < FANOUT; i++)
		close(w[i]);
	return median(r, rounds);
}

static void raise_nofile(rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (rl.rlim_cur >= want)
		return;
	rl.rlim_cur = want;
	if (rl.rlim_max < want)
		rl.rlim_max = want;	/* root may; else fall back */
	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		getrlimit(RLIMIT_NOFILE, &rl);
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

struct result {
	unsigned ndom;
	struct probe xl, bare;
	double read, fire, fan;
	long rss_layout, rss_conn;
	unsigned nconn;
};

int main(int argc, char **argv)
{
	int quick = argc > 2 && !strcmp(argv[2], "--quick");
	unsigned sizes[NSIZES] = { 10, 1000, 10000 };
	int probes = quick ? 21 : 61, reads = quick ? 500 : 2000, fires = quick ? 100 : 400;
	struct result res[NSIZES];
	int *guest, fd;
	unsigned have = 0, connected = 0;
	long rss0, maxguests;
	struct rlimit rl;

	if (argc < 2)
		die("usage: xenstored-scale XENSTORED-KVM [--quick]");
	if (quick) {
		sizes[1] = 100;
		sizes[2] = 1000;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGALRM, on_signal);
	alarm(quick ? 300 : 900);	/* bounded, whatever happens */
	/* guests, listeners, watchers, on both sides */
	raise_nofile(2 * sizes[NSIZES - 1] + FANOUT + 1024);
	getrlimit(RLIMIT_NOFILE, &rl);
	/*
	 * The daemon holds one listening socket per introduced domain and
	 * one descriptor per connection, and keeps 64 from guests: where the
	 * limit is lower than that needs, fewer guests connect (said below).
	 */
	maxguests = (long)rl.rlim_cur - sizes[NSIZES - 1] - FANOUT - PROBE_FDS;
	/* XS_SCALE_GUESTS=N: at most N guests connect (store or connections?) */
	if (getenv("XS_SCALE_GUESTS") && atol(getenv("XS_SCALE_GUESTS")) < maxguests)
		maxguests = atol(getenv("XS_SCALE_GUESTS"));
	if (maxguests < (long)sizes[0])
		die("RLIMIT_NOFILE %lu is too low for %u domains", (unsigned long)rl.rlim_cur,
		    sizes[NSIZES - 1]);

	snprintf(tmpdir, sizeof(tmpdir), "%s/xenstored-scale.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(tmpdir)) {
		tmpdir[0] = 0;
		die("mkdtemp: %s", strerror(errno));
	}
	snprintf(rundir, sizeof(rundir), "%s/run", tmpdir);
	snprintf(statedir, sizeof(statedir), "%s/state", tmpdir);
	snprintf(sock0, sizeof(sock0), "%s/socket", rundir);
	mkdir(rundir, 0700);
	mkdir(statedir, 0700);
	choose_cpus(&client_cpu, &server_cpu);
	if (server_cpu >= 0)
		printf("placement: client on CPU %d, daemon on CPU %d\n", client_cpu, server_cpu);
	printf("state directory: %s (durable writes, fdatasync per pass)\n", statedir);
	pin(client_cpu);
	start_daemon(argv[1]);
	fd = sock_connect(sock0);
	if (fd < 0)
		die("cannot connect to %s", sock0);
	guest = calloc(sizes[NSIZES - 1] + 1, sizeof(*guest));
	rss0 = rss_kib(daemon_pid);
	printf("daemon RSS with no domains: %ld KiB\n", rss0);

	for (int s = 0; s < NSIZES; s++) {
		struct result *r = &res[s];
		unsigned mid;
		double t0 = now(), t1;

		r->ndom = sizes[s];
		batch(fd, have + 1, sizes[s] + 1, layout_ops, 1);
		t1 = now();
		r->rss_layout = rss_kib(daemon_pid);
		for (unsigned d = have + 1; d <= sizes[s] && (long)d <= maxguests; d++) {
			guest[d] = guest_connect(d);
			connected = d;
		}
		r->rss_conn = rss_kib(daemon_pid);
		r->nconn = connected;
		printf("%u domains: layouts written and introduced in %.1f s, %u guests connected "
		       "in %.1f s\n", sizes[s], t1 - t0, connected, now() - t1);
		if (connected < sizes[s])
			printf("  (RLIMIT_NOFILE %lu: the daemon's listener per domain and "
			       "descriptor per connection leave room for %ld guests)\n",
			       (unsigned long)rl.rlim_cur, maxguests);
		have = sizes[s];
		mid = connected / 2 + 1;
		probe_domains(fd, probes, true, &r->xl);
		probe_domains(fd, probes, false, &r->bare);
		r->read = guest_read_ns(guest[mid], reads) / 1000;
		r->fire = watch_fire_us(fd, guest[mid], mid, fires);
		r->fan = release_fanout_us(fd, quick ? 5 : 9);
	}

	printf("\n%-28s", "domains");
	for (int s = 0; s < NSIZES; s++)
		printf(" %10u %6s", res[s].ndom, "ratio");
	printf("\n");
#define ROW(name, field) do { \
		printf("%-28s", name); \
		for (int s = 0; s < NSIZES; s++) \
			printf(" %10.1f %6.2f", res[s].field, res[s].field / res[0].field); \
		printf("\n"); \
	} while (0)
	ROW("xl's layout write us", xl.write);
	ROW("INTRODUCE us", xl.intro);
	ROW("xl's layout removal us", xl.remove);
	ROW("RELEASE us", xl.rel);
	ROW("INTRODUCE, no nodes us", bare.intro);
	ROW("RELEASE, no nodes us", bare.rel);
	ROW("guest READ us", read);
	ROW("watch firing us", fire);
	ROW("@releaseDomain fan-out us", fan);
	printf("(ratio: to the value at %u domains, same run; target <= 1.2; "
	       "fan-out to %d watchers)\n", res[0].ndom, FANOUT);
	printf("\n%-28s", "daemon RSS");
	for (int s = 0; s < NSIZES; s++)
		printf(" %10u %6s", res[s].ndom, "");
	printf("\n%-28s", "KiB, layouts written");
	for (int s = 0; s < NSIZES; s++)
		printf(" %10ld %6s", res[s].rss_layout, "");
	printf("\n%-28s", "KiB, guests connected");
	for (int s = 0; s < NSIZES; s++)
		printf(" %10ld %6s", res[s].rss_conn, "");
	printf("\n");
	{
		const struct result *a = &res[NSIZES - 2], *b = &res[NSIZES - 1];
		double n = b->ndom - a->ndom;
		int nodes = 0;
		struct op tmp[160];

		nodes = layout_ops(1, tmp);
		printf("per domain from %u to %u: %.1f KiB with its layout (%d requests)\n",
		       a->ndom, b->ndom, (b->rss_layout - a->rss_layout) / n, nodes);
		printf("per connected guest (watching) at %u domains: %.1f KiB\n", b->ndom,
		       (double)(b->rss_conn - b->rss_layout) /
		       (b->nconn > a->nconn ? b->nconn - a->nconn : 1));
	}
	for (unsigned d = 1; d <= connected; d++)
		close(guest[d]);
	close(fd);
	free(guest);
	kill(daemon_pid, SIGTERM);
	waitpid(daemon_pid, NULL, 0);
	daemon_pid = -1;
	cleanup();
	return 0;
}
