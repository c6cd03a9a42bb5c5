/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the QMP client against a scripted fake QEMU (a child
 * process on a Unix socket): a greeting split across writes, several
 * messages in one write, events queued in order around a reply, an error
 * without "id", a timed-out command whose late reply must not be taken for
 * the next one, the event-loop calls, and QEMU going away.
 */
#include <errno.h>
#include <poll.h>
#include <linux/sockios.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "xlrt_test.h"
#include "qmp.h"

static char *tmp;
static char sock[256];
static pid_t server;

#define GREETING "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 2, " \
	"\"minor\": 0, \"major\": 10}, \"package\": \"\"}, " \
	"\"capabilities\": [\"oob\"]}}\r\n"
/* How long the client waits for the fake's answers: only load delays them. */
#define WAIT_MS 10000
#define TS "\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5}"

/* Server side: read one command line, return its id and name. */
static long read_cmd(FILE *in, char *name, size_t len)
{
	char line[4096];
	json_object *o, *v;
	long id = -1;

	if (!fgets(line, sizeof(line), in))
		_exit(3);
	o = json_tokener_parse(line);
	if (!o)
		_exit(4);
	if (json_object_object_get_ex(o, "id", &v))
		id = json_object_get_int64(v);
	json_object_object_get_ex(o, "execute", &v);
	snprintf(name, len, "%s", json_object_get_string(v));
	json_object_put(o);
	return id;
}

static void say(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		_exit(5);
}

static void sayf(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sayf(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say(fd, buf);
}

static void expect(FILE *in, const char *want, long *id)
{
	char name[128];

	*id = read_cmd(in, name, sizeof(name));
	if (strcmp(name, want))
		_exit(6);
}

static void fake_qemu(int lfd)
{
	int fd = accept(lfd, NULL, NULL);
	FILE *in = fdopen(dup(fd), "r");
	char half[sizeof(GREETING)];
	long id, slow;

	/* Greeting in two pieces, the second once the client has read the
	 * first (nothing of it left unread in the socket). */
	memcpy(half, GREETING, 29);
	half[29] = '\0';
	say(fd, half);
	for (int i = 0, unread = 1; unread; i++) {
		if (ioctl(fd, SIOCOUTQ, &unread) || i == 10000)
			_exit(7);
		if (unread)
			usleep(1000);
	}
	say(fd, &GREETING[29]);
	expect(in, "qmp_capabilities", &id);
	sayf(fd, "{\"return\": {}, \"id\": %ld}\r\n", id);

	/* An event, the reply and another event in one write. */
	expect(in, "x-batch", &id);
	sayf(fd, "{\"event\": \"STOP\", " TS "}\r\n{\"return\": {\"ok\": 1}, "
	     "\"id\": %ld}\r\n{\"event\": \"RESUME\", " TS "}\r\n", id);

	/* QEMU answers unparsable input without an id. */
	expect(in, "x-noid", &id);
	say(fd, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
	    "\"JSON parse error\"}}\r\n");

	/* No answer to x-slow until x-after came; then both, late one first. */
	expect(in, "x-slow", &slow);
	expect(in, "x-after", &id);
	sayf(fd, "{\"return\": {\"who\": \"slow\"}, \"id\": %ld}\r\n", slow);
	sayf(fd, "{\"return\": {\"who\": \"after\"}, \"id\": %ld}\r\n", id);

	/* Event-loop use; a DEVICE_DELETED with data before the reply. */
	expect(in, "x-loop", &id);
	sayf(fd, "{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
	     "\"d1\"}, " TS "}\r\n{\"return\": [1, 2], \"id\": %ld}\r\n", id);

	/* Then QEMU exits in the middle of a command. */
	expect(in, "x-bye", &id);
	_exit(0);
}

static int start_server(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd;

	snprintf(sock, sizeof(sock), "%s/qmp.sock", tmp);
	strcpy(sa.sun_path, sock);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(lfd, 1))
		return -1;
	server = fork();
	if (server == 0)
		fake_qemu(lfd);
	close(lfd);
	return server > 0 ? 0 : -1;
}

static int stop_server(void **state)
{
	int status;

	kill(server, SIGKILL);
	waitpid(server, &status, 0);
	return 0;
}

