/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pipelined XenStore batch (xl-compat/runtime/xs_batch.h) against a
 * real xenstored-kvm, which tests/integration/xlrt/xs_batch.sh starts
 * (XENSTORED_PATH names its socket, XS_RUN its run dir): values, an empty
 * value, a directory, the daemon's errors, paths too long for the daemon
 * and for one message, a second round on the same connection, 20000 reads
 * in one batch, how the socket is found, the fallback through
 * libxenstore's handle, no daemon at all; and against a scripted fake
 * daemon here, answers that are not ours: a watch event (ignored), a
 * wrong request id (-EPROTO), the daemon hanging up midway (-ECONNRESET).
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include <xenstore.h>
#include <xen/io/xs_wire.h>

#include "xs_batch.h"

static struct xs_handle *xs;
static char daemon_path[4096];

static void put(const char *path, const char *val)
{
	assert_true(xs_write(xs, XBT_NULL, path, val, (unsigned int)strlen(val)));
}

static int setup(void **state)
{
	const char *p = getenv("XENSTORED_PATH");
	char path[64], val[32];
	int i;

	(void)state;
	assert_non_null(p);
	snprintf(daemon_path, sizeof(daemon_path), "%s", p);
	xs = xs_open(0);
	assert_non_null(xs);
	put("/t/a", "alpha");
	put("/t/b", "bravo");
	put("/t/empty", "");
	put("/t/dir/x", "1");
	put("/t/dir/y", "2");
	put("/t/dir/z", "3");
	put("/t/leaf", "no children");
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/t/many/%d", i);
		snprintf(val, sizeof(val), "value-%d", i * 7);
		put(path, val);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xs_rm(xs, XBT_NULL, "/t");
	xs_close(xs);
	return 0;
}

/* Every test leaves the environment pointing at the daemon. */
static void env_daemon(void)
{
	setenv("XENSTORED_PATH", daemon_path, 1);
	unsetenv("XENSTORED_RUNDIR");
}

/* The inodes of this process's sockets, as a sum and a count: a batch
 * that connects shows as one more. */
static int sockets(unsigned long long *sum)
{
	char link[64], path[300];
	struct dirent *e;
	unsigned long long ino;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	ssize_t l;

	*sum = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		l = readlink(path, link, sizeof(link) - 1);
		if (l <= 0)
			continue;
		link[l] = '\0';
		if (sscanf(link, "socket:[%llu]", &ino) == 1) {
			*sum += ino;
			n++;
		}
	}
	closedir(d);
	return n;
}

static void want_value(struct xlrt_xsb *b, size_t i, const char *want)
{
	struct xlrt_xsb_answer *a = xlrt_xsb_answer(b, i);

	assert_int_equal(a->err, 0);
	assert_non_null(a->val);
	assert_string_equal(a->val, want);
	assert_int_equal(a->len, strlen(want));
}

static void want_err(struct xlrt_xsb *b, size_t i, int err)
{
	struct xlrt_xsb_answer *a = xlrt_xsb_answer(b, i);

	assert_int_equal(a->err, err);
	assert_null(a->val);
}

/* The answer's names are libxenstore's, in its order. */
static void want_dir_as_xs(struct xlrt_xsb *b, size_t i, const char *path)
{
	struct xlrt_xsb_answer *a = xlrt_xsb_answer(b, i);
	unsigned int n, k;
	char **want = xs_directory(xs, XBT_NULL, path, &n);
	const char *p;

	assert_non_null(want);
	assert_int_equal(a->err, 0);
	assert_non_null(a->val);
	assert_int_equal(a->len, n);
	for (k = 0, p = a->val; k < n; k++, p += strlen(p) + 1)
		assert_string_equal(p, want[k]);
	free(want);
}

