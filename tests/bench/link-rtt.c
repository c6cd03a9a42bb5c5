/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * link-rtt: round-trip latency benchmark of the guest link (static, runs in
 * the guest and on the host).
 *
 *   link-rtt guest ECHO_PORT ECHO_SOCKET XS_SOCKET N
 *       in the guest, interleaved in rounds so drift hits all alike:
 *       raw    a 23-byte message (an XS_READ request) echoed by the host over the virtio-serial
 *              port named ECHO_PORT, no layer of ours (the baseline)
 *       layer  the same message echoed by a host echo server through the
 *              agent, the link and xen-kvm-linkd (ECHO_SOCKET is an agent's
 *              XenStore socket whose linkd points at `link-rtt echo-listen`)
 *       xsread an XS_READ of data/x answered by XenStore through the link
 *       local  the same message echoed by another guest process over a
 *              socketpair: the price of the guest's extra process hop alone
 *       exec   a whole `xenstore-read data/x` process against XS_SOCKET
 *       and prints the median of each in microseconds and the ratios.
 *   link-rtt echo-connect PATH   host: connect to QEMU's chardev, echo
 *   link-rtt echo-listen PATH    host: serve PATH, echo every connection
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

static int open_port(const char *name)
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
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
			closedir(d);
			fd = open(path, O_RDWR);
			if (fd < 0)
				die(path);
			return fd;
		}
	}
	fprintf(stderr, "link-rtt: no port named %s\n", name);
	exit(1);
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

static const char *exec_socket;

static void exec_once(int unused)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		setenv("XENSTORED_PATH", exec_socket, 1);
		execlp("xenstore-read", "xenstore-read", "data/x", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "link-rtt: xenstore-read failed\n");
		exit(1);
	}
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

static int guest(const char *port, const char *echo_sock, const char *xs_sock, int n)
{
	enum { RAW, LAYER, XSREAD, LOCAL, EXEC, MODES };
	static const char *const names[MODES] = { "raw", "layer", "xsread", "local", "exec" };
	int fds[MODES] = { open_port(port), unix_connect(echo_sock),
			   unix_connect(xs_sock), local_echo(), -1 };
	void (*ops[MODES])(int) = { echo_once, echo_once, xsread_once, echo_once, exec_once };
	int per[MODES] = { n, n, n, n, n / 20 > 5 ? n / 20 : 5 };
	double *s[MODES], med[MODES];

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
		printf("link-rtt: %-6s %6d round trips, median %9.1f us\n",
		       names[m], per[m] * ROUNDS, med[m]);
	}
	printf("link-rtt: ratio layer/raw %.2f (echo through agent+link+linkd vs the bare port)\n",
	       med[LAYER] / med[RAW]);
	printf("link-rtt: ratio xsread/raw %.2f (XS_READ through to XenStore vs the bare port echo)\n",
	       med[XSREAD] / med[RAW]);
	printf("link-rtt: layer - raw = %.1f us; a guest-local process echo costs %.1f us\n",
	       med[LAYER] - med[RAW], med[LOCAL]);
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
	if (argc == 6 && !strcmp(argv[1], "guest"))
		return guest(argv[2], argv[3], argv[4], atoi(argv[5]) > 0 ? atoi(argv[5]) : 100);
	if (argc == 3 && !strcmp(argv[1], "echo-connect")) {
		echo_loop(unix_connect(argv[2]));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "echo-listen"))
		return echo_listen(argv[2]);
	fprintf(stderr, "usage: link-rtt guest ECHO_PORT ECHO_SOCKET XS_SOCKET N\n"
		"       link-rtt echo-connect PATH | echo-listen PATH\n");
	return 2;
}
