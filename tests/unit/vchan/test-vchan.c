/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every libxenvchan call and state, between two ends in this process (or a
 * forked child), through a real xenstored-kvm: the rendezvous and its
 * permissions, recv/send all-or-nothing and read/write streaming, blocking
 * and non-blocking, wait and fd_for_select, is_open's three values,
 * data_ready, buffer_space against read_min/write_min, server_persist, close
 * and a peer killed mid-transfer.  Run by tests/integration/vchan/api.sh,
 * which starts the daemon (XENSTORED_PATH) and introduces domains 5 and 6.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <libxenvchan.h>
#include <xenstore.h>

#include "libxenvchan-shim/xk_evtchn.h"

static char dom0_sock[4096];
static int next_port = 1;

static const char *fresh_path(char *buf, size_t len)
{
	snprintf(buf, len, "data/vchan/0/%d", next_port++);
	return buf;
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0);
}

static char *xs_get(const char *path)
{
	struct xs_handle *xs = xs_open(0);
	unsigned int len;
	char *v;

	assert_non_null(xs);
	v = xs_read(xs, XBT_NULL, path, &len);
	xs_close(xs);
	return v;
}

/* a connected pair: server serves dom0 at a fresh path, client joins */
static void pair(struct libxenvchan **s, struct libxenvchan **c,
		 size_t rmin, size_t wmin)
{
	char rel[64], abs[96];

	fresh_path(rel, sizeof(rel));
	snprintf(abs, sizeof(abs), "/local/domain/0/%s", rel);
	*s = libxenvchan_server_init(NULL, 0, rel, rmin, wmin);
	assert_non_null(*s);
	*c = libxenvchan_client_init(NULL, 0, abs);
	assert_non_null(*c);
}

static void test_server_alone(void **st)
{
	char rel[64], abs[96], *v;
	struct libxenvchan *s;
	struct evtchn_status es = { .dom = DOMID_SELF };
	int fd;

	fresh_path(rel, sizeof(rel));
	s = libxenvchan_server_init(NULL, 0, rel, 100, 100);
	assert_non_null(s);
	assert_int_equal(s->is_server, -1);	/* a 1-bit int field */
	assert_int_equal(libxenvchan_is_open(s), 2);
	assert_int_equal(libxenvchan_data_ready(s), 0);
	assert_int_equal(libxenvchan_buffer_space(s), 2048);
	fd = libxenvchan_fd_for_select(s);
	assert_true(fd >= 0);
	assert_int_equal(readable(fd), 0);
	/* published where Xen publishes, relative to the caller's home */
	snprintf(abs, sizeof(abs), "/local/domain/0/%s/event-channel", rel);
	v = xs_get(abs);
	assert_non_null(v);
	assert_int_equal(atoi(v), (int)s->event_port);
	free(v);
	snprintf(abs, sizeof(abs), "/local/domain/0/%s/ring-ref", rel);
	v = xs_get(abs);
	assert_non_null(v);
	free(v);
	es.port = s->event_port;
	assert_int_equal(xenkvm_evtchn_status(&es), 0);
	assert_int_equal(es.status, EVTCHNSTAT_unbound);
	libxenvchan_close(s);
	/* the server's close removes what it published */
	assert_null(xs_get(abs));
	es.port = s == NULL ? 0 : es.port;
	assert_int_equal(xenkvm_evtchn_status(&es), -1);
	assert_int_equal(errno, EINVAL);
}

