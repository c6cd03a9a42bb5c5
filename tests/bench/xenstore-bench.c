/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xenstore-bench: performance of xenstored-kvm measured against a minimal
 * server on the same kind of Unix socket, in the same run.
 *
 *   xenstore-bench DAEMON [--quick]
 *
 * It starts DAEMON (xenstored-kvm -N) in a private directory and forks a
 * minimal "echo" server that frames XenStore messages and answers each with
 * the smallest reply of the right shape (no store behind it): the floor any
 * daemon on this socket type could reach. It then prints, for both and as a
 * ratio:
 *   - round-trip latency of READ, WRITE, DIRECTORY, TRANSACTION (start+end)
 *   - pipelined throughput of the same requests (window of 64)
 *   - watch fan-out: one WRITE, 1000 watcher connections, time until the
 *     last one has its event
 * With two CPUs or more, the client runs on one and both servers on another,
 * so that both pay the same cross-CPU wake-ups: unpinned, the scheduler put
 * one server beside the client and the other not, and the ratio measured
 * placement rather than the daemon (1.1x in one run, 5.9x in another).
 * and, for the daemon alone: RSS with 1,000 introduced domains, RSS and bytes
 * per node with 1,000,000 nodes, and restart time with 1,000,000 nodes
 * (with the share of it the snapshot's CRC32 takes).
 * It reports numbers only and never fails on a time.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
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
#include <zlib.h>

#define WINDOW 64
#define FANOUT 1000

struct hdr {
	uint32_t type, req_id, tx_id, len;
};

static char tmpdir[] = "/tmp/xenstore-bench.XXXXXX";
static pid_t daemon_pid = -1, echo_pid = -1;
static int client_cpu = -1, server_cpu = -1;	/* -1: not pinned */

static const char *daemon_bin;
static char daemon_sock[100], echo_sock[100], rundir[80], statedir[80];

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "xenstore-bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	if (daemon_pid > 0)
		kill(daemon_pid, SIGKILL);
	if (echo_pid > 0)
		kill(echo_pid, SIGKILL);
	exit(1);
}

#include "bench_util.h"

/* --- the minimal server ------------------------------------------------ */

struct econn {
	int fd;
	int watching;
	size_t have;
	char buf[sizeof(struct hdr) + XENSTORE_PAYLOAD_MAX];
};

static void echo_reply(struct econn *c, struct econn *all, int n)
{
	struct hdr *h = (struct hdr *)c->buf;
	char out[sizeof(struct hdr) + 64];
	struct hdr *r = (struct hdr *)out;
	const char *payload = "OK";
	size_t plen = 3;

	switch (h->type) {
	case XS_READ:
		payload = "0123456789abcdef"; /* the value the daemon holds */
		plen = 16;
		break;
	case XS_TRANSACTION_START:
		payload = "1";
		plen = 2;
		break;
	case XS_WRITE:
		/* A write "fires" every registered watcher, as a store would. */
		for (int i = 0; i < n; i++) {
			if (all[i].fd < 0 || !all[i].watching)
				continue;
			char ev[sizeof(struct hdr) + 32];
			struct hdr *e = (struct hdr *)ev;
			static const char body[] = "/bench/fan\0tok";

			e->type = XS_WATCH_EVENT;
			e->req_id = e->tx_id = 0;
			e->len = sizeof(body);
			memcpy(ev + sizeof(*e), body, sizeof(body));
			write_all(all[i].fd, ev, sizeof(*e) + sizeof(body));
		}
		break;
	case XS_WATCH:
		c->watching = 1;
		break;
	default:
		break;
	}
	*r = *h;
	r->len = plen;
	memcpy(out + sizeof(*r), payload, plen);
	write_all(c->fd, out, sizeof(*r) + plen);
	if (h->type == XS_WATCH) {
		/* the initial event, as xenstored sends it */
		char ev[sizeof(struct hdr) + 32];
		struct hdr *e = (struct hdr *)ev;
		static const char body[] = "/bench/fan\0tok";

		e->type = XS_WATCH_EVENT;
		e->req_id = e->tx_id = 0;
		e->len = sizeof(body);
		memcpy(ev + sizeof(*e), body, sizeof(body));
		write_all(c->fd, ev, sizeof(*e) + sizeof(body));
	}
}