static void conversation(void **state)
{
	struct xlrt_qmp *q;
	struct xlrt_qmp_event *ev;
	json_object *ret, *v;
	struct pollfd p;
	char err[256];
	int64_t id;
	int a, b, c, r;

	assert_int_equal(xlrt_qmp_connect(sock, WAIT_MS, &q, err, sizeof(err)),
			 0);
	xlrt_qmp_version(q, &a, &b, &c);
	assert_int_equal(a * 10000 + b * 100 + c, 100002);

	assert_int_equal(xlrt_qmp_execute(q, "x-batch", NULL, &ret, WAIT_MS), 0);
	assert_true(json_object_object_get_ex(ret, "ok", &v));
	assert_int_equal(json_object_get_int(v), 1);
	json_object_put(ret);
	/* Both events queued, in order, the one after the reply included. */
	assert_int_equal(xlrt_qmp_wait_event(q, "RESUME", 0, &ev), 0);
	assert_string_equal(ev->name, "RESUME");
	xlrt_qmp_event_free(ev);
	ev = xlrt_qmp_next_event(q);
	assert_non_null(ev);
	assert_string_equal(ev->name, "STOP");
	assert_int_equal(ev->seconds, 1700000000);
	assert_int_equal(ev->microseconds, 5);
	xlrt_qmp_event_free(ev);
	assert_null(xlrt_qmp_next_event(q));

	assert_int_equal(xlrt_qmp_execute(q, "x-noid", NULL, NULL, WAIT_MS),
			 -EREMOTEIO);
	assert_string_equal(xlrt_qmp_error_class(q), "GenericError");
	assert_string_equal(xlrt_qmp_strerror(q),
			    "x-noid: GenericError: JSON parse error");

	assert_int_equal(xlrt_qmp_execute(q, "x-slow", NULL, NULL, 100),
			 -ETIMEDOUT);
	assert_string_equal(xlrt_qmp_strerror(q),
			    "x-slow: no reply from QEMU within 100 ms");
	assert_int_equal(xlrt_qmp_execute(q, "x-after", NULL, &ret, WAIT_MS), 0);
	assert_true(json_object_object_get_ex(ret, "who", &v));
	assert_string_equal(json_object_get_string(v), "after");
	json_object_put(ret);

	/* Event loop: send, poll the fd, read, take the reply. */
	assert_int_equal(xlrt_qmp_send(q, "x-loop", NULL, &id, WAIT_MS), 0);
	do {
		p = (struct pollfd){ .fd = xlrt_qmp_fd(q), .events = POLLIN };
		assert_int_equal(poll(&p, 1, WAIT_MS), 1);
		assert_int_equal(xlrt_qmp_read_input(q), 0);
		r = xlrt_qmp_take_reply(q, id, &ret);
	} while (r == -EAGAIN);
	assert_int_equal(r, 0);
	assert_int_equal(json_object_array_length(ret), 2);
	json_object_put(ret);
	ev = xlrt_qmp_next_event(q);
	assert_string_equal(ev->name, "DEVICE_DELETED");
	assert_true(json_object_object_get_ex(ev->data, "device", &v));
	assert_string_equal(json_object_get_string(v), "d1");
	xlrt_qmp_event_free(ev);

	assert_int_equal(xlrt_qmp_execute(q, "x-bye", NULL, NULL, WAIT_MS),
			 -ECONNRESET);
	assert_non_null(strstr(xlrt_qmp_strerror(q), "QEMU"));
	/* Later calls fail at once, with the same reason. */
	assert_int_equal(xlrt_qmp_execute(q, "x-more", NULL, NULL, WAIT_MS),
			 -ECONNRESET);
	assert_int_equal(xlrt_qmp_wait_event(q, "STOP", 2000, &ev),
			 -ECONNRESET);
	xlrt_qmp_close(q);
}

static void connect_failures(void **state)
{
	struct xlrt_qmp *q;
	char err[256], path[300];

	snprintf(path, sizeof(path), "%s/none.sock", tmp);
	assert_int_equal(xlrt_qmp_connect(path, 100, &q, err, sizeof(err)),
			 -ENOENT);
	assert_null(q);
	assert_non_null(strstr(err, "none.sock"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(conversation, start_server,
						stop_server),
		cmocka_unit_test(connect_failures),
	};
	int r;

	signal(SIGPIPE, SIG_IGN);
	tmp = xlrt_tmpdir();
	r = cmocka_run_group_tests(tests, NULL, NULL);
	xlrt_rm_rf(tmp);
	free(tmp);
	return r;
}