static void test_join_and_status(void **st)
{
	struct libxenvchan *s, *c;
	struct evtchn_status es = { .dom = DOMID_SELF };

	pair(&s, &c, 0, 0);
	assert_int_equal(libxenvchan_is_open(c), 1);
	/* the client joined without the server's help */
	assert_int_equal(readable(libxenvchan_fd_for_select(s)), 1);
	assert_int_equal(libxenvchan_is_open(s), 1);
	es.port = s->event_port;
	assert_int_equal(xenkvm_evtchn_status(&es), 0);
	assert_int_equal(es.status, EVTCHNSTAT_interdomain);
	assert_int_equal(es.u.interdomain.port, c->event_port);
	es.port = c->event_port;
	assert_int_equal(xenkvm_evtchn_status(&es), 0);
	assert_int_equal(es.status, EVTCHNSTAT_interdomain);
	assert_int_equal(es.u.interdomain.port, s->event_port);
	/* is_open took the join in; the client's wake-up is left (Xen's
	 * client_init notifies too), and wait takes it */
	assert_int_equal(readable(libxenvchan_fd_for_select(s)), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(readable(libxenvchan_fd_for_select(s)), 0);
	/* notify as libvchan-xen does after joining: the server wakes */
	assert_int_equal(xenkvm_evtchn_notify(c->event, c->event_port), 0);
	assert_int_equal(readable(libxenvchan_fd_for_select(s)), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(xenkvm_evtchn_notify(c->event, c->event_port + 1000), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(xenkvm_evtchn_notify((xenevtchn_handle *)&es, 1), -1);
	assert_int_equal(errno, EBADF);
	es.dom = 3;
	assert_int_equal(xenkvm_evtchn_status(&es), -1);
	libxenvchan_close(c);
	libxenvchan_close(s);
}

static void test_nonblocking_edges(void **st)
{
	struct libxenvchan *s, *c;
	char buf[4096], out[4096];
	int i;

	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)(i * 7);
	pair(&s, &c, 0, 0);		/* client writes 1024, reads 2048 */
	assert_int_equal(libxenvchan_buffer_space(c), 1024);
	assert_int_equal(libxenvchan_buffer_space(s), 2048);
	/* recv is exact: nothing until all of it is there */
	assert_int_equal(libxenvchan_send(c, buf, 10), 10);
	assert_int_equal(libxenvchan_data_ready(s), 10);
	assert_int_equal(libxenvchan_recv(s, out, 20), 0);
	assert_int_equal(libxenvchan_recv(s, out, 10), 10);
	assert_memory_equal(out, buf, 10);
	/* an empty ring: read returns 0 without blocking */
	assert_int_equal(libxenvchan_read(s, out, 10), 0);
	/* send is all or nothing, write takes what fits */
	assert_int_equal(libxenvchan_send(c, buf, 1025), 0);
	assert_int_equal(libxenvchan_send(c, buf, 1000), 1000);
	assert_int_equal(libxenvchan_buffer_space(c), 24);
	assert_int_equal(libxenvchan_send(c, buf, 100), 0);
	assert_int_equal(libxenvchan_write(c, buf + 1000, 100), 24);
	assert_int_equal(libxenvchan_write(c, buf, 100), 0);
	assert_int_equal(libxenvchan_buffer_space(c), 0);
	/* a blocking send larger than the ring can never succeed */
	c->blocking = 1;
	assert_int_equal(libxenvchan_send(c, buf, 1025), -1);
	c->blocking = 0;
	/* read streams across the wrap-around */
	assert_int_equal(libxenvchan_read(s, out, 4096), 1024);
	assert_memory_equal(out, buf, 1024);
	assert_int_equal(libxenvchan_buffer_space(c), 1024);
	assert_int_equal(libxenvchan_send(c, buf + 5, 1000), 1000);
	assert_int_equal(libxenvchan_recv(s, out, 1000), 1000);
	assert_memory_equal(out, buf + 5, 1000);
	/* the reverse direction, and a blocking recv larger than the ring */
	assert_int_equal(libxenvchan_send(s, buf, 2048), 2048);
	assert_int_equal(libxenvchan_send(s, buf, 1), 0);
	s->blocking = 1;
	c->blocking = 1;
	assert_int_equal(libxenvchan_recv(c, out, 2049), -1);
	assert_int_equal(libxenvchan_recv(c, out, 2048), 2048);
	assert_memory_equal(out, buf, 2048);
	libxenvchan_close(c);
	libxenvchan_close(s);
}

static void test_buffer_sizes(void **st)
{
	struct libxenvchan *s, *c;

	/* server reads at least read_min, writes at least write_min */
	pair(&s, &c, 65536, 200000);
	assert_int_equal(libxenvchan_buffer_space(s), 262144);
	assert_int_equal(libxenvchan_buffer_space(c), 65536);
	libxenvchan_close(c);
	libxenvchan_close(s);
	pair(&s, &c, 2000, 100);
	assert_int_equal(libxenvchan_buffer_space(s), 1024);
	assert_int_equal(libxenvchan_buffer_space(c), 2048);
	libxenvchan_close(c);
	libxenvchan_close(s);
	pair(&s, &c, 2000, 3000);
	assert_int_equal(libxenvchan_buffer_space(s), 4096);
	assert_int_equal(libxenvchan_buffer_space(c), 2048);
	libxenvchan_close(c);
	libxenvchan_close(s);
	pair(&s, &c, 3000, 3000);
	assert_int_equal(libxenvchan_buffer_space(s), 4096);
	assert_int_equal(libxenvchan_buffer_space(c), 4096);
	libxenvchan_close(c);
	libxenvchan_close(s);
	/* more than Xen's 1 MiB per ring is refused */
	assert_null(libxenvchan_server_init(NULL, 0, "data/vchan/0/big",
					    (1 << 20) + 1, 0));
	assert_int_equal(errno, EINVAL);
}

static void test_fd_tracks_wait(void **st)
{
	struct libxenvchan *s, *c;
	char b[8] = "abcdefg";
	int fd;

	pair(&s, &c, 0, 0);
	assert_int_equal(libxenvchan_wait(s), 0);	/* the join, its wake-up */
	fd = libxenvchan_fd_for_select(s);
	assert_int_equal(readable(fd), 0);
	/* as on Xen, each end asked at init for the other's first write */
	assert_int_equal(libxenvchan_write(c, b, 8), 8);
	assert_int_equal(readable(fd), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(readable(fd), 0);
	assert_int_equal(libxenvchan_write(s, b, 8), 8);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 1);
	assert_int_equal(libxenvchan_wait(c), 0);
	/* nobody asked since: a write does not notify */
	assert_int_equal(libxenvchan_write(c, b, 8), 8);
	assert_int_equal(readable(fd), 0);
	assert_int_equal(libxenvchan_write(s, b, 8), 8);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 0);
	/* data_ready asks to be told: the next write notifies */
	assert_int_equal(libxenvchan_data_ready(s), 16);
	assert_int_equal(libxenvchan_write(c, b, 8), 8);
	assert_int_equal(readable(fd), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(libxenvchan_data_ready(c), 16);
	assert_int_equal(libxenvchan_write(s, b, 8), 8);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 1);
	assert_int_equal(libxenvchan_wait(c), 0);
	/* a full writer asks to be told of room; the read tells it */
	while (libxenvchan_write(c, b, 8) > 0)
		;
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 0);
	assert_int_equal(libxenvchan_read(s, b, 8), 8);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 1);
	libxenvchan_close(c);
	libxenvchan_close(s);
}

