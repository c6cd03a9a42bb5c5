/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * chan-relay PATH_A PATH_B: a chanrelay (xl-compat/runtime/chanrelay.h)
 * as a program, for the tests and the benchmark that relay between QEMUs
 * they start themselves.  Runs until SIGTERM/SIGINT; on SIGUSR1 prints
 * its counters ("moved A->B B->A connects A B") on stdout.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "chanrelay.h"

static struct chanrelay *relay;

static void on_signal(evutil_socket_t sig, short what, void *base)
{
	struct chanrelay_stats st;

	(void)what;
	if (sig != SIGUSR1) {
		event_base_loopexit(base, NULL);
		return;
	}
	chanrelay_stats(relay, &st);
	printf("moved %llu %llu connects %llu %llu\n",
	       (unsigned long long)st.moved[0], (unsigned long long)st.moved[1],
	       (unsigned long long)st.connects[0],
	       (unsigned long long)st.connects[1]);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct event_base *base;
	struct chanrelay_cfg cfg = { .min_ms = 10, .max_ms = 500 };
	static const int sigs[] = { SIGTERM, SIGINT, SIGUSR1 };
	struct event *ev[3];
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: chan-relay PATH_A PATH_B\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	cfg.path[0] = argv[1];
	cfg.path[1] = argv[2];
	relay = base ? chanrelay_new(base, &cfg) : NULL;
	if (!relay) {
		perror("chan-relay");
		return 1;
	}
	for (i = 0; i < 3; i++) {
		ev[i] = evsignal_new(base, sigs[i], on_signal, base);
		event_add(ev[i], NULL);
	}
	event_base_dispatch(base);
	for (i = 0; i < 3; i++)
		event_free(ev[i]);
	chanrelay_free(relay);
	event_base_free(base);
	return 0;
}