static void echo_server(int lfd)
{
	int max = FANOUT + 16, n = 0;
	struct econn *c = calloc(max, sizeof(*c));
	struct pollfd *p = calloc(max + 1, sizeof(*p));

	/* c[0..n) are the live connections, kept dense so each poll costs
	 * only what is open (as an event loop's would). */
	for (;;) {
		p[0].fd = lfd;
		p[0].events = POLLIN;
		for (int i = 0; i < n; i++) {
			p[i + 1].fd = c[i].fd;
			p[i + 1].events = POLLIN;
			p[i + 1].revents = 0;
		}
		if (poll(p, n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		for (int i = 0; i < n; i++) {
			if (!(p[i + 1].revents & (POLLIN | POLLHUP)))
				continue;
			ssize_t r = read(c[i].fd, c[i].buf + c[i].have, sizeof(c[i].buf) - c[i].have);

			if (r <= 0) {
				close(c[i].fd);
				c[i].fd = -1;
				continue;
			}
			c[i].have += r;
			for (;;) {
				struct hdr *h = (struct hdr *)c[i].buf;
				size_t need;

				if (c[i].have < sizeof(*h))
					break;
				if (h->len > XENSTORE_PAYLOAD_MAX) {
					close(c[i].fd);
					c[i].fd = -1;
					break;
				}
				need = sizeof(*h) + h->len;
				if (c[i].have < need)
					break;
				echo_reply(&c[i], c, n);
				memmove(c[i].buf, c[i].buf + need, c[i].have - need);
				c[i].have -= need;
			}
		}
		/* compact closed connections away */
		for (int i = 0; i < n;) {
			if (c[i].fd < 0) {
				c[i] = c[n - 1];
				n--;
			} else {
				i++;
			}
		}
		if (p[0].revents & POLLIN) {
			int fd = accept(lfd, NULL, NULL);

			if (fd >= 0 && n < max) {
				c[n].fd = fd;
				c[n].have = 0;
				c[n].watching = 0;
				n++;
			} else if (fd >= 0) {
				close(fd);
			}
		}
	}
}

static void start_echo(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(echo_sock, sizeof(echo_sock), "%s/echo.sock", tmpdir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", echo_sock);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 1024) < 0)
		die("echo server socket: %s", strerror(errno));
	echo_pid = fork();
	if (echo_pid == 0) {
		pin(server_cpu);
		echo_server(lfd);
		_exit(0);
	}
	close(lfd);
}

/* --- the daemon -------------------------------------------------------- */

static void start_daemon(void)
{
	double t0 = now();

	unlink(daemon_sock);
	daemon_pid = fork();
	if (daemon_pid == 0) {
		char logf[256];
		int devnull = open("/dev/null", O_RDWR);

		snprintf(logf, sizeof(logf), "%s/xenstored.log", tmpdir);
		dup2(devnull, 0);
		pin(server_cpu);
		execl(daemon_bin, daemon_bin, "-N", "--rundir", rundir, "--state-dir", statedir,
		      "--log-file", logf, (char *)NULL);
		_exit(127);
	}
	/* Ready means accepting: the socket file exists a moment before
	 * listen(), so poll with connect. */
	for (;;) {
		int st, fd = access(daemon_sock, F_OK) == 0 ? sock_connect(daemon_sock) : -1;

		if (fd >= 0) {
			close(fd);
			break;
		}

		if (waitpid(daemon_pid, &st, WNOHANG) == daemon_pid)
			die("daemon exited during start-up (status %d)", st);
		if (now() - t0 > 120)
			die("daemon socket did not appear");
		usleep(1000);
	}
}

static void stop_daemon(int sig)
{
	int st;

	if (daemon_pid <= 0)
		return;
	kill(daemon_pid, sig);
	waitpid(daemon_pid, &st, 0);
	daemon_pid = -1;
}

/* --- requests ---------------------------------------------------------- */

struct req {
	uint32_t type;
	uint32_t tx;
	size_t len;
	char payload[256];
};

static void mkreq(struct req *r, uint32_t type, const char *a, const char *b)
{
	size_t la = strlen(a) + 1;

	r->type = type;
	r->tx = 0;
	memcpy(r->payload, a, la);
	r->len = la;
	if (b) {
		size_t lb = strlen(b);

		if (type != XS_WRITE)
			lb++; /* NUL-separated, e.g. WATCH path\0token\0 */
		memcpy(r->payload + la, b, lb);
		r->len += lb;
	}
}

static void send_req(int fd, const struct req *r, uint32_t req_id)
{
	char buf[sizeof(struct hdr) + 256];
	struct hdr *h = (struct hdr *)buf;

	h->type = r->type;
	h->req_id = req_id;
	h->tx_id = r->tx;
	h->len = r->len;
	memcpy(buf + sizeof(*h), r->payload, r->len);
	write_all(fd, buf, sizeof(*h) + r->len);
}

/* Next reply (skipping watch events); returns its type, payload in buf. */
static uint32_t recv_reply(int fd, char *buf, uint32_t *len)
{
	struct hdr h;

	for (;;) {
		if (read_all(fd, &h, sizeof(h)) < 0)
			die("connection closed by server");
		if (h.len > XENSTORE_PAYLOAD_MAX)
			die("oversized reply (%u bytes)", h.len);
		if (read_all(fd, buf, h.len) < 0)
			die("connection closed by server");
		buf[h.len] = 0;
		if (h.type == XS_WATCH_EVENT)
			continue;
		if (len)
			*len = h.len;
		return h.type;
	}
}

static void request(int fd, const struct req *r, char *out)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t t;

	send_req(fd, r, 0);
	t = recv_reply(fd, buf, NULL);
	if (t == XS_ERROR)
		die("request type %u failed: %s", r->type, buf);
	if (out)
		strcpy(out, buf);
}

static double median(double *v, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (v[j] < v[i]) {
				double t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	return v[n / 2];
}

/* One "op" of a benchmark: TRANSACTION is start + end (two round trips). */
static double rtt_ns(int fd, const char *op, int iters)
{
	struct req r;
	char out[XENSTORE_PAYLOAD_MAX + 1];
	double t0;

	t0 = now();
	for (int i = 0; i < iters; i++) {
		if (!strcmp(op, "TRANSACTION")) {
			struct req e;

			mkreq(&r, XS_TRANSACTION_START, "", NULL);
			request(fd, &r, out);
			mkreq(&e, XS_TRANSACTION_END, "T", NULL);
			e.tx = strtoul(out, NULL, 10);
			request(fd, &e, NULL);
			continue;
		}
		if (!strcmp(op, "READ"))
			mkreq(&r, XS_READ, "/bench/key", NULL);
		else if (!strcmp(op, "WRITE"))
			mkreq(&r, XS_WRITE, "/bench/key", "0123456789abcdef");
		else
			mkreq(&r, XS_DIRECTORY, "/bench/dir", NULL);
		request(fd, &r, NULL);
	}
	return (now() - t0) * 1e9 / iters;
}

/* Pipelined: keep WINDOW requests in flight; requests per second. */
static double pipelined_rate(int fd, const char *op, int total)
{
	struct req r;
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	int sent = 0, got = 0;
	double t0;

	if (!strcmp(op, "READ"))
		mkreq(&r, XS_READ, "/bench/key", NULL);
	else if (!strcmp(op, "WRITE"))
		mkreq(&r, XS_WRITE, "/bench/key", "0123456789abcdef");
	else if (!strcmp(op, "DIRECTORY"))
		mkreq(&r, XS_DIRECTORY, "/bench/dir", NULL);
	else
		mkreq(&r, XS_TRANSACTION_START, "", NULL);
	t0 = now();
	if (!strcmp(op, "TRANSACTION")) {
		/* Pipelined starts, then pipelined ends of the ids received. */
		uint32_t *ids = calloc(WINDOW, sizeof(*ids));

		while (got < total) {
			int n = WINDOW;
			struct req e;

			for (int i = 0; i < n; i++)
				send_req(fd, &r, i);
			for (int i = 0; i < n; i++) {
				if (recv_reply(fd, buf, NULL) != XS_TRANSACTION_START)
					die("TRANSACTION_START failed: %s", buf);
				ids[i] = strtoul(buf, NULL, 10);
			}
			mkreq(&e, XS_TRANSACTION_END, "T", NULL);
			for (int i = 0; i < n; i++) {
				e.tx = ids[i];
				send_req(fd, &e, i);
			}
			for (int i = 0; i < n; i++)
				if (recv_reply(fd, buf, NULL) != XS_TRANSACTION_END)
					die("TRANSACTION_END failed: %s", buf);
			got += n;
		}
		free(ids);
		return got / (now() - t0);
	}
	while (got < total) {
		while (sent < total && sent - got < WINDOW)
			send_req(fd, &r, sent++);
		if (recv_reply(fd, buf, NULL) == XS_ERROR)
			die("pipelined %s failed: %s", op, buf);
		got++;
	}
	return got / (now() - t0);
}

static void setup_store(int fd)
{
	struct req r;
	char name[64];

	mkreq(&r, XS_WRITE, "/bench/key", "0123456789abcdef");
	request(fd, &r, NULL);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "/bench/dir/child%d", i);
		mkreq(&r, XS_WRITE, name, "v");
		request(fd, &r, NULL);
	}
}

/* Watch fan-out: FANOUT connections watch one node; time from one WRITE to
 * the last event. Returns microseconds (median of `rounds`). */
static double fanout_us(const char *path, int rounds)
{
	int *fds = calloc(FANOUT, sizeof(int));
	struct pollfd *p = calloc(FANOUT, sizeof(*p));
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	double best[16];
	struct req r;
	int ctl;

	for (int i = 0; i < FANOUT; i++) {
		fds[i] = sock_connect(path);
		if (fds[i] < 0)
			die("connect %d to %s: %s", i, path, strerror(errno));
		mkreq(&r, XS_WATCH, "/bench/fan", "tok");
		send_req(fds[i], &r, 0);
	}
	for (int i = 0; i < FANOUT; i++) {
		/* the reply and the initial event, in either order */
		struct hdr h;
		int seen_reply = 0, seen_event = 0;

		while (!seen_reply || !seen_event) {
			if (read_all(fds[i], &h, sizeof(h)) < 0 || read_all(fds[i], buf, h.len) < 0)
				die("watcher %d lost", i);
			if (h.type == XS_WATCH_EVENT)
				seen_event = 1;
			else if (h.type == XS_WATCH)
				seen_reply = 1;
			else
				die("WATCH failed for watcher %d", i);
		}
	}
	ctl = sock_connect(path);
	if (rounds > 16)
		rounds = 16;
	for (int k = 0; k < rounds; k++) {
		int left = FANOUT;
		double t0;

		mkreq(&r, XS_WRITE, "/bench/fan", "x");
		t0 = now();
		send_req(ctl, &r, 0);
		for (int i = 0; i < FANOUT; i++) {
			p[i].fd = fds[i];
			p[i].events = POLLIN;
		}
		while (left > 0) {
			if (poll(p, FANOUT, 10000) <= 0)
				die("fan-out: %d watchers got no event", left);
			for (int i = 0; i < FANOUT; i++) {
				struct hdr h;

				if (p[i].fd < 0 || !(p[i].revents & POLLIN))
					continue;
				if (read_all(fds[i], &h, sizeof(h)) < 0 || read_all(fds[i], buf, h.len) < 0)
					die("watcher %d lost", i);
				if (h.type == XS_WATCH_EVENT) {
					p[i].fd = -1;
					left--;
				}
			}
		}
		best[k] = (now() - t0) * 1e6;
		recv_reply(ctl, buf, NULL);
	}
	for (int i = 0; i < FANOUT; i++)
		close(fds[i]);
	close(ctl);
	free(fds);
	free(p);
	/* median */
	for (int i = 0; i < rounds; i++)
		for (int j = i + 1; j < rounds; j++)
			if (best[j] < best[i]) {
				double t = best[i];

				best[i] = best[j];
				best[j] = t;
			}
	return best[rounds / 2];
}

static void scale_domains(int ndom)
{
	int fd = sock_connect(daemon_sock);
	long before = rss_kib(daemon_pid), after;
	struct req r;
	char a[128], b[64];
	double t0 = now();

	for (int d = 1; d <= ndom; d++) {
		snprintf(a, sizeof(a), "/local/domain/%d", d);
		mkreq(&r, XS_MKDIR, a, NULL);
		request(fd, &r, NULL);
		snprintf(b, sizeof(b), "n%d", d);
		mkreq(&r, XS_SET_PERMS, a, b);
		request(fd, &r, NULL);
		snprintf(a, sizeof(a), "%d", d);
		r.type = XS_INTRODUCE;
		memcpy(r.payload, a, strlen(a) + 1);
		memcpy(r.payload + strlen(a) + 1, "0\0" "0", 4);
		r.len = strlen(a) + 1 + 4;
		r.tx = 0;
		request(fd, &r, NULL);
	}
	after = rss_kib(daemon_pid);
	printf("domains: %d introduced in %.2f s, RSS %ld -> %ld KiB (%.1f KiB per domain)\n",
	       ndom, now() - t0, before, after, (double)(after - before) / ndom);
	/* Then every domain connects over its own socket, writes 10 nodes and
	 * stays connected, as 1,000 running guests would. */
	int *g = calloc(ndom, sizeof(int));
	double t1 = now();
	int ok = 0;

	for (int d = 0; d < ndom; d++) {
		snprintf(a, sizeof(a), "%s/domain/%d", rundir, d + 1);
		g[d] = sock_connect(a);
		if (g[d] < 0)
			continue;
		for (int k = 0; k < 10; k++) {
			snprintf(b, sizeof(b), "data/k%d", k);
			mkreq(&r, XS_WRITE, b, "0123456789abcdef");
			send_req(g[d], &r, k);
		}
	}
	for (int d = 0; d < ndom; d++) {
		char buf[XENSTORE_PAYLOAD_MAX + 1];
		int good = g[d] >= 0;

		for (int k = 0; good && k < 10; k++)
			if (recv_reply(g[d], buf, NULL) != XS_WRITE)
				good = 0;
		ok += good;
	}
	after = rss_kib(daemon_pid);
	printf("domains: %d of %d connected and wrote 10 nodes each in %.2f s, RSS %ld KiB "
	       "(%.1f KiB per connected domain)\n", ok, ndom, now() - t1, after,
	       (double)(after - before) / ndom);
	for (int d = 0; d < ndom; d++)
		if (g[d] >= 0)
			close(g[d]);
	free(g);
	close(fd);
}

static volatile uLong crc_sink;	/* keeps the timed computation */

/*
 * What the state files' checksum costs a restart: the CRC32 (zlib's, as
 * the daemon computes it) of the snapshot the daemon wrote at SIGTERM,
 * timed here, against that restart's time (target < 5%).
 */
static void snapshot_crc_share(double restart)
{
	char path[sizeof(statedir) + 16];
	struct stat st;
	unsigned char *buf;
	double t0, best = 1e9;
	int fd;

	snprintf(path, sizeof(path), "%s/snapshot", statedir);
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || !(buf = malloc(st.st_size)) ||
	    read(fd, buf, st.st_size) != st.st_size)
		die("reading %s: %s", path, strerror(errno));
	close(fd);
	for (int k = 0; k < 5; k++) {
		t0 = now();
		crc_sink = crc32(crc32(0, NULL, 0), buf, st.st_size);
		if (now() - t0 < best)
			best = now() - t0;
	}
	free(buf);
	printf("restart: CRC32 of the %.1f MiB snapshot %.1f ms, %.1f%% of the restart after SIGTERM (target < 5%%)\n",
	       st.st_size / 1048576.0, best * 1e3, 100 * best / restart);
}

