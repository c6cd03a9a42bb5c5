/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xcshim-vchan-alive LIBVCHAN DOMID PORT: loads Qubes' libvchan-xen (built
 * unmodified by tests/e2e/xcshim-qubes-vchan.sh) and asks it, as a client
 * of DOMID's vchan PORT that no server offers yet, whether to wait on: it
 * checks the peer with xc_domain_getinfo and xc_evtchn_status on
 * libxenctrl-shim. Prints "alive" (it waits: 1) or "dead" (-1); exit 1 on
 * anything else.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

typedef void *(*init_async_fn)(int domain, int port, int *watch_fd);
typedef int (*finish_fn)(void *ctrl, bool blocking);
typedef void (*close_fn)(void *ctrl);

int main(int argc, char **argv)
{
	init_async_fn init_async;
	finish_fn finish;
	close_fn done;
	void *lib, *ctrl;
	int fd, r;

	if (argc != 4) {
		fprintf(stderr, "usage: xcshim-vchan-alive LIBVCHAN DOMID PORT\n");
		return 2;
	}
	/* lazily: only the calls this path makes must resolve */
	lib = dlopen(argv[1], RTLD_LAZY);
	if (!lib) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return 1;
	}
	init_async = (init_async_fn)dlsym(lib, "libvchan_client_init_async");
	finish = (finish_fn)dlsym(lib, "libvchan_client_init_async_finish");
	done = (close_fn)dlsym(lib, "libvchan_close");
	if (!init_async || !finish || !done) {
		fprintf(stderr, "dlsym: %s\n", dlerror());
		return 1;
	}
	ctrl = init_async(atoi(argv[2]), atoi(argv[3]), &fd);
	if (!ctrl) {
		fprintf(stderr, "libvchan_client_init_async failed\n");
		return 1;
	}
	r = finish(ctrl, false);
	done(ctrl);
	if (r == 1 || r == -1) {
		printf("%s\n", r == 1 ? "alive" : "dead");
		return 0;
	}
	fprintf(stderr, "libvchan_client_init_async_finish: %d\n", r);
	return 1;
}
