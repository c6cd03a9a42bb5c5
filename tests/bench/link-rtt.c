/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * link-rtt: round-trip latency benchmark of the guest link (static, runs in
 * the guest and on the host).
 *
 *   link-rtt guest ECHO_PORT RELAY_PORT ECHO_SOCKET XS_PORT XS_PORT2 XS_SOCKET N
 *       in the guest, interleaved in rounds so drift hits all alike:
 *       raw     a 23-byte message (an XS_READ request) echoed by the host over
 *               the virtio-serial port named ECHO_PORT, no layer of ours
 *       layer   the same message echoed by a host echo server through the
 *               agent, the link and xen-kvm-linkd (ECHO_SOCKET is an agent's
 *               XenStore socket whose linkd points at `link-rtt echo-listen`)
 *       xsraw   an XS_READ of data/x over the port named XS_PORT, which QEMU
 *               joins straight to the domain's xenstored-kvm socket: XenStore
 *               without our layer (the baseline of xsread)
 *       xsread  the same XS_READ through the agent, the link and linkd
 *       local   the 23-byte message echoed by another guest process over a
 *               socketpair: the price of a guest process hop alone
 *       relay   the 23-byte message through the cheapest relay a guest can
 *               have: a child process in a poll() loop between a socketpair
 *               and the bare port RELAY_PORT, echoed by the host (what any
 *               design that serves XenStore clients through a guest process
 *               costs at least)
 *       execraw a whole unmodified `xenstore-read data/x` process talking to
 *               the bare port XS_PORT2 (joined to xenstored-kvm like XS_PORT)
 *               through XENSTORED_PATH=/dev/vportNpM: libxenstore opens a
 *               path that is not a socket as its xenbus device
 *       exec    the same command the way guests run it, through the agent's
 *               XS_SOCKET
 *       and prints the median of each in microseconds and the ratios.
 *   link-rtt echo-connect PATH   host: connect to QEMU's chardev, echo
 *   link-rtt echo-listen PATH    host: serve PATH, echo every connection
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5

/* an XS_READ of data/x (request id 1): the header, then "data/x" and its NUL */
static const char msg[] = "\x02\0\0\0\x01\0\0\0\0\0\0\0\x07\0\0\0data/x";

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Connect, retrying for up to 10 s while the server starts. */
static int unix_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	for (int i = 0; i < 100; i++) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		if (fd < 0)
			die("socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		usleep(100000);
	}
	die(path);
	return -1;
}

/* The /dev path of the virtio-serial port called name. */
static void port_path(const char *name, char *dev, size_t size)
{
	DIR *d = opendir("/sys/class/virtio-ports");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[PATH_MAX], buf[128] = "";
		int fd;

		snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
		buf[strcspn(buf, "\n")] = '\0';
		if (!strcmp(buf, name)) {
			snprintf(dev, size, "/dev/%s", e->d_name);
			closedir(d);
			return;
		}
	}
	fprintf(stderr, "link-rtt: no port named %s\n", name);
	exit(1);
}

static int open_port(const char *name)
{
	char dev[PATH_MAX];
	int fd;

	port_path(name, dev, sizeof(dev));
	fd = open(dev, O_RDWR);
	if (fd < 0)
		die(dev);
	return fd;
}

static void read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n <= 0)
			die("read");
		got += (size_t)n;
	}
}

static void write_full(int fd, const void *buf, size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len)
		die("write");
}

/* One echo round trip of msg. */
static void echo_once(int fd)
{
	char back[sizeof(msg)];

	write_full(fd, msg, sizeof(back));
	read_full(fd, back, sizeof(back));
	if (memcmp(back, msg, sizeof(back))) {
		fprintf(stderr, "link-rtt: echo corrupted\n");
		exit(1);
	}
}

/* One XS_READ round trip: the reply header, then its payload. */
static void xsread_once(int fd)
{
	uint32_t h[4];
	char body[4096];

	write_full(fd, msg, sizeof(msg));
	read_full(fd, h, sizeof(h));
	if (h[0] != 2 || h[3] > sizeof(body)) {
		fprintf(stderr, "link-rtt: XS_READ failed (type %u)\n", h[0]);
		exit(1);
	}
	read_full(fd, body, h[3]);
}

/* Where the xenstore-read of exec_once() and execraw_once() connects. */
static const char *exec_socket, *exec_raw_port;

static void exec_at(const char *path)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		setenv("XENSTORED_PATH", path, 1);
		execlp("xenstore-read", "xenstore-read", "data/x", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "link-rtt: xenstore-read failed\n");
		exit(1);
	}
}

static void exec_once(int unused)
{
	exec_at(exec_socket);
}

