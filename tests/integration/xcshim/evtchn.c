/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xc_evtchn_status and xc_evtchn_notify of libxenctrl-shim on the event
 * objects of libxenvchan-shim's vchans, as Qubes' libvchan-xen uses them:
 * both shared libraries loaded as a program built against Xen's would load
 * them (the shim's weak references resolved by the dynamic linker), two
 * ends of a vchan in this process through a real xenstored-kvm.  Run by
 * tests/integration/xcshim/evtchn.sh, which starts the daemon.
 */
#define XC_WANT_COMPAT_EVTCHN_API
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
/* first: it sets up the Xen headers libxenvchan.h includes too */
#include <xenctrl.h>
#include <libxenvchan.h>

static xc_interface *xch;
static int next_port = 1;

/* fd becomes readable within ms milliseconds */
static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms);
}

static struct libxenvchan *server(char *abs, size_t len)
{
	char rel[64];
	struct libxenvchan *s;

	snprintf(rel, sizeof(rel), "data/vchan/0/%d", next_port++);
	snprintf(abs, len, "/local/domain/0/%s", rel);
	s = libxenvchan_server_init(NULL, 0, rel, 0, 0);
	assert_non_null(s);
	return s;
}

/* status of one of our ports, asked as dom (DOMID_SELF, or 0: we are
 * Domain-0); -1 with errno on failure */
static int status(domid_t dom, evtchn_port_t port, xc_evtchn_status_t *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return xc_evtchn_status(xch, st);
}

static void test_unbound_server(void **state)
{
	char abs[96];
	struct libxenvchan *s = server(abs, sizeof(abs));
	xc_evtchn_status_t st;
	evtchn_port_t port = s->event_port;

	(void)state;
	assert_int_equal(status(DOMID_SELF, port, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 0);
	assert_int_equal(st.dom, DOMID_SELF);
	/* Domain-0 naming itself by number: the same port */
	assert_int_equal(status(0, port, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.dom, 0);
	libxenvchan_close(s);
	/* closed with its vchan: no longer a port of ours, and the last
	 * error says which */
	xc_clear_last_error(xch);
	assert_int_equal(status(DOMID_SELF, port, &st), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_not_equal(xc_get_last_error(xch)->code, XC_ERROR_NONE);
	assert_non_null(strstr(xc_get_last_error(xch)->message, "port"));
}

static void test_connected_and_notify(void **state)
{
	char abs[96];
	struct libxenvchan *s = server(abs, sizeof(abs)), *c;
	xc_evtchn_status_t st;

	(void)state;
	c = libxenvchan_client_init(NULL, 0, abs);
	assert_non_null(c);
	assert_int_equal(libxenvchan_is_open(s), 1);	/* takes the join in */
	assert_int_equal(status(DOMID_SELF, s->event_port, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.dom, 0);
	assert_int_equal(st.u.interdomain.port, c->event_port);
	assert_int_equal(status(DOMID_SELF, c->event_port, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.port, s->event_port);
	/* the join itself may leave an event pending (the client's connect
	 * kick): take it, so what follows is the notify alone */
	if (readable(libxenvchan_fd_for_select(s), 0) == 1)
		assert_int_equal(libxenvchan_wait(s), 0);
	/* nothing pending, then Qubes' wake-up after joining: the server's
	 * fd becomes readable and its wait returns */
	assert_int_equal(readable(libxenvchan_fd_for_select(s), 0), 0);
	assert_int_equal(xc_evtchn_notify(c->event, c->event_port), 0);
	assert_int_equal(readable(libxenvchan_fd_for_select(s), 5000), 1);
	assert_int_equal(libxenvchan_wait(s), 0);
	/* and the other way */
	assert_int_equal(xc_evtchn_notify(s->event, s->event_port), 0);
	assert_int_equal(readable(libxenvchan_fd_for_select(c), 5000), 1);
	assert_int_equal(libxenvchan_wait(c), 0);
	/* a port the handle does not hold, a handle that is no vchan's */
	xc_clear_last_error(xch);
	assert_int_equal(xc_evtchn_notify(c->event, c->event_port + 1000), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(xc_get_last_error(NULL)->message, "xc_evtchn_notify"));
	assert_int_equal(xc_evtchn_notify((xc_evtchn *)&st, 1), -1);
	assert_int_equal(errno, EBADF);
	libxenvchan_close(c);
	libxenvchan_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unbound_server),
		cmocka_unit_test(test_connected_and_notify),
	};
	int r;

	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch)
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	xc_interface_close(xch);
	return r;
}
