/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of xl-compat/runtime/chanrelay.c with real Unix sockets: the
 * test listens on both ends, as two QEMUs would, and drives the relay's
 * event loop itself.  Both directions, an end that is not there yet, ends
 * that restart in the middle of a stream (no byte lost, duplicated or
 * reordered), backpressure with a bounded buffer, and the back-off.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

#include <event2/event.h>

#include "xlrt_test.h"
#include "chanrelay.h"

static char dir[] = "/tmp/chanrelay-test.XXXXXX";
static char path[2][128];
static struct event_base *base;

static int listen_at(const char *p)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	unlink(p);
	strcpy(sa.sun_path, p);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Run the relay r's loop until cond (over its stats st) holds; fail after
 * 10 s. */
#define spin_until(r, st, cond)						\
	do {								\
		struct timespec t0_;					\
									\
		clock_gettime(CLOCK_MONOTONIC, &t0_);			\
		for (;;) {						\
			event_base_loop(base, EVLOOP_NONBLOCK);		\
			chanrelay_stats((r), &(st));			\
			if (cond)					\
				break;					\
			if (ms_since(&t0_) > 10000)			\
				fail_msg("not within 10 s: %s", #cond);	\
			usleep(200);					\
		}							\
	} while (0)

/* Accept the relay's connection on a listener, spinning the loop. */
static int accept_relay(int lfd)
{
	int fd;

	for (int i = 0; i < 5000; i++) {
		struct pollfd p = { lfd, POLLIN, 0 };

		event_base_loop(base, EVLOOP_NONBLOCK);
		if (poll(&p, 1, 1) == 1) {
			fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
			assert_true(fd >= 0);
			return fd;
		}
	}
	fail_msg("the relay never connected");
	return -1;
}

/* Pattern byte number i of stream s: any loss or reordering shows. */
static unsigned char pat(int s, size_t i)
{
	return (unsigned char)((i * 7 + i / 251 + (size_t)s * 13) & 0xff);
}

/* Write n pattern bytes from offset *w and read what arrives at *r,
 * spinning the relay, until all n arrived.  Verifies every byte. */
static void pump(int wfd, int rfd, int s, size_t *w, size_t *r, size_t n)
{
	unsigned char b[8192];

	for (int i = 0; *r < n && i < 200000; i++) {
		if (*w < n) {
			size_t k = n - *w < sizeof(b) ? n - *w : sizeof(b);
			ssize_t m;

			for (size_t j = 0; j < k; j++)
				b[j] = pat(s, *w + j);
			m = write(wfd, b, k);
			if (m > 0)
				*w += (size_t)m;
		}
		event_base_loop(base, EVLOOP_NONBLOCK);
		for (;;) {
			ssize_t m = read(rfd, b, sizeof(b));

			if (m <= 0)
				break;
			for (ssize_t j = 0; j < m; j++)
				if (b[j] != pat(s, *r + (size_t)j))
					fail_msg("stream %d: wrong byte at %zu",
						 s, *r + (size_t)j);
			*r += (size_t)m;
		}
		if (*r < n)
			usleep(50);
	}
	assert_int_equal(*r, n);
}

static struct chanrelay *relay(size_t bufsize)
{
	struct chanrelay_cfg cfg = {
		.path = { path[0], path[1] }, .bufsize = bufsize,
		.min_ms = 5, .max_ms = 40,
	};
	struct chanrelay *r = chanrelay_new(base, &cfg);

	assert_non_null(r);
	return r;
}

static void both_ways(void **state)
{
	int l0 = listen_at(path[0]), l1 = listen_at(path[1]);
	struct chanrelay *r = relay(0);
	int a = accept_relay(l0), b = accept_relay(l1);
	size_t w = 0, rd = 0, w2 = 0, rd2 = 0;
	struct chanrelay_stats st;

	(void)state;
	pump(a, b, 0, &w, &rd, 3 << 20);
	pump(b, a, 1, &w2, &rd2, 1 << 20);
	chanrelay_stats(r, &st);
	assert_int_equal(st.moved[0], 3 << 20);
	assert_int_equal(st.moved[1], 1 << 20);
	assert_true(st.up[0] && st.up[1]);
	chanrelay_free(r);
	close(a); close(b); close(l0); close(l1);
}

/* End 1 is not there at first; then it restarts twice mid-stream, and end
 * 0 restarts once: every byte arrives once, in order. */
static void restarts(void **state)
{
	int l0 = listen_at(path[0]), l1, a, b;
	struct chanrelay *r;
	size_t w = 0, rd = 0, total = 0;
	struct chanrelay_stats st;

	(void)state;
	unlink(path[1]);
	r = relay(64 << 10);
	a = accept_relay(l0);
	/* bytes written while end 1 is missing wait in the relay */
	{
		unsigned char b0[1000];

		for (size_t j = 0; j < sizeof(b0); j++)
			b0[j] = pat(2, j);
		assert_int_equal(write(a, b0, sizeof(b0)), (ssize_t)sizeof(b0));
		w = sizeof(b0);
		spin_until(r, st, st.queued[0] == 1000);
	}
	assert_false(st.up[1]);
	for (int round = 0; round < 3; round++) {
		l1 = listen_at(path[1]);
		b = accept_relay(l1);
		total += 200000;
		pump(a, b, 2, &w, &rd, total);
		close(b);
		close(l1);
		unlink(path[1]);
		spin_until(r, st, !st.up[1]);
	}
	chanrelay_stats(r, &st);
	assert_int_equal(st.connects[1], 3);
	assert_int_equal(st.moved[0], total);
	/* end 0 restarts: the relay reconnects to it */
	close(a);
	close(l0);
	spin_until(r, st, !st.up[0]);
	l0 = listen_at(path[0]);
	l1 = listen_at(path[1]);
	a = accept_relay(l0);
	b = accept_relay(l1);
	pump(b, a, 3, &(size_t){ 0 }, &(size_t){ 0 }, 100000);
	chanrelay_stats(r, &st);
	assert_int_equal(st.connects[0], 2);
	chanrelay_free(r);
	close(a); close(b); close(l0); close(l1);
}

/* A reader that never reads: the relay holds at most its buffer and stops
 * reading its source, so the writer is pushed back. */
static void backpressure(void **state)
{
	int l0 = listen_at(path[0]), l1 = listen_at(path[1]);
	struct chanrelay *r = relay(32 << 10);
	int a = accept_relay(l0), b = accept_relay(l1);
	unsigned char buf[4096];
	size_t sent = 0, got = 0;
	struct chanrelay_stats st;
	int blocked = 0;

	(void)state;
	fcntl(a, F_SETFL, O_NONBLOCK);
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 20000 && blocked < 200; i++) {
		ssize_t m = write(a, buf, sizeof(buf));

		if (m > 0)
			sent += (size_t)m;
		else
			blocked++;
		event_base_loop(base, EVLOOP_NONBLOCK);
	}
	chanrelay_stats(r, &st);
	assert_true(blocked >= 200);
	assert_int_equal(st.queued[0], 32 << 10);
	/* the rest sits in the kernel's socket buffers: bounded too */
	assert_true(sent < (16u << 20));
	/* the reader wakes up: everything arrives */
	while (got < sent) {
		ssize_t m = read(b, buf, sizeof(buf));

		if (m > 0)
			got += (size_t)m;
		event_base_loop(base, EVLOOP_NONBLOCK);
	}
	assert_int_equal(got, sent);
	chanrelay_free(r);
	close(a); close(b); close(l0); close(l1);
}