static void test_values(void **state)
{
	struct xlrt_xsb *b = xlrt_xsb_new(NULL);

	(void)state;
	assert_non_null(b);
	assert_int_equal(xlrt_xsb_read(b, "/t/a"), 0);
	assert_int_equal(xlrt_xsb_read(b, "/t/empty"), 0);
	assert_int_equal(xlrt_xsb_read(b, "/t/b"), 0);
	assert_int_equal(xlrt_xsb_directory(b, "/t/dir"), 0);
	assert_int_equal(xlrt_xsb_directory(b, "/t/leaf"), 0);
	assert_int_equal(xlrt_xsb_read(b, "/t/dir/y"), 0);
	assert_int_equal(xlrt_xsb_run(b), 0);
	want_value(b, 0, "alpha");
	want_value(b, 1, "");
	want_value(b, 2, "bravo");
	want_dir_as_xs(b, 3, "/t/dir");
	assert_int_equal(xlrt_xsb_answer(b, 3)->len, 3);
	want_dir_as_xs(b, 4, "/t/leaf");
	assert_int_equal(xlrt_xsb_answer(b, 4)->len, 0);
	want_value(b, 5, "2");
	/* past the last answer */
	want_err(b, 6, -EINVAL);
	xlrt_xsb_free(b);
}

static void test_errors(void **state)
{
	struct xlrt_xsb *b = xlrt_xsb_new(NULL);
	char *daemon_long = malloc(3501), *msg_long = malloc(5001);

	(void)state;
	assert_non_null(b);
	assert_non_null(daemon_long);
	assert_non_null(msg_long);
	/* within one message but beyond XENSTORE_ABS_PATH_MAX (3072) */
	memset(daemon_long, 'x', 3500);
	memcpy(daemon_long, "/t/", 3);
	daemon_long[3500] = '\0';
	/* beyond XENSTORE_PAYLOAD_MAX: never sent */
	memset(msg_long, 'y', 5000);
	memcpy(msg_long, "/t/", 3);
	msg_long[5000] = '\0';
	xlrt_xsb_read(b, "/t/missing");
	xlrt_xsb_directory(b, "/t/missing");
	xlrt_xsb_directory(b, "/t/...");
	xlrt_xsb_read(b, "/t/bad path");
	xlrt_xsb_read(b, "/t//a");
	xlrt_xsb_read(b, daemon_long);
	xlrt_xsb_read(b, msg_long);
	xlrt_xsb_read(b, "/t/a");	/* the connection still serves */
	assert_int_equal(xlrt_xsb_run(b), 0);
	want_err(b, 0, -ENOENT);
	want_err(b, 1, -ENOENT);
	want_err(b, 2, -EINVAL);
	want_err(b, 3, -EINVAL);
	want_err(b, 4, -EINVAL);
	/* xenstored-kvm refuses an over-long path as Xen's does: EINVAL */
	want_err(b, 5, -EINVAL);
	want_err(b, 6, -E2BIG);
	want_value(b, 7, "alpha");
	/* libxenstore agrees on each */
	errno = 0;
	assert_null(xs_read(xs, XBT_NULL, daemon_long, NULL));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(xs_read(xs, XBT_NULL, msg_long, NULL));
	assert_int_equal(errno, E2BIG);
	free(daemon_long);
	free(msg_long);
	xlrt_xsb_free(b);
}

static void test_second_round(void **state)
{
	unsigned long long before, first, second;
	int n0 = sockets(&before), n1, n2;
	struct xlrt_xsb *b = xlrt_xsb_new(NULL);

	(void)state;
	assert_non_null(b);
	/* an empty run asks nothing and connects to nothing */
	assert_int_equal(xlrt_xsb_run(b), 0);
	assert_int_equal(sockets(&first), n0);
	xlrt_xsb_read(b, "/t/a");
	assert_int_equal(xlrt_xsb_run(b), 0);
	want_value(b, 0, "alpha");
	n1 = sockets(&first);
	assert_int_equal(n1, n0 + 1);
	xlrt_xsb_read(b, "/t/b");
	xlrt_xsb_read(b, "/t/missing");
	xlrt_xsb_read(b, "/t/a");
	assert_int_equal(xlrt_xsb_run(b), 0);
	/* the first round's answers are gone, the new ones numbered from 0 */
	want_value(b, 0, "bravo");
	want_err(b, 1, -ENOENT);
	want_value(b, 2, "alpha");
	want_err(b, 3, -EINVAL);
	n2 = sockets(&second);
	/* the same socket: no new connection */
	assert_int_equal(n2, n1);
	assert_true(second == first);
	xlrt_xsb_free(b);
	assert_int_equal(sockets(&second), n0);
	assert_true(second == before);
}