static void scale_nodes(long nnodes)
{
	int fd = sock_connect(daemon_sock);
	long before = rss_kib(daemon_pid), after;
	char buf[XENSTORE_PAYLOAD_MAX + 1], path[64];
	struct req r;
	long sent = 0, got = 0;
	double t0 = now(), t1;

	while (got < nnodes) {
		while (sent < nnodes && sent - got < 256) {
			snprintf(path, sizeof(path), "/bench/n/%03ld/%03ld", sent / 1000, sent % 1000);
			mkreq(&r, XS_WRITE, path, "v");
			send_req(fd, &r, 0);
			sent++;
		}
		if (recv_reply(fd, buf, NULL) == XS_ERROR)
			die("node %ld: %s", got, buf);
		got++;
	}
	t1 = now();
	after = rss_kib(daemon_pid);
	printf("nodes: %ld written in %.2f s (%.0f/s), RSS %ld -> %ld KiB, %.0f bytes per node\n",
	       nnodes, t1 - t0, nnodes / (t1 - t0), before, after,
	       (after - before) * 1024.0 / nnodes);
	printf("nodes: total RSS with %ld nodes: %.1f MiB (target < 300 MiB)\n", nnodes, after / 1024.0);
	close(fd);

	/* Restart: SIGTERM, start again, time until a read of the last node. */
	double restart_term = 0;

	for (int k = 0; k < 2; k++) {
		int sig = k == 0 ? SIGTERM : SIGKILL;
		double s0;

		stop_daemon(sig);
		s0 = now();
		start_daemon();
		fd = sock_connect(daemon_sock);
		snprintf(path, sizeof(path), "/bench/n/%03ld/%03ld", (nnodes - 1) / 1000, (nnodes - 1) % 1000);
		mkreq(&r, XS_READ, path, NULL);
		send_req(fd, &r, 0);
		if (recv_reply(fd, buf, NULL) != XS_READ)
			printf("restart: WARNING: last node missing after restart (%s)\n", buf);
		if (sig == SIGTERM)
			restart_term = now() - s0;
		printf("restart after %s with %ld nodes: %.3f s to first answer (target < 2 s), RSS %.1f MiB\n",
		       sig == SIGTERM ? "SIGTERM" : "SIGKILL", nnodes, now() - s0,
		       rss_kib(daemon_pid) / 1024.0);
		close(fd);
	}
	snapshot_crc_share(restart_term);
}