/* as Xen's bind_interdomain: a new client's port starts pending, so what
 * the server wrote before the join is seen by the client's first select */
static void test_written_before_join(void **st)
{
	char rel[64], abs[96], b[4];
	struct libxenvchan *s, *c;

	fresh_path(rel, sizeof(rel));
	snprintf(abs, sizeof(abs), "/local/domain/0/%s", rel);
	s = libxenvchan_server_init(NULL, 0, rel, 0, 0);
	assert_non_null(s);
	assert_int_equal(libxenvchan_write(s, "ping", 4), 4);
	c = libxenvchan_client_init(NULL, 0, abs);
	assert_non_null(c);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 1);
	assert_int_equal(libxenvchan_wait(c), 0);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 0);
	assert_int_equal(libxenvchan_read(c, b, 4), 4);
	assert_memory_equal(b, "ping", 4);
	libxenvchan_close(c);
	libxenvchan_close(s);
}

/* the server reads what the client wrote; both close */
static void read_written(struct libxenvchan *s, struct libxenvchan *c)
{
	char b[8];

	assert_int_equal(libxenvchan_read(s, b, 8), 8);
	assert_string_equal(b, "written");
	libxenvchan_close(c);
	libxenvchan_close(s);
}

/*
 * What a client writes as it joins is not lost in the server's wait for
 * the join: Xen's vchan-socket-proxy server waits until is_open says 1,
 * then selects before it reads, so the write's notification must still be
 * pending after the wait that saw the join.  And a join the server learns
 * of in is_open leaves a notification pending, as the client's first
 * notify does on Xen.
 */
