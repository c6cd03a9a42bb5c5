/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xen-kvm-linkd: the host end of one domain's guest link as a standalone
 * program.  Connects to QEMU's link chardev socket, runs the link relay on it,
 * and reconnects whenever the link drops, until it is told to stop.
 */
#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tools/agent/relay.h"

#define RETRY_MS	200

static struct {
	struct event_base *base;
	const char *link_path;
	const char *xenstore_path;
	struct link_relay *relay;
	struct event *retry;
	bool said_waiting;
} D;

static const char *xenstore_path(void *opaque)
{
	return D.xenstore_path;
}

static void schedule_retry(void)
{
	struct timeval tv = { 0, RETRY_MS * 1000 };

	evtimer_add(D.retry, &tv);
}

static void on_down(void *opaque, int err)
{
	fprintf(stderr, "xen-kvm-linkd: link %s lost (%s), reconnecting\n",
		D.link_path, err ? strerror(-err) : "end of file");
	link_relay_free(D.relay);
	D.relay = NULL;
	schedule_retry();
}

static const struct link_relay_ops ops = {
	.xenstore_path = xenstore_path,
	.down = on_down,
};

static void try_connect(evutil_socket_t unused, short what, void *arg)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	strcpy(sa.sun_path, D.link_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (!D.said_waiting)
			fprintf(stderr, "xen-kvm-linkd: waiting for %s: %s\n",
				D.link_path, strerror(errno));
		D.said_waiting = true;
		if (fd >= 0)
			close(fd);
		schedule_retry();
		return;
	}
	D.said_waiting = false;
	D.relay = link_relay_new(D.base, fd, &ops, NULL);
	if (!D.relay) {
		fprintf(stderr, "xen-kvm-linkd: out of memory\n");
		event_base_loopbreak(D.base);
	}
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	event_base_loopbreak(D.base);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xen-kvm-linkd --link PATH --xenstore PATH\n"
		"Relay a guest's link streams to its XenStore domain socket.\n\n"
		"  --link PATH      QEMU's link chardev socket (server side is QEMU)\n"
		"  --xenstore PATH  xenstored-kvm's socket for this domain\n"
		"                   ($rundir/domain/<domid>)\n"
		"  --help           show this help\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "link", required_argument, NULL, 'l' },
		{ "xenstore", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sockaddr_un sa;
	struct event *sigs[2];
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'l': D.link_path = optarg; break;
		case 'x': D.xenstore_path = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !D.link_path || !D.xenstore_path) {
		usage(stderr);
		return 2;
	}
	if (strlen(D.link_path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "xen-kvm-linkd: path too long: %s\n", D.link_path);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	D.base = event_base_new();
	if (!D.base)
		return 1;
	D.retry = evtimer_new(D.base, try_connect, NULL);
	sigs[0] = evsignal_new(D.base, SIGTERM, on_signal, NULL);
	sigs[1] = evsignal_new(D.base, SIGINT, on_signal, NULL);
	evsignal_add(sigs[0], NULL);
	evsignal_add(sigs[1], NULL);
	try_connect(-1, 0, NULL);
	event_base_dispatch(D.base);
	link_relay_free(D.relay);
	event_free(D.retry);
	event_free(sigs[0]);
	event_free(sigs[1]);
	event_base_free(D.base);
	return 0;
}