static void test_many(void **state)
{
	struct xlrt_xsb *b = xlrt_xsb_new(NULL);
	char path[64], want[32];
	int i;

	(void)state;
	assert_non_null(b);
	for (i = 0; i < 20000; i++) {
		snprintf(path, sizeof(path), "/t/many/%d", (i * 37) % 200);
		assert_int_equal(xlrt_xsb_read(b, path), 0);
	}
	xlrt_xsb_directory(b, "/t/many");
	assert_int_equal(xlrt_xsb_run(b), 0);
	for (i = 0; i < 20000; i++) {
		snprintf(want, sizeof(want), "value-%d", ((i * 37) % 200) * 7);
		want_value(b, (size_t)i, want);
	}
	assert_int_equal(xlrt_xsb_answer(b, 20000)->len, 200);
	want_dir_as_xs(b, 20000, "/t/many");
	xlrt_xsb_free(b);
}

/* With no daemon to reach and no handle to fall back on, a batch's read
 * is refused, and says so. */
static void refused_without_handle(void)
{
	struct xlrt_xsb *b = xlrt_xsb_new(NULL);

	assert_non_null(b);
	xlrt_xsb_read(b, "/t/a");
	assert_int_equal(xlrt_xsb_run(b), -ECONNREFUSED);
	want_err(b, 0, -ECONNREFUSED);
	xlrt_xsb_free(b);
}

/* XENSTORED_RUNDIR/socket when XENSTORED_PATH is unset; XENSTORED_PATH
 * first when both are. */
static void test_socket_lookup(void **state)
{
	const char *run = getenv("XS_RUN");
	struct xlrt_xsb *b;

	(void)state;
	assert_non_null(run);
	unsetenv("XENSTORED_PATH");
	setenv("XENSTORED_RUNDIR", run, 1);
	b = xlrt_xsb_new(NULL);
	assert_non_null(b);
	xlrt_xsb_read(b, "/t/a");
	assert_int_equal(xlrt_xsb_run(b), 0);
	want_value(b, 0, "alpha");
	setenv("XENSTORED_PATH", "/nonexistent/socket", 1);
	xlrt_xsb_free(b);	/* a new batch connects anew */
	refused_without_handle();
	env_daemon();
}

/* Not a socket: every request through the caller's libxenstore handle. */
static void test_fallback(void **state)
{
	char file[] = "/tmp/xs_batch_notsock.XXXXXX";
	unsigned long long before, after;
	int fd = mkstemp(file), n0 = sockets(&before);
	struct xlrt_xsb *b;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	setenv("XENSTORED_PATH", file, 1);
	b = xlrt_xsb_new(xs);
	assert_non_null(b);
	xlrt_xsb_read(b, "/t/a");
	xlrt_xsb_read(b, "/t/empty");
	xlrt_xsb_directory(b, "/t/dir");
	xlrt_xsb_read(b, "/t/missing");
	xlrt_xsb_directory(b, "/t/...");
	assert_int_equal(xlrt_xsb_run(b), 0);
	want_value(b, 0, "alpha");
	want_value(b, 1, "");
	want_dir_as_xs(b, 2, "/t/dir");
	want_err(b, 3, -ENOENT);
	want_err(b, 4, -EINVAL);
	/* no socket of ours was opened: the handle answered */
	assert_int_equal(sockets(&after), n0);
	assert_true(after == before);
	/* and without the handle nothing answers */
	xlrt_xsb_free(b);
	refused_without_handle();
	unlink(file);
	env_daemon();
}

/* No daemon: no file there, or a socket file nobody listens on. */
static void test_no_daemon(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[] = "/tmp/xs_batch_dead.XXXXXX";
	struct xlrt_xsb *b;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/socket", dir);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);	/* the file stays, nothing listens */
	setenv("XENSTORED_PATH", sa.sun_path, 1);
	b = xlrt_xsb_new(NULL);
	assert_non_null(b);
	xlrt_xsb_read(b, "/t/a");
	xlrt_xsb_directory(b, "/t/dir");
	assert_int_equal(xlrt_xsb_run(b), -ECONNREFUSED);
	want_err(b, 0, -ECONNREFUSED);
	want_err(b, 1, -ECONNREFUSED);
	want_err(b, 2, -ECONNREFUSED);	/* past the end: the run's error */
	setenv("XENSTORED_PATH", "/nonexistent/socket", 1);
	xlrt_xsb_read(b, "/t/a");
	assert_int_equal(xlrt_xsb_run(b), -ECONNREFUSED);
	want_err(b, 0, -ECONNREFUSED);
	xlrt_xsb_free(b);
	unlink(sa.sun_path);
	rmdir(dir);
	env_daemon();
}