static void test_written_at_join(void **st)
{
	char rel[64], abs[96];
	struct libxenvchan *s, *c;
	int fd;

	fresh_path(rel, sizeof(rel));
	snprintf(abs, sizeof(abs), "/local/domain/0/%s", rel);
	s = libxenvchan_server_init(NULL, 0, rel, 0, 0);
	assert_non_null(s);
	fd = libxenvchan_fd_for_select(s);
	c = libxenvchan_client_init(NULL, 0, abs);
	assert_non_null(c);
	assert_int_equal(libxenvchan_write(c, "written", 8), 8);
	assert_int_equal(libxenvchan_wait(s), 0);	/* the join */
	assert_int_equal(libxenvchan_is_open(s), 1);
	assert_int_equal(readable(fd), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(readable(fd), 0);
	assert_int_equal(libxenvchan_data_ready(s), 8);
	read_written(s, c);

	/* the join seen in is_open, the write's notification taken with the
	 * join's by the next wait: the unread write keeps fd readable */
	pair(&s, &c, 0, 0);
	fd = libxenvchan_fd_for_select(s);
	assert_int_equal(libxenvchan_is_open(s), 1);
	assert_int_equal(readable(fd), 1);
	assert_int_equal(libxenvchan_write(c, "written", 8), 8);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(readable(fd), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(readable(fd), 0);
	read_written(s, c);

	/* the hello seen before the client's cli_live 1 (the window held
	 * open): the server is joined, so its join loop does not wait and
	 * take the notification of the write that follows */
	pair(&s, &c, 0, 0);
	fd = libxenvchan_fd_for_select(s);
	__atomic_store_n(&s->ring->cli_live, 2, __ATOMIC_SEQ_CST);
	assert_int_equal(libxenvchan_is_open(s), 1);
	__atomic_store_n(&s->ring->cli_live, 1, __ATOMIC_SEQ_CST);
	assert_int_equal(libxenvchan_wait(s), 0);	/* the join's */
	assert_int_equal(readable(fd), 0);
	assert_int_equal(libxenvchan_write(c, "written", 8), 8);
	assert_int_equal(readable(fd), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	read_written(s, c);
}

static void test_close_seen(void **st)
{
	struct libxenvchan *s, *c;
	char b[16];

	pair(&s, &c, 0, 0);
	assert_int_equal(libxenvchan_write(c, "bye", 3), 3);
	libxenvchan_close(c);
	/* the server wakes, still reads what was sent, then sees the end */
	assert_int_equal(readable(libxenvchan_fd_for_select(s)), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	assert_int_equal(libxenvchan_is_open(s), 0);
	assert_int_equal(libxenvchan_read(s, b, sizeof(b)), 3);
	assert_int_equal(libxenvchan_read(s, b, sizeof(b)), -1);
	assert_int_equal(libxenvchan_write(s, b, 1), -1);
	libxenvchan_close(s);

	/* and the other way round */
	pair(&s, &c, 0, 0);
	libxenvchan_close(s);
	assert_int_equal(libxenvchan_is_open(c), 0);
	assert_int_equal(readable(libxenvchan_fd_for_select(c)), 1);
	assert_int_equal(libxenvchan_wait(c), 0);
	c->blocking = 1;
	assert_int_equal(libxenvchan_recv(c, b, 1), -1);
	libxenvchan_close(c);
}

static void test_persist(void **st)
{
	char rel[64], abs[96], b[8];
	struct libxenvchan *s, *c;
	int round;

	fresh_path(rel, sizeof(rel));
	snprintf(abs, sizeof(abs), "/local/domain/0/%s", rel);
	s = libxenvchan_server_init(NULL, 0, rel, 0, 0);
	assert_non_null(s);
	s->server_persist = 1;
	for (round = 0; round < 3; round++) {
		c = libxenvchan_client_init(NULL, 0, abs);
		assert_non_null(c);
		/* a second client while one is joined is refused */
		if (round == 0)
			assert_null(libxenvchan_client_init(NULL, 0, abs));
		assert_int_equal(libxenvchan_send(c, "r", 1), 1);
		assert_int_equal(libxenvchan_wait(s), 0);
		assert_int_equal(libxenvchan_recv(s, b, 1), 1);
		assert_int_equal(b[0], 'r');
		libxenvchan_close(c);
		assert_int_equal(libxenvchan_wait(s), 0);
		assert_int_equal(libxenvchan_is_open(s), 1);
	}
	libxenvchan_close(s);
}

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/* a forked client streams; the parent checks every byte */
static void test_blocking_transfer(void **st)
{
	char rel[64], abs[96];
	unsigned char buf[65536];
	struct libxenvchan *s;
	uint64_t want = 0xcbf29ce484222325ull, got = want;
	size_t total = 16u << 20, n;
	pid_t pid;
	int status;

	fresh_path(rel, sizeof(rel));
	snprintf(abs, sizeof(abs), "/local/domain/0/%s", rel);
	s = libxenvchan_server_init(NULL, 0, rel, 8192, 8192);
	assert_non_null(s);
	s->blocking = 1;
	for (n = 0; n < sizeof(buf); n++)
		buf[n] = (unsigned char)(n * 31 + 7);
	for (n = 0; n < total; n += sizeof(buf))
		want = fnv(want, buf, sizeof(buf));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct libxenvchan *c = libxenvchan_client_init(NULL, 0, abs);

		if (!c)
			_exit(2);
		c->blocking = 1;
		for (n = 0; n < total; ) {
			size_t at = n % sizeof(buf);
			int w = libxenvchan_write(c, buf + at, sizeof(buf) - at);

			if (w <= 0)
				_exit(3);
			n += (size_t)w;
		}
		libxenvchan_close(c);
		_exit(0);
	}
	for (n = 0; ; ) {
		int r = libxenvchan_read(s, buf, 3000);

		if (r < 0)
			break;
		got = fnv(got, buf, (size_t)r);
		n += (size_t)r;
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(n, total);
	assert_true(got == want);
	libxenvchan_close(s);
}

static void test_peer_killed(void **st)
{
	char rel[64], abs[96], buf[4096];
	struct libxenvchan *s;
	pid_t pid;
	int r;

	fresh_path(rel, sizeof(rel));
	snprintf(abs, sizeof(abs), "/local/domain/0/%s", rel);
	s = libxenvchan_server_init(NULL, 0, rel, 4096, 4096);
	assert_non_null(s);
	s->blocking = 1;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct libxenvchan *c = libxenvchan_client_init(NULL, 0, abs);

		if (!c)
			_exit(2);
		c->blocking = 1;
		memset(buf, 'x', sizeof(buf));
		for (;;)
			libxenvchan_write(c, buf, sizeof(buf));
	}
	/* mid-transfer: the writer has filled the ring at least once */
	assert_int_equal(libxenvchan_recv(s, buf, 4096), 4096);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	do
		r = libxenvchan_read(s, buf, sizeof(buf));
	while (r > 0);
	assert_int_equal(r, -1);
	assert_int_equal(libxenvchan_is_open(s), 0);
	libxenvchan_close(s);
}

/* XenStore's permissions decide who finds the ring (domains 5 and 6) */
/* entries in the vchan directory (api.sh sets XEN_KVM_RUN_DIR) */
static int vchan_files(void)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/vchan", getenv("XEN_KVM_RUN_DIR"));
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* a server that exits without closing (as Qubes' daemons do): its ring
 * and socket go when the next ring is made */
static void test_exit_without_close(void **st)
{
	char rel[64];
	struct libxenvchan *s;
	int before = vchan_files(), status;
	pid_t pid;

	fresh_path(rel, sizeof(rel));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(libxenvchan_server_init(NULL, 0, rel, 4096, 4096) ? 0 : 2);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(vchan_files(), before + 2);
	fresh_path(rel, sizeof(rel));
	s = libxenvchan_server_init(NULL, 0, rel, 4096, 4096);
	assert_non_null(s);
	assert_int_equal(vchan_files(), before + 2);	/* its own two */
	libxenvchan_close(s);
	assert_int_equal(vchan_files(), before);
}

static void test_permissions(void **st)
{
	char path5[4200], path6[4200];
	struct libxenvchan *s, *c;

	s = libxenvchan_server_init(NULL, 5, "data/vchan/5/1", 0, 0);
	assert_non_null(s);
	snprintf(path6, sizeof(path6), "%s/domain/6", dom0_sock);
	setenv("XENSTORED_PATH", path6, 1);
	c = libxenvchan_client_init(NULL, 0, "/local/domain/0/data/vchan/5/1");
	assert_null(c);
	assert_int_equal(errno, EACCES);
	snprintf(path5, sizeof(path5), "%s/domain/5", dom0_sock);
	setenv("XENSTORED_PATH", path5, 1);
	c = libxenvchan_client_init(NULL, 0, "/local/domain/0/data/vchan/5/1");
	assert_non_null(c);
	assert_int_equal(libxenvchan_is_open(s), 1);
	libxenvchan_close(c);
	/* dom0 finds it, but the ring is served to domain 5 only */
	snprintf(path5, sizeof(path5), "%s/socket", dom0_sock);
	setenv("XENSTORED_PATH", path5, 1);
	assert_null(libxenvchan_client_init(NULL, 0,
					    "/local/domain/0/data/vchan/5/1"));
	assert_int_equal(errno, EACCES);
	libxenvchan_close(s);
}

int main(void)
{
	const char *p = getenv("XENSTORED_PATH");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_alone),
		cmocka_unit_test(test_join_and_status),
		cmocka_unit_test(test_nonblocking_edges),
		cmocka_unit_test(test_buffer_sizes),
		cmocka_unit_test(test_fd_tracks_wait),
		cmocka_unit_test(test_written_before_join),
		cmocka_unit_test(test_written_at_join),
		cmocka_unit_test(test_close_seen),
		cmocka_unit_test(test_persist),
		cmocka_unit_test(test_blocking_transfer),
		cmocka_unit_test(test_peer_killed),
		cmocka_unit_test(test_exit_without_close),
		cmocka_unit_test(test_permissions),
	};
	char *slash;

	alarm(300);	/* a hang is a failure */
	if (!p) {
		fprintf(stderr, "run through tests/integration/vchan/api.sh\n");
		return 1;
	}
	snprintf(dom0_sock, sizeof(dom0_sock), "%s", p);
	slash = strrchr(dom0_sock, '/');
	if (slash)
		*slash = '\0';	/* the daemon's run dir */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
