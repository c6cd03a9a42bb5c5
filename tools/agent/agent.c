/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xen-kvm-agent: the guest end of the guest link.  Serves XenStore clients on
 * /var/run/xenstored/socket by relaying each connection, byte for byte, over
 * its own `xenstore` stream; over one more, runs the shutdown driver and
 * publishes the guest's facts (data/, attr/vif/); reconnects when the host
 * end goes away.  The link rides the virtio-serial port, or vsock where the
 * guest has it (port.h).  One poll() loop, no other dependency.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tools/agent/link.h"
#include "tools/agent/port.h"
#include "tools/agent/publish.h"
#include "tools/agent/shutdown.h"
#include "tools/agent/xsclient.h"

#define DEFAULT_PORT	"org.xenkvm.link"
#define DEFAULT_SOCKET	"/var/run/xenstored/socket"
#define RETRY_MS	200
#define MAX_CLIENTS	(LINK_MAX_STREAMS - 1)	/* one stream is the agent's own */
#define INFO_INTERVAL_S	60
#define IO_CHUNK	16384

struct client {
	int fd;			/* -1: slot free */
	int64_t id;		/* its stream */
	bool closing;		/* stream closed by the host: drain, then close */
};

static struct {
	struct port port;
	struct link *link;
	struct xsc xs;		/* the agent's own XenStore client */
	struct shutdown_drv drv;
	struct publish pub;
	bool guest_info;	/* publish data/ and attr/ */
	int listen_fd;
	const char *socket_path;
	const char *power_cmd;
	bool connected;		/* the host end is there and HELLO was sent */
	bool said_waiting;	/* "waiting" was logged for this outage */
	struct client c[MAX_CLIENTS];
} A;

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static struct client *client_by_id(uint32_t id)
{
	for (unsigned i = 0; i < MAX_CLIENTS; i++)
		if (A.c[i].fd >= 0 && A.c[i].id == id)
			return &A.c[i];
	return NULL;
}