int main(int argc, char **argv)
{
	const char *ops[] = { "READ", "WRITE", "DIRECTORY", "TRANSACTION" };
	int quick = argc > 2 && !strcmp(argv[2], "--quick");
	int iters = quick ? 2000 : 20000, total = quick ? 20000 : 200000;
	long nnodes = quick ? 100000 : 1000000;
	struct rlimit rl;

	if (argc < 2)
		die("usage: xenstore-bench XENSTORED-KVM [--quick]");
	daemon_bin = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max < 8192 ? rl.rlim_max : 8192;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (!mkdtemp(tmpdir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(rundir, sizeof(rundir), "%s/run", tmpdir);
	snprintf(statedir, sizeof(statedir), "%s/state", tmpdir);
	mkdir(rundir, 0700);
	mkdir(statedir, 0700);
	snprintf(daemon_sock, sizeof(daemon_sock), "%s/socket", rundir);

	choose_cpus(&client_cpu, &server_cpu);
	if (server_cpu >= 0)
		printf("placement: client on CPU %d, echo server and daemon on CPU %d\n",
		       client_cpu, server_cpu);
	pin(client_cpu);
	start_echo();
	start_daemon();
	int dfd = sock_connect(daemon_sock), efd = sock_connect(echo_sock);

	if (dfd < 0 || efd < 0)
		die("cannot connect (daemon %d, echo %d)", dfd, efd);
	setup_store(dfd);
	printf("%-12s %14s %14s %8s\n", "round trip", "daemon ns", "echo ns", "ratio");
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		/* warm-up, then 7 alternating rounds; the median of each */
		double es[7], ds[7], e, d;

		rtt_ns(dfd, ops[i], iters / 10);
		rtt_ns(efd, ops[i], iters / 10);
		for (int k = 0; k < 7; k++) {
			es[k] = rtt_ns(efd, ops[i], iters / 7);
			ds[k] = rtt_ns(dfd, ops[i], iters / 7);
		}
		e = median(es, 7);
		d = median(ds, 7);

		printf("%-12s %14.0f %14.0f %8.2f%s\n", ops[i], d, e, d / e,
		       i == 0 ? "   (target READ <= 1.5)" : "");
	}
	printf("%-12s %14s %14s %8s\n", "pipelined", "daemon req/s", "echo req/s", "ratio");
	printf("(ratio = daemon time per request / echo time per request, as above)\n");
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		double e = pipelined_rate(efd, ops[i], total), d = pipelined_rate(dfd, ops[i], total);

		printf("%-12s %14.0f %14.0f %8.2f\n", ops[i], d, e, e / d);
	}
	close(dfd);
	close(efd);
	{
		double e = fanout_us(echo_sock, 9), d = fanout_us(daemon_sock, 9);

		printf("watch fan-out (1 write, %d watchers): daemon %.0f us, echo %.0f us, ratio %.2f\n",
		       FANOUT, d, e, d / e);
	}
	kill(echo_pid, SIGKILL);
	waitpid(echo_pid, NULL, 0);
	echo_pid = -1;

	scale_domains(1000);
	scale_nodes(nnodes);
	stop_daemon(SIGTERM);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "du -sh %s | cut -f1", statedir);
		printf("state directory size: ");
		fflush(stdout);
		if (system(cmd) != 0)
			printf("?\n");
		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return 0;
}