static void execraw_once(int unused)
{
	exec_at(exec_raw_port);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Run op n times on fd; store each sample. */
static void sample(void (*op)(int), int fd, int n, double *out)
{
	for (int i = 0; i < n; i++) {
		double t = now_us();

		op(fd);
		out[i] = now_us() - t;
	}
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

static void echo_loop(int fd);

/* A socketpair whose other end a child process echoes. */
static int local_echo(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	if (fork() == 0) {
		close(sv[0]);
		echo_loop(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	return sv[0];
}

/* A socketpair whose other end a child relays to and from the port called name. */
static int min_relay(const char *name)
{
	int sv[2], port = open_port(name);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	if (fork() == 0) {
		char buf[4096];
		ssize_t n;

		close(sv[0]);
		for (;;) {
			struct pollfd p[2] = { { sv[1], POLLIN, 0 }, { port, POLLIN, 0 } };

			if (poll(p, 2, -1) < 0)
				_exit(1);
			if (p[0].revents) {
				n = read(sv[1], buf, sizeof(buf));
				if (n <= 0 || write(port, buf, (size_t)n) != n)
					_exit(0);
			}
			if (p[1].revents) {
				n = read(port, buf, sizeof(buf));
				if (n <= 0 || write(sv[1], buf, (size_t)n) != n)
					_exit(0);
			}
		}
	}
	close(sv[1]);
	close(port);
	return sv[0];
}

static int guest(const char *port, const char *relay_port, const char *echo_sock, const char *xs_port,
		 const char *xs_port2, const char *xs_sock, int n)
{
	enum { RAW, LAYER, XSRAW, XSREAD, LOCAL, RELAY, EXECRAW, EXEC, MODES };
	static const char *const names[MODES] = {
		"raw", "layer", "xsraw", "xsread", "local", "relay", "execraw", "exec"
	};
	char raw_dev[PATH_MAX];
	int fds[MODES] = { open_port(port), unix_connect(echo_sock), open_port(xs_port),
			   unix_connect(xs_sock), local_echo(), min_relay(relay_port),
			   -1, -1 };
	void (*ops[MODES])(int) = { echo_once, echo_once, xsread_once, xsread_once,
				    echo_once, echo_once, execraw_once, exec_once };
	int nexec = n / 8 > 5 ? n / 8 : 5;	/* a process each: fewer, but enough for a steady median */
	int per[MODES] = { n, n, n, n, n, n, nexec, nexec };
	double *s[MODES], med[MODES];

	port_path(xs_port2, raw_dev, sizeof(raw_dev));
	exec_raw_port = raw_dev;
	exec_socket = xs_sock;
	for (int m = 0; m < MODES; m++) {
		s[m] = calloc((size_t)per[m] * ROUNDS, sizeof(double));
		if (!s[m])
			die("calloc");
		sample(ops[m], fds[m], per[m] / 10 + 1, s[m]);	/* warm up */
	}
	for (int r = 0; r < ROUNDS; r++)
		for (int m = 0; m < MODES; m++)
			sample(ops[m], fds[m], per[m], s[m] + r * per[m]);
	for (int m = 0; m < MODES; m++) {
		med[m] = median(s[m], per[m] * ROUNDS);
		printf("link-rtt: %-7s %6d round trips, median %9.1f us\n",
		       names[m], per[m] * ROUNDS, med[m]);
	}
	printf("link-rtt: ratio layer/raw %.2f (a message echoed through agent+link+linkd vs the bare port)\n",
	       med[LAYER] / med[RAW]);
	printf("link-rtt: ratio xsread/xsraw %.2f (an XS_READ through our layer vs the bare port to xenstored-kvm)\n",
	       med[XSREAD] / med[XSRAW]);
	printf("link-rtt: ratio exec/execraw %.2f (a whole unmodified xenstore-read through our layer vs the bare port)\n",
	       med[EXEC] / med[EXECRAW]);
	printf("link-rtt: xsread - xsraw = %.1f us; a guest-local process echo costs %.1f us\n",
	       med[XSREAD] - med[XSRAW], med[LOCAL]);
	printf("link-rtt: ratio relay/raw %.2f (the cheapest guest relay process vs the bare port: "
	       "the floor of any design with one)\n", med[RELAY] / med[RAW]);
	printf("link-rtt: layer - relay = %.1f us (agent+link+linkd beyond that cheapest relay)\n",
	       med[LAYER] - med[RELAY]);
	return 0;
}

static void echo_loop(int fd)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
}

static int echo_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0), fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 16) < 0)
		die(path);
	signal(SIGCHLD, SIG_IGN);
	while ((fd = accept(lfd, NULL, NULL)) >= 0) {
		if (fork() == 0) {
			close(lfd);
			echo_loop(fd);
			_exit(0);
		}
		close(fd);
	}
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 9 && !strcmp(argv[1], "guest"))
		return guest(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7],
			     atoi(argv[8]) > 0 ? atoi(argv[8]) : 100);
	if (argc == 3 && !strcmp(argv[1], "echo-connect")) {
		echo_loop(unix_connect(argv[2]));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "echo-listen"))
		return echo_listen(argv[2]);
	fprintf(stderr, "usage: link-rtt guest ECHO_PORT RELAY_PORT ECHO_SOCKET XS_PORT XS_PORT2 XS_SOCKET N\n"
		"       link-rtt echo-connect PATH | echo-listen PATH\n");
	return 2;
}