/*
 * A scripted daemon: it reads the requests of one batch (count of them)
 * and answers as told: a watch event before the first answer, then
 * either every answer, one with a wrong request id, or a hang-up after
 * the first.
 */
enum script { SCRIPT_EVENT, SCRIPT_BAD_ID, SCRIPT_HANGUP };
struct fake {
	int lfd;
	enum script script;
	int count;
};

static void send_msg(int fd, uint32_t type, uint32_t id, const char *body,
		     size_t len)
{
	struct xsd_sockmsg h = { type, id, 0, (uint32_t)len };

	/* the client may have hung up: no SIGPIPE, no assertion here */
	if (send(fd, &h, sizeof(h), MSG_NOSIGNAL) == (ssize_t)sizeof(h))
		send(fd, body, len, MSG_NOSIGNAL);
}

static void *fake_daemon(void *arg)
{
	struct fake *f = arg;
	int fd = accept(f->lfd, NULL, NULL), i;
	static const char ev[] = "/t/a\0tok";

	for (i = 0; fd >= 0 && i < f->count; i++) {
		struct xsd_sockmsg h;
		char path[4096];

		if (read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) ||
		    h.len > sizeof(path) || read(fd, path, h.len) != (ssize_t)h.len)
			break;
		if (i == 0)
			send_msg(fd, XS_WATCH_EVENT, 0, ev, sizeof(ev));
		if (f->script == SCRIPT_HANGUP && i == 1)
			break;
		if (f->script == SCRIPT_BAD_ID && i == 1)
			h.req_id += 100;
		send_msg(fd, h.type, h.req_id, "v", 1);
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void run_fake(enum script script, int want_run, int want_second)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[] = "/tmp/xs_batch_fake.XXXXXX";
	struct fake f = { .script = script, .count = 3 };
	struct xlrt_xsb *b;
	pthread_t t;

	assert_non_null(mkdtemp(dir));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/socket", dir);
	f.lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(f.lfd >= 0);
	assert_int_equal(bind(f.lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f.lfd, 1), 0);
	assert_int_equal(pthread_create(&t, NULL, fake_daemon, &f), 0);
	setenv("XENSTORED_PATH", sa.sun_path, 1);
	b = xlrt_xsb_new(NULL);
	assert_non_null(b);
	xlrt_xsb_read(b, "/t/a");
	xlrt_xsb_read(b, "/t/b");
	xlrt_xsb_read(b, "/t/c");
	assert_int_equal(xlrt_xsb_run(b), want_run);
	want_value(b, 0, "v");	/* the watch event before it ignored */
	if (want_second)
		want_err(b, 1, want_second);
	else
		want_value(b, 1, "v");
	if (want_run)
		want_err(b, 2, want_run);
	else
		want_value(b, 2, "v");
	xlrt_xsb_free(b);
	pthread_join(t, NULL);
	close(f.lfd);
	unlink(sa.sun_path);
	rmdir(dir);
	env_daemon();
}

static void test_fake_event_ignored(void **state)
{
	(void)state;
	run_fake(SCRIPT_EVENT, 0, 0);
}

static void test_fake_bad_id(void **state)
{
	(void)state;
	run_fake(SCRIPT_BAD_ID, -EPROTO, -EPROTO);
}

static void test_fake_hangup(void **state)
{
	(void)state;
	run_fake(SCRIPT_HANGUP, -ECONNRESET, -ECONNRESET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_second_round),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_socket_lookup),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_no_daemon),
		cmocka_unit_test(test_fake_event_ignored),
		cmocka_unit_test(test_fake_bad_id),
		cmocka_unit_test(test_fake_hangup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