/* Nobody listens: the relay retries with a doubling back-off, not a busy
 * loop: tries at 0, 5, 15, 35, 75, 115 ... ms, so the 9th comes no sooner
 * than 235 ms after the start (a bound that load can only lengthen). Once a
 * listener is there its very next try connects. */
static void backoff(void **state)
{
	struct chanrelay_cfg cfg = {
		.path = { path[0], path[1] }, .min_ms = 5, .max_ms = 40,
	};
	struct chanrelay *r;
	struct chanrelay_stats st;
	struct timespec t0;
	uint64_t tries;
	int l1;

	(void)state;
	unlink(path[0]);
	unlink(path[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = chanrelay_new(base, &cfg);
	assert_non_null(r);
	spin_until(r, st, st.attempts[0] >= 9 && st.attempts[1] >= 9);
	/* libevent counts each pause from its loop's cached clock, which may
	 * lag the real one by a little: allow 1 ms per try */
	assert_true(ms_since(&t0) >= 235 - 9);
	assert_false(st.up[0] || st.up[1]);
	tries = st.attempts[1];
	l1 = listen_at(path[1]);
	spin_until(r, st, st.up[1]);
	assert_int_equal(st.connects[1], 1);
	assert_int_equal(st.attempts[1], tries + 1);
	chanrelay_free(r);
	close(l1);
}

static int setup(void **state)
{
	(void)state;
	base = event_base_new();
	return base ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	event_base_free(base);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(restarts, setup, teardown),
		cmocka_unit_test_setup_teardown(backpressure, setup, teardown),
		cmocka_unit_test_setup_teardown(backoff, setup, teardown),
	};
	int rc;

	signal(SIGPIPE, SIG_IGN);
	if (!mkdtemp(dir))
		return 99;
	snprintf(path[0], sizeof(path[0]), "%s/a.sock", dir);
	snprintf(path[1], sizeof(path[1]), "%s/b.sock", dir);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path[0]);
	unlink(path[1]);
	rmdir(dir);
	return rc;
}