static void client_drop(struct client *c)
{
	link_close(A.link, (uint32_t)c->id);
	close(c->fd);
	c->fd = -1;
	c->closing = false;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void cb_up(void *opaque)
{
	xsc_link_up(&A.xs);
}

/* The host never opens streams toward the agent in this version. */
static int cb_open(void *opaque, uint32_t id, const char *kind)
{
	fprintf(stderr, "xen-kvm-agent: refusing host stream of kind %s\n", kind);
	return -ENOTSUP;
}

static void cb_accepted(void *opaque, uint32_t id)
{
	if (id != xsc_stream(&A.xs))
		return;
	xsc_accepted(&A.xs);
	shutdown_start(&A.drv);
	if (A.guest_info)
		publish_start(&A.pub, now_ms());
}

static void cb_readable(void *opaque, uint32_t id)
{
	if (id == xsc_stream(&A.xs))
		xsc_readable(&A.xs);
}

static void cb_writable(void *opaque, uint32_t id)
{
	if (id == xsc_stream(&A.xs))
		xsc_writable(&A.xs);
}

static void cb_closed(void *opaque, uint32_t id)
{
	struct client *c;

	if (id == xsc_stream(&A.xs)) {
		xsc_closed(&A.xs);
	} else if ((c = client_by_id(id))) {
		const void *p;

		if (link_peek(A.link, id, &p))
			c->closing = true;
		else
			client_drop(c);
	}
}

static const struct link_ops ops = {
	.up = cb_up,
	.open = cb_open,
	.accepted = cb_accepted,
	.readable = cb_readable,
	.writable = cb_writable,
	.closed = cb_closed,
};

static int mkdirs(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "xen-kvm-agent: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (mkdirs(path) < 0) {
		fprintf(stderr, "xen-kvm-agent: cannot create the directory of %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
		fprintf(stderr, "xen-kvm-agent: cannot listen on %s: %s\n",
			path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static struct client *free_client(void)
{
	for (unsigned i = 0; i < MAX_CLIENTS; i++)
		if (A.c[i].fd < 0)
			return &A.c[i];
	return NULL;
}

/* Called only when a slot is free and a stream can be opened. */
static void accept_client(void)
{
	struct client *c = free_client();
	int fd = accept4(A.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int64_t id;

	if (fd < 0)
		return;
	id = link_open(A.link, "xenstore");
	if (id < 0) {
		close(fd);
		return;
	}
	c->fd = fd;
	c->id = id;
	c->closing = false;
}

/*
 * Client -> link.  The space may have shrunk since poll() was set up (another
 * client filled the output queue): then read nothing, unless the client is
 * gone anyway.
 */
static void client_read(struct client *c, short revents)
{
	uint8_t buf[IO_CHUNK];
	size_t space = link_write_space(A.link, (uint32_t)c->id);
	ssize_t n;

	if (!space) {
		if (!(revents & POLLIN))
			client_drop(c);	/* POLLHUP or POLLERR */
		return;
	}
	if (space > sizeof(buf))
		space = sizeof(buf);
	n = read(c->fd, buf, space);
	if (n > 0)
		link_write(A.link, (uint32_t)c->id, buf, (size_t)n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		client_drop(c);
}

/* Link -> client. */
static void client_write(struct client *c)
{
	const void *p;
	size_t len = link_peek(A.link, (uint32_t)c->id, &p);
	ssize_t n = len ? write(c->fd, p, len) : 0;

	if (n > 0)
		link_consume(A.link, (uint32_t)c->id, (size_t)n);
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		client_drop(c);
	if (c->fd >= 0 && c->closing && !link_peek(A.link, (uint32_t)c->id, &p))
		client_drop(c);
}

static void link_down(void)
{
	A.connected = false;
	link_reset(A.link);
	port_lost(&A.port);
}

/* vsock: the host (re)connected; its new connection replaces the old one. */
static void transport_accept(void)
{
	if (!port_accept(&A.port))
		return;
	fprintf(stderr, "xen-kvm-agent: host connected over %s, %s the link\n",
		A.port.name, A.connected ? "restarting" : "starting");
	A.connected = true;
	A.said_waiting = false;
	link_start(A.link);
}

/* Input from the host; output leaves through flush_all(). */
static void port_io(short revents)
{
	if (revents & POLLIN) {
		uint8_t buf[IO_CHUNK];
		ssize_t n = read(A.port.fd, buf, sizeof(buf));

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			link_down();
		else if (n > 0 && link_input(A.link, buf, (size_t)n) < 0) {
			fprintf(stderr, "xen-kvm-agent: protocol error from the host, restarting the session\n");
			link_start(A.link);
		}
	} else if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		link_down();
	}
}

static void port_flush(void)
{
	size_t len;
	const void *p = link_output_peek(A.link, &len);
	ssize_t n = len ? write(A.port.fd, p, len) : 0;

	if (n > 0)
		link_output_consume(A.link, (size_t)n);
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		link_down();
}

/*
 * Write what is ready without waiting for poll() to say so: under TCG every
 * extra wake-up of the agent is a visible share of a round trip.
 */
static void flush_all(void)
{
	const void *p;

	for (unsigned i = 0; i < MAX_CLIENTS; i++)
		if (A.c[i].fd >= 0 && link_peek(A.link, (uint32_t)A.c[i].id, &p))
			client_write(&A.c[i]);
	if (A.connected)
		port_flush();
}

static void power(enum power_action a)
{
	fprintf(stderr, "xen-kvm-agent: %s requested by the host\n", power_action_name(a));
	if (A.power_cmd) {
		pid_t pid = fork();

		if (pid == 0) {
			execl(A.power_cmd, A.power_cmd, power_action_name(a), (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return;
	}
	sync();
	/* As Linux's xenbus handler: "halt" powers off too, so the domain ends. */
	if (reboot(a == POWER_REBOOT ? RB_AUTOBOOT : RB_POWER_OFF) < 0)
		perror("xen-kvm-agent: reboot");
}

/* Wake for the port's retry while the host is away, else for guest info. */
static int poll_timeout(void)
{
	int t = A.guest_info ? publish_timeout(&A.pub, now_ms()) : -1;

	if (!A.connected && (t < 0 || t > RETRY_MS))
		t = RETRY_MS;
	return t;
}

static void run(void)
{
	enum { P_PORT, P_ACCEPT, P_LISTEN, P_CLIENTS };
	struct pollfd pfd[P_CLIENTS + MAX_CLIENTS];
	int64_t polled[MAX_CLIENTS];	/* the stream each client slot was polled for */

	while (!stop) {
		size_t outlen;
		const void *p;
		enum power_action a;

		if (!A.connected) {
			A.connected = port_ready(&A.port);
			if (A.connected) {
				fprintf(stderr, "xen-kvm-agent: host end of %s is there, starting the link\n",
					A.port.name);
				link_start(A.link);
			} else if (!A.said_waiting) {
				fprintf(stderr, "xen-kvm-agent: waiting for the port %s and its host end\n",
					A.port.name);
			}
			A.said_waiting = !A.connected;
		}
		while ((a = shutdown_take_action(&A.drv)) != POWER_NONE)
			power(a);
		link_output_peek(A.link, &outlen);
		pfd[P_PORT].fd = A.connected ? A.port.fd : -1;
		pfd[P_PORT].events = POLLIN | (outlen ? POLLOUT : 0);
		pfd[P_ACCEPT].fd = A.port.listen_fd;
		pfd[P_ACCEPT].events = POLLIN;
		/* new clients wait in the backlog while no stream can be opened */
		pfd[P_LISTEN].fd = link_can_open(A.link) && free_client() ? A.listen_fd : -1;
		pfd[P_LISTEN].events = POLLIN;
		for (unsigned i = 0; i < MAX_CLIENTS; i++) {
			struct client *c = &A.c[i];
			struct pollfd *q = &pfd[P_CLIENTS + i];

			q->fd = c->fd;
			q->events = 0;
			polled[i] = c->fd >= 0 ? c->id : -1;
			if (c->fd < 0)
				continue;
			if (!c->closing && link_write_space(A.link, (uint32_t)c->id))
				q->events |= POLLIN;
			if (link_peek(A.link, (uint32_t)c->id, &p))
				q->events |= POLLOUT;
		}
		if (poll(pfd, P_CLIENTS + MAX_CLIENTS, poll_timeout()) < 0)
			continue;
		if (A.guest_info)
			publish_tick(&A.pub, now_ms());
		if (pfd[P_PORT].revents)
			port_io(pfd[P_PORT].revents);
		if (pfd[P_ACCEPT].revents & POLLIN)
			transport_accept();
		if (pfd[P_LISTEN].revents & POLLIN)
			accept_client();
		for (unsigned i = 0; i < MAX_CLIENTS; i++) {
			struct client *c = &A.c[i];
			short r = pfd[P_CLIENTS + i].revents;

			/* skip slots whose client went and came in between */
			if (c->fd >= 0 && c->id == polled[i] &&
			    (r & (POLLIN | POLLHUP | POLLERR)))
				client_read(c, r);
		}
		flush_all();
	}
}

/*
 * Listen on vsock if the guest has it; decided once, at start.  Returns 0
 * (vsock; or the serial port when vsock is not required and missing) or -1
 * after saying why the required vsock is missing.
 */
static int choose_vsock(bool required)
{
	char why[256];

	if (!port_vsock_cid(why, sizeof(why))) {
		if (!required)
			return 0;
		fprintf(stderr, "xen-kvm-agent: --transport vsock, but this guest has no vsock transport: %s\n",
			why);
		return -1;
	}
	if (port_vsock_listen(&A.port, !required) == 0)
		return 0;
	fprintf(stderr, "xen-kvm-agent: cannot listen on vsock port %u: %s%s%s\n",
		LINK_VSOCK_PORT, strerror(errno),
		required ? "" : "; using the port ", required ? "" : A.port.spec);
	return required ? -1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xen-kvm-agent [OPTION]...\n"
		"Serve XenStore inside a guest over the xen-kvm guest link.\n\n"
		"  --port NAME|PATH   virtio-serial port name (default " DEFAULT_PORT "),\n"
		"                     or a device or Unix socket path\n"
		"  --transport auto|serial|vsock\n"
		"                     auto (default): vsock if this guest has a vsock\n"
		"                     transport and --port is a name, else the port;\n"
		"                     vsock: fail without it\n"
		"  --socket PATH      XenStore socket to serve (default " DEFAULT_SOCKET ")\n"
		"  --power-command P  run P poweroff|reboot|halt instead of powering off\n"
		"  --no-guest-info    do not publish data/ and attr/vif/ (OS, memory,\n"
		"                     addresses)\n"
		"  --guest-info-interval S\n"
		"                     seconds between updates of memory and addresses\n"
		"                     (default 60)\n"
		"  --foreground       do not detach\n"
		"  --help             show this help\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "transport", required_argument, NULL, 't' },
		{ "socket", required_argument, NULL, 's' },
		{ "power-command", required_argument, NULL, 'c' },
		{ "no-guest-info", no_argument, NULL, 'n' },
		{ "guest-info-interval", required_argument, NULL, 'i' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *port = DEFAULT_PORT, *transport = "auto";
	bool foreground = false;
	unsigned long interval = INFO_INTERVAL_S;
	char *end;
	int o;

	A.socket_path = DEFAULT_SOCKET;
	A.guest_info = true;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'p': port = optarg; break;
		case 't': transport = optarg; break;
		case 's': A.socket_path = optarg; break;
		case 'c': A.power_cmd = optarg; break;
		case 'n': A.guest_info = false; break;
		case 'i':
			interval = strtoul(optarg, &end, 10);
			if (*end || !*optarg || !interval || interval > 86400) {
				usage(stderr);
				return 2;
			}
			break;
		case 'f': foreground = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || (strcmp(transport, "auto") &&
			       strcmp(transport, "serial") &&
			       strcmp(transport, "vsock"))) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	for (unsigned i = 0; i < MAX_CLIENTS; i++)
		A.c[i].fd = -1;
	port_init(&A.port, port);
	/* auto: a path (tests on a host) names the transport itself */
	if ((!strcmp(transport, "vsock") ||
	     (!strcmp(transport, "auto") && !strchr(port, '/'))) &&
	    choose_vsock(!strcmp(transport, "vsock")) < 0)
		return 1;
	A.link = link_new(LINK_ROLE_GUEST, &ops, NULL);
	if (!A.link)
		return 1;
	xsc_init(&A.xs, A.link);
	shutdown_init(&A.drv, &A.xs);
	publish_init(&A.pub, &A.xs, "", (unsigned)interval);
	A.listen_fd = listen_on(A.socket_path);
	if (A.listen_fd < 0)
		return 1;
	if (!foreground && daemon(0, 1) < 0) {
		perror("xen-kvm-agent: daemon");
		return 1;
	}
	run();
	unlink(A.socket_path);
	link_free(A.link);
	return 0;
}
